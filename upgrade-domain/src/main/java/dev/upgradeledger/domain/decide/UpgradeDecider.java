package dev.upgradeledger.domain.decide;

import dev.upgradeledger.domain.plan.PlanNode;
import dev.upgradeledger.domain.plan.PlanGates;
import dev.upgradeledger.domain.plan.PlanRequest;
import dev.upgradeledger.domain.plan.PlanResult;
import dev.upgradeledger.domain.plan.RecordedExport;
import dev.upgradeledger.domain.plan.UpgradePlanner;
import dev.upgradeledger.domain.policy.Hop;
import dev.upgradeledger.domain.policy.VersionPolicy;
import dev.upgradeledger.domain.profile.ProductProfile;
import dev.upgradeledger.domain.rules.MigrationTargetPolicy;
import dev.upgradeledger.domain.rules.SchemaOrderPolicy;
import dev.upgradeledger.domain.rules.SingleVersionPolicy;
import dev.upgradeledger.domain.rules.VersionPathPolicy;
import dev.upgradeledger.domain.rules.VersionScheme;
import dev.upgradeledger.domain.rules.WorkloadsPolicy;
import dev.upgradeledger.events.RequestUpgrade;
import dev.upgradeledger.events.Rule;
import dev.upgradeledger.events.SchemaChange;
import dev.upgradeledger.events.UpgradeStrategy;
import dev.upgradeledger.events.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides an upgrade request over an immutable {@link ClusterSnapshot}: pure, no framework, no I/O. The rules are
 * checked in this order, the first one broken answers: the migration target ({@link MigrationTargetPolicy}), one
 * version across the cluster ({@link SingleVersionPolicy}), the version path and the strategy per hop
 * ({@link VersionPathPolicy}), a migration is one hop, the schema never behind the nodes
 * ({@link SchemaOrderPolicy}: a declared schema change or target schema version behind the hop's version is refused;
 * a request that declares no schema change is taken at its word that the new version runs on the current schema, and
 * the plan lists the rule as not checked), then each hop's plan ({@link UpgradePlanner}). The state guards (retired, an upgrade
 * already active, the finalize gate) are the aggregate's, before it asks.
 */
public final class UpgradeDecider {

    private final VersionScheme scheme;
    private final MigrationTargetPolicy migrationTarget = new MigrationTargetPolicy();
    private final SingleVersionPolicy singleVersion;
    private final VersionPathPolicy versionPath;
    private final SchemaOrderPolicy schemaOrder = new SchemaOrderPolicy();
    private final UpgradePlanner planner = new UpgradePlanner();
    private final WorkloadsPolicy workloads = new WorkloadsPolicy();

    public UpgradeDecider() {
        this(VersionScheme.NUMERIC);
    }

    public UpgradeDecider(VersionScheme scheme) {
        this.scheme = scheme;
        this.singleVersion = new SingleVersionPolicy(scheme);
        this.versionPath = new VersionPathPolicy(scheme);
    }

    public UpgradeVerdict decide(ClusterSnapshot cluster, RequestUpgrade request, Optional<ClusterSnapshot> target) {
        return decide(cluster, request, target, Optional.empty());
    }

    /**
     * As {@link #decide(ClusterSnapshot, RequestUpgrade, Optional)}; a RESTORE is decided over {@code export}, the state
     * export it starts from (see {@link #decideRestore}).
     */
    public UpgradeVerdict decide(ClusterSnapshot cluster, RequestUpgrade request, Optional<ClusterSnapshot> target,
                                 Optional<RecordedExport> export) {
        if (request.strategy() == UpgradeStrategy.RESTORE) {
            return decideRestore(cluster, request, export);
        }
        List<PlanNode> targetNodes = null;
        if (request.strategy().movesToAnotherCluster()) {
            Optional<Refusal> refusal = migrationTarget.check(cluster, request.targetClusterId(), target);
            if (refusal.isPresent()) {
                return new UpgradeVerdict.Refused(refusal.get());
            }
            targetNodes = target.orElseThrow().nodes().stream()
                    .map(node -> new PlanNode(node.id(), node.group(), node.version())).toList();
        }
        Optional<Refusal> diverged = singleVersion.upgrade(cluster, request.targetVersion());
        if (diverged.isPresent()) {
            return new UpgradeVerdict.Refused(diverged.get());
        }
        VersionPathPolicy.Path path;
        if (cluster.diverged() && cluster.version().equals(request.targetVersion())) {
            // Converging the nodes left behind onto the cluster's own version: each one's path was checked above.
            path = new VersionPathPolicy.Path(List.of(new Hop(cluster.version(), cluster.version(), false)), List.of(),
                    null);
        } else if (cluster.catalog() == null && request.targetVersion().equals(cluster.version())
                && request.schemaChange() == SchemaChange.NONE) {
            return refused(Refusal.of(Rule.SAME_VERSION, "the cluster already runs " + cluster.version()));
        } else {
            path = versionPath.path(cluster, request.targetVersion(), request.strategy(), request.followPath());
        }
        if (path.refused()) {
            return refused(path.refusal());
        }
        List<Hop> hops = path.hops();
        if (request.strategy().movesToAnotherCluster() && hops.size() > 1) {
            return refused(new Refusal(Rule.MIGRATION_IS_ONE_HOP, "a migration moves to one new version; the target"
                    + " cluster cannot run every version of the path " + Refusal.versionsOf(hops),
                    "migrate to " + hops.get(0).to() + " first", Refusal.versionsOf(hops)));
        }
        List<UncheckedRule> unchecked = new ArrayList<>(path.unchecked());
        VersionPolicy policy = cluster.policy().orElse(null);
        List<HopPlan> plans = new ArrayList<>();
        Version simulatedSchema = cluster.schemaVersion();
        boolean schemaOrderChecked = true;
        for (int i = 0; i < hops.size(); i++) {
            Hop hop = hops.get(i);
            Version toSchema = targetSchema(request, hop, i == hops.size() - 1, simulatedSchema);
            if (!request.strategy().movesToAnotherCluster()) {
                if (!schemaOrder.ordered(policy, hop.to(), toSchema)) {
                    schemaOrderChecked = false;
                } else if (schemaUndeclared(request)) {
                    if (schemaOrder.checkHop(policy, hop.to(), toSchema).isPresent()) {
                        unchecked.add(new UncheckedRule(Rule.NODE_NOT_NEWER_THAN_SCHEMA.id(), "no schema change was"
                                + " declared, so " + hop.to() + " is taken to run on schema " + toSchema
                                + "; declare schemaChange ADDITIVE if it needs a newer one"));
                    }
                } else {
                    Optional<Refusal> behind = schemaOrder.checkHop(policy, hop.to(), toSchema);
                    if (behind.isPresent()) {
                        return refused(behind.get());
                    }
                }
            }
            boolean major = major(cluster, hop);
            PlanResult result = planner.plan(planRequest(cluster, request, hop.from(), hop.to(), simulatedSchema,
                    toSchema, targetNodes, major));
            if (result instanceof PlanResult.Refused planRefused) {
                return refused(Refusal.of(Rule.byId(planRefused.rule()).orElseThrow(), planRefused.reason()));
            }
            plans.add(new HopPlan(hop.from(), hop.to(), toSchema, workloads.apply(cluster.profile(),
                    request.strategy(), cluster.id(), hop.from(), hop.to(), major,
                    ((PlanResult.Planned) result).plan())));
            componentOrderUnchecked(cluster, request, major).ifPresent(why -> {
                if (unchecked.stream().noneMatch(rule -> rule.rule().equals(Rule.COMPONENT_ORDER.id()))) {
                    unchecked.add(new UncheckedRule(Rule.COMPONENT_ORDER.id(), why));
                }
            });
            simulatedSchema = toSchema;
        }
        if (!schemaOrderChecked) {
            unchecked.add(new UncheckedRule(Rule.NODE_NOT_NEWER_THAN_SCHEMA.id(), "the release catalog cannot order"
                    + " the schema version " + cluster.schemaVersion() + " against the nodes' versions"
                    + (request.strategy() == UpgradeStrategy.ROLLING ? "; a rolling upgrade waits for the plan's"
                    + " schema instead" : "")));
        }
        return new UpgradeVerdict.Accepted(plans, unchecked);
    }

    /**
     * IPFS Cluster disaster recovery: refused without an export ({@code no-export-recorded}). The peers may run
     * different versions (that is why it is done), so one version across the cluster is not asked; the version rules
     * apply to the one hop from the version the export was taken on to the target ({@code restore-is-one-hop} when the
     * catalog asks for more), and the plan starts from the export's schema (state format).
     */
    private UpgradeVerdict decideRestore(ClusterSnapshot cluster, RequestUpgrade request,
                                         Optional<RecordedExport> found) {
        if (found.isEmpty()) {
            return refused(Refusal.of(Rule.NO_EXPORT_RECORDED, request.restoreFrom() == null
                            ? "no upgrade of " + cluster.id() + " recorded a state export to restore"
                            : "upgrade " + request.restoreFrom() + " recorded no state export on " + cluster.id(),
                    "a REJOIN or OFFLINE upgrade exports the state before anything else; name an upgrade that"
                            + " recorded one with restoreFrom, or leave it out to restore the last one"));
        }
        RecordedExport export = found.get();
        ClusterSnapshot atExport = new ClusterSnapshot(cluster.id(), cluster.product(), export.version(),
                export.schemaVersion(), cluster.nodes(), cluster.catalog(), cluster.rules(), cluster.managerId(),
                cluster.retired(), cluster.activeUpgrade(), cluster.unfinalized(), cluster.profile(), cluster.labels());
        List<Hop> hops;
        List<UncheckedRule> unchecked = List.of();
        if (export.version().equals(request.targetVersion())) {
            hops = List.of(new Hop(export.version(), export.version(), false));
        } else {
            VersionPathPolicy.Path path = versionPath.path(atExport, request.targetVersion(), request.strategy(),
                    false);
            if (path.refused()) {
                Refusal refusal = path.refusal();
                return refused(refusal.allowedPath().size() > 2 ? new Refusal(Rule.RESTORE_IS_ONE_HOP,
                        "the export of upgrade " + export.upgradeId() + " was taken on " + export.version()
                                + "; the catalog does not allow " + export.version() + " -> "
                                + request.targetVersion() + " in one hop: " + refusal.detail(),
                        "restore to " + refusal.allowedPath().get(1) + " first, then upgrade",
                        refusal.allowedPath()) : refusal);
            }
            hops = path.hops();
            unchecked = path.unchecked();
        }
        Hop hop = hops.get(0);
        Version toSchema = targetSchema(request, hop, true, export.schemaVersion());
        boolean major = major(atExport, hop);
        PlanResult result = planner.planRestore(planRequest(atExport, request, hop.from(), hop.to(),
                export.schemaVersion(), toSchema, null, major), export);
        if (result instanceof PlanResult.Refused planRefused) {
            return refused(Refusal.of(Rule.byId(planRefused.rule()).orElseThrow(), planRefused.reason()));
        }
        return new UpgradeVerdict.Accepted(List.of(new HopPlan(hop.from(), hop.to(), toSchema,
                workloads.apply(cluster.profile(), request.strategy(), cluster.id(), hop.from(), hop.to(), major,
                        ((PlanResult.Planned) result).plan()))), unchecked);
    }

    /**
     * The plan of a later hop of a followed path, when it starts: the hop's own plan over the cluster as it is then.
     */
    public PlanResult planNextHop(ClusterSnapshot cluster, RequestUpgrade request, Version from, Version to,
                                  boolean lastHop) {
        Hop hop = cluster.policy().filter(policy -> policy.knows(from) && policy.knows(to))
                .map(policy -> policy.hop(from, to)).orElse(new Hop(from, to, false));
        Version toSchema = targetSchema(request, hop, lastHop, cluster.schemaVersion());
        boolean major = major(cluster, hop);
        PlanResult result = planner.plan(planRequest(cluster, request, from, to, cluster.schemaVersion(), toSchema,
                null, major));
        return result instanceof PlanResult.Planned planned ? new PlanResult.Planned(workloads.apply(cluster.profile(),
                request.strategy(), cluster.id(), from, to, major, planned.plan())) : result;
    }

    /** Whether a hop is a major upgrade: by the product's profile, else when the first number changes. */
    private boolean major(ClusterSnapshot cluster, Hop hop) {
        return cluster.profile() != null ? cluster.profile().isMajor(hop)
                : ProductProfile.MajorHop.FIRST_NUMBER.isMajor(hop, scheme);
    }

    /**
     * Why the profile's component order cannot be followed: it declares several roles or extra steps for this hop, but
     * no node of the cluster carries one of its roles.
     */
    private static Optional<String> componentOrderUnchecked(ClusterSnapshot cluster, RequestUpgrade request,
                                                            boolean major) {
        ProductProfile profile = cluster.profile();
        if (profile == null || request.strategy().movesToAnotherCluster()
                || (profile.roles().size() < 2 && profile.extraStepsFor(major).isEmpty())) {
            return Optional.empty();
        }
        boolean rolesKnown = cluster.activeNodes().stream()
                .anyMatch(node -> node.role() != null && profile.role(node.role()).isPresent());
        if (rolesKnown) {
            return Optional.empty();
        }
        return Optional.of("no node of " + cluster.id() + " carries a role of the " + profile.product() + " profile "
                + profile.roles().stream().map(ProductProfile.Role::name).toList() + ", so the nodes are upgraded"
                + " without its order" + (profile.extraStepsFor(major).isEmpty() ? "" : " and without its extra steps "
                + profile.extraStepsFor(major).stream().map(ProductProfile.ExtraStep::action).toList())
                + "; register the nodes with their role");
    }

    /** The schema version a hop ends on: the requested one on the last hop, else the hop's version when it changes. */
    public static Version targetSchema(RequestUpgrade request, Hop hop, boolean lastHop, Version currentSchema) {
        if (lastHop && request.targetSchemaVersion() != null) {
            return request.targetSchemaVersion();
        }
        return request.schemaChange() == SchemaChange.NONE ? currentSchema : hop.to();
    }

    /** The request says nothing about the schema: no change, no target schema version. */
    private static boolean schemaUndeclared(RequestUpgrade request) {
        return request.schemaChange() == SchemaChange.NONE && request.targetSchemaVersion() == null;
    }

    public VersionScheme scheme() {
        return scheme;
    }

    private static PlanRequest planRequest(ClusterSnapshot cluster, RequestUpgrade request, Version from, Version to,
                                           Version fromSchema, Version toSchema, List<PlanNode> targetNodes,
                                           boolean major) {
        List<PlanNode> planNodes = cluster.activeNodes().stream()
                .map(node -> new PlanNode(node.id(), node.group(),
                        node.version().equals(cluster.version()) ? from : node.version(), node.role()))
                .toList();
        return new PlanRequest(cluster.id(), planNodes, fromSchema, request.strategy(), to, toSchema,
                request.schemaChange(), request.stateFormatChange(), request.maxUnavailable(), request.byGroup(),
                request.targetClusterId(), targetNodes,
                cluster.profile() == null ? null : new PlanRequest.ProfileHop(cluster.profile(), from, major),
                new PlanGates(request.soakTime(), request.approvalBefore(), request.approvalTimeout()));
    }

    private static UpgradeVerdict refused(Refusal refusal) {
        return new UpgradeVerdict.Refused(refusal);
    }
}
