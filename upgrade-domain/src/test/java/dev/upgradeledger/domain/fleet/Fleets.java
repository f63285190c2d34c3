package dev.upgradeledger.domain.fleet;

import dev.upgradeledger.domain.decide.ClusterSnapshot;
import dev.upgradeledger.domain.decide.NodeSnapshot;
import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.PolicyRules;
import dev.upgradeledger.events.ReleaseCatalog;
import dev.upgradeledger.events.ReleaseLine;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.events.UpgradeStrategy;
import dev.upgradeledger.events.Version;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Fleets of clusters for the fleet rules' given/when/then tests. */
final class Fleets {

    static final ReleaseCatalog CATALOG = new ReleaseCatalog(List.of(
            line("1.0", "1.0.7", "1.0.8", "1.0.9"), line("1.1", "1.1.0", "1.1.1")));
    static final UpgradeSettings OFFLINE = new UpgradeSettings(UpgradeStrategy.OFFLINE, null, false, null, false,
            null, 0, null);

    private Fleets() {
    }

    /** A cluster of product {@code acme} whose nodes run the given versions; the cluster's is the first. */
    static ClusterSnapshot cluster(String id, String... nodeVersions) {
        return clusterOf(id, "acme", null, nodeVersions);
    }

    static ClusterSnapshot clusterOf(String id, String product, UpgradeId active, String... nodeVersions) {
        List<NodeSnapshot> nodes = new ArrayList<>();
        for (int i = 0; i < nodeVersions.length; i++) {
            nodes.add(new NodeSnapshot(NodeId.of("node-" + (i + 1)), null, Version.of(nodeVersions[i]), false));
        }
        return new ClusterSnapshot(ClusterId.of(id), product, Version.of(nodeVersions[0]), Version.of("1"), nodes,
                CATALOG, PolicyRules.STRICT, null, false, active, null);
    }

    /** The same cluster carrying {@code labels} in its snapshot. */
    static ClusterSnapshot labelled(ClusterSnapshot c, Map<String, String> labels) {
        return new ClusterSnapshot(c.id(), c.product(), c.version(), c.schemaVersion(), c.nodes(), c.catalog(),
                c.rules(), c.managerId(), c.retired(), c.activeUpgrade(), c.unfinalized(), c.profile(), labels);
    }

    static FleetMember member(ClusterSnapshot cluster, String... labels) {
        Map<String, String> map = new java.util.HashMap<>();
        for (String label : labels) {
            map.put(label.substring(0, label.indexOf('=')), label.substring(label.indexOf('=') + 1));
        }
        return new FleetMember(cluster, map);
    }

    static List<ClusterId> ids(String prefix, int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> ClusterId.of(String.format("%s-%02d", prefix, i)))
                .toList();
    }

    static ClusterId id(String value) {
        return ClusterId.of(value);
    }

    static ReleaseLine line(String name, String... versions) {
        return new ReleaseLine(name, Arrays.stream(versions).map(Version::of).toList());
    }
}
