package dev.upgradeledger.domain.rules;

import dev.upgradeledger.domain.decide.ClusterSnapshot;
import dev.upgradeledger.domain.decide.NodeSnapshot;
import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.MaxUnavailable;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.PolicyRules;
import dev.upgradeledger.events.ReleaseCatalog;
import dev.upgradeledger.events.ReleaseLine;
import dev.upgradeledger.events.RequestUpgrade;
import dev.upgradeledger.events.SchemaChange;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.events.UpgradeStrategy;
import dev.upgradeledger.events.Version;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/** Clusters of the five guides as snapshots, for the rules' given/when/then tests. */
final class Snapshots {

    static final ReleaseCatalog IPFS_CATALOG = new ReleaseCatalog(List.of(
            line("1.0", "1.0.7", "1.0.8", "1.0.9"), line("1.1", "1.1.0", "1.1.1")));
    static final ReleaseCatalog CAMUNDA_CATALOG = new ReleaseCatalog(List.of(
            line("7.4", "7.4"), line("7.5", "7.5"), line("7.6", "7.6")));
    static final PolicyRules CAMUNDA_RULES = new PolicyRules(true, true, false, true, false);
    static final ReleaseCatalog BACKEND_AI_CATALOG = new ReleaseCatalog(List.of(
            line("23.09", IntStream.rangeClosed(0, 10).mapToObj(i -> "23.09." + i).toArray(String[]::new)),
            line("24.03", "24.03.0", "24.03.1")));

    private Snapshots() {
    }

    /** A cluster whose nodes run the given versions (node i runs versions[i]); the cluster's version is the first. */
    static ClusterSnapshot cluster(String id, ReleaseCatalog catalog, PolicyRules rules, String schema,
                                   String... nodeVersions) {
        List<NodeSnapshot> nodes = new ArrayList<>();
        for (int i = 0; i < nodeVersions.length; i++) {
            nodes.add(new NodeSnapshot(NodeId.of("node-" + (i + 1)), null, Version.of(nodeVersions[i]), false));
        }
        return new ClusterSnapshot(ClusterId.of(id), "product", Version.of(nodeVersions[0]), Version.of(schema), nodes,
                catalog, catalog == null ? null : rules, null, false, null, null);
    }

    static ClusterSnapshot ipfs(String... nodeVersions) {
        return cluster("ipfs-eu", IPFS_CATALOG, PolicyRules.STRICT, "1", nodeVersions);
    }

    static ClusterSnapshot withUnfinalized(ClusterSnapshot cluster, String upgrade) {
        return new ClusterSnapshot(cluster.id(), cluster.product(), cluster.version(), cluster.schemaVersion(),
                cluster.nodes(), cluster.catalog(), cluster.rules(), cluster.managerId(), cluster.retired(),
                cluster.activeUpgrade(), UpgradeId.of(upgrade));
    }

    static RequestUpgrade request(ClusterSnapshot cluster, String target, UpgradeStrategy strategy,
                                  SchemaChange schemaChange) {
        return new RequestUpgrade(cluster.id(), UpgradeId.of("u-1"), Version.of(target), null, strategy, schemaChange,
                false, strategy == UpgradeStrategy.ROLLING ? MaxUnavailable.of("1") : null, false, null, null, false,
                false, 3, Duration.ofMinutes(10));
    }

    static ReleaseLine line(String name, String... versions) {
        return new ReleaseLine(name, Arrays.stream(versions).map(Version::of).toList());
    }
}
