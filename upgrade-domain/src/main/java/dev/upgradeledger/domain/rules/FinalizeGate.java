package dev.upgradeledger.domain.rules;

import dev.upgradeledger.domain.decide.ClusterSnapshot;
import dev.upgradeledger.domain.decide.NodeSnapshot;
import dev.upgradeledger.domain.decide.Refusal;
import dev.upgradeledger.events.Rule;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.events.Version;
import java.util.List;
import java.util.Optional;

/**
 * The finalize gate: "during the whole process of the rolling upgrade it is not permitted to use new features"
 * (Camunda). A completed upgrade leaves the mixed-version window open until it is finalized; finalizing needs every
 * node on the target version; the next upgrade waits for it (or for the upgrade to be abandoned).
 */
public final class FinalizeGate {

    /** Whether new-version features may be used, and why not. */
    public record FeatureGate(boolean open, String reason) {
    }

    /** The next upgrade of the cluster. */
    public Optional<Refusal> nextUpgrade(ClusterSnapshot cluster) {
        if (cluster.unfinalized() == null) {
            return Optional.empty();
        }
        UpgradeId last = cluster.unfinalized();
        return Optional.of(Refusal.of(Rule.FINALIZE_BEFORE_NEXT_UPGRADE, "upgrade " + last + " of " + cluster.id()
                        + " completed but is not finalized; " + Rule.FINALIZE_BEFORE_NEXT_UPGRADE.sentence()
                        + " (" + Rule.FINALIZE_BEFORE_NEXT_UPGRADE.guide() + ")",
                "finalize it (POST /api/v1/clusters/" + cluster.id() + "/upgrades/" + last + "/finalize) or abandon"
                        + " it (POST /api/v1/clusters/" + cluster.id() + "/upgrades/" + last + "/abandon)"));
    }

    /** Finalizing {@code upgrade}, which went to {@code target}. */
    public Optional<Refusal> finalize(ClusterSnapshot cluster, UpgradeId upgrade) {
        if (!upgrade.equals(cluster.unfinalized())) {
            return Optional.of(Refusal.of(Rule.NOTHING_TO_FINALIZE, "upgrade " + upgrade
                    + " is not a completed upgrade waiting to be finalized"));
        }
        Version target = cluster.version();
        List<NodeSnapshot> behind = cluster.nodes().stream().filter(node -> !node.version().equals(target)).toList();
        if (behind.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Refusal.of(Rule.FINALIZE_NEEDS_EVERY_NODE_ON_TARGET, "upgrade " + upgrade + " went to "
                        + target + " but not every node runs it: " + describe(behind) + "; "
                        + Rule.FINALIZE_NEEDS_EVERY_NODE_ON_TARGET.sentence() + " ("
                        + Rule.FINALIZE_NEEDS_EVERY_NODE_ON_TARGET.guide() + ")",
                "abandon it (POST /api/v1/clusters/" + cluster.id() + "/upgrades/" + upgrade + "/abandon), then"
                        + " remove the nodes left behind or converge them with an upgrade to " + target));
    }

    /** Abandoning {@code upgrade}: only a completed, unfinalized one. */
    public Optional<Refusal> abandon(ClusterSnapshot cluster, UpgradeId upgrade) {
        if (upgrade.equals(cluster.unfinalized())) {
            return Optional.empty();
        }
        return Optional.of(Refusal.of(Rule.NOTHING_TO_ABANDON, "upgrade " + upgrade + " is not a completed upgrade"
                + " waiting to be finalized", upgrade.equals(cluster.activeUpgrade())
                ? "abort it instead (POST .../upgrades/" + upgrade + "/abort)" : null));
    }

    /** Whether clients may use new-version features now. */
    public FeatureGate featureGate(ClusterSnapshot cluster) {
        if (cluster.activeUpgrade() != null) {
            return new FeatureGate(false, "upgrade " + cluster.activeUpgrade() + " is running");
        }
        if (cluster.unfinalized() != null) {
            return new FeatureGate(false, "upgrade " + cluster.unfinalized() + " is not finalized");
        }
        if (cluster.nodes().stream().anyMatch(node -> !node.version().equals(cluster.version()))) {
            return new FeatureGate(false, "the nodes run different versions: " + cluster.describeVersionsFound());
        }
        return new FeatureGate(true, "every node runs " + cluster.version() + " and no upgrade is open");
    }

    private static String describe(List<NodeSnapshot> nodes) {
        return String.join(", ", nodes.stream().map(node -> node.id() + " on " + node.version()).toList());
    }
}
