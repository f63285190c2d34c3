package dev.upgradeledger.events;

/**
 * Give up on finalizing a completed upgrade (one that left nodes behind, or whose new features are not wanted): the
 * finalize gate opens for the next upgrade, the feature gate stays closed until every node runs one version.
 */
public record AbandonUpgrade(ClusterId clusterId, UpgradeId upgradeId, String reason) implements ClusterCommand {

    public AbandonUpgrade {
        Validation.require(clusterId != null, "clusterId is required");
        Validation.require(upgradeId != null, "upgradeId is required");
    }
}
