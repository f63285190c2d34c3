package dev.upgradeledger.domain.profile;

import dev.upgradeledger.domain.profile.ProductProfile.ExtraStep;
import dev.upgradeledger.domain.profile.ProductProfile.Role;
import dev.upgradeledger.domain.rules.VersionScheme;
import dev.upgradeledger.events.PolicyRules;
import dev.upgradeledger.events.ReleaseCatalog;
import dev.upgradeledger.events.ReleaseLine;
import dev.upgradeledger.events.Version;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** The five guides of {@code ../shared/seeds/} as profiles a user can read, copy and change. */
public final class BuiltInProfiles {

    public static final ProductProfile CAMUNDA = new ProductProfile("camunda",
            "Camunda rolling upgrade: schema first (additive), then the engines one by one; no new features until"
                    + " every engine runs the new version",
            VersionScheme.NUMERIC,
            new ReleaseCatalog(List.of(line("7.4", "7.4"), line("7.5", "7.5"), line("7.6", "7.6"))),
            new PolicyRules(true, true, false, true, false), false,
            List.of(new Role("engine", true)), null, List.of(), false,
            ProductProfile.MajorHop.FIRST_NUMBER);

    public static final ProductProfile BACKEND_AI = new ProductProfile("backend.ai",
            "Backend.AI: upgrade the manager first (alembic upgrade head; for a major also apply-mission-revisions"
                    + " <previous version>), then the other components, each stop -> install -> restart; latest minor"
                    + " before a major; a major is never rolling; halt mission-critical workloads",
            VersionScheme.NUMERIC,
            new ReleaseCatalog(List.of(
                    line("23.09", IntStream.rangeClosed(0, 10).mapToObj(i -> "23.09." + i).toArray(String[]::new)),
                    line("24.03", IntStream.rangeClosed(0, 5).mapToObj(i -> "24.03." + i).toArray(String[]::new)))),
            PolicyRules.STRICT, false,
            List.of(new Role("manager", false), new Role("agent", true), new Role("storage-proxy", true),
                    new Role("webserver", true)),
            "manager",
            List.of(new ExtraStep(ProductProfile.MAJOR, "manager", "APPLY_MISSION_REVISIONS",
                    Map.of("previousVersion", "{fromVersion}"))),
            true, ProductProfile.MajorHop.NEW_LINE,
            "read the release notes and the changelog of the target version (Backend.AI: the first step of every"
                    + " upgrade)");

    public static final ProductProfile IPFS_CLUSTER = new ProductProfile("ipfs-cluster",
            "IPFS Cluster: all the cluster peers need to run the same cluster version (X.X.X, including the patch"
                    + " number); a state upgrade needs the peers offline (export, upgrade, state upgrade, rejoin)",
            VersionScheme.NUMERIC, null, null, false, List.of(new Role("peer", true)), null, List.of(), false,
            ProductProfile.MajorHop.FIRST_NUMBER);

    public static final ProductProfile INMANTA = new ProductProfile("inmanta",
            "Inmanta: install the new version on a new orchestrator, migrate the projects to it, one major at a time",
            VersionScheme.NUMERIC, null, null, false, List.of(new Role("orchestrator", false)), null, List.of(),
            false, ProductProfile.MajorHop.NEW_LINE, null, ProductProfile.MigrationProcedure.PER_ENVIRONMENT);

    public static final ProductProfile REPLICANTE = new ProductProfile("replicante",
            "Replicante: a second cluster on the new version takes the workloads over; two managers must never drive"
                    + " the same cluster",
            VersionScheme.NUMERIC, null, null, false, List.of(new Role("node", true)), null, List.of(), false,
            ProductProfile.MajorHop.FIRST_NUMBER,
            "read the upgrade notes and the changelog of the target version (Replicante: the first step of every"
                    + " upgrade)");

    public static final List<ProductProfile> ALL = List.of(CAMUNDA, BACKEND_AI, IPFS_CLUSTER, INMANTA, REPLICANTE);

    private BuiltInProfiles() {
    }

    public static Optional<ProductProfile> find(String product) {
        return ALL.stream().filter(profile -> profile.product().equals(product)).findFirst();
    }

    private static ReleaseLine line(String name, String... versions) {
        return new ReleaseLine(name, Stream.of(versions).map(Version::of).toList());
    }

}
