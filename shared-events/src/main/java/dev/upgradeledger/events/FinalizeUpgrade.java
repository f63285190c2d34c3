package dev.upgradeledger.events;

/** Close a completed upgrade: the mixed-version window ends and new-version features may be used. */
public record FinalizeUpgrade(ClusterId clusterId, UpgradeId upgradeId) implements ClusterCommand {

    public FinalizeUpgrade {
        Validation.require(clusterId != null, "clusterId is required");
        Validation.require(upgradeId != null, "upgradeId is required");
    }
}
