package dev.upgradeledger.events;

/** Give the upgrade up; nodes stay where they are and isolated nodes are reported. */
public record AbortUpgrade(ClusterId clusterId, UpgradeId upgradeId, String reason) implements ClusterCommand {

    public AbortUpgrade {
        Validation.require(clusterId != null, "clusterId is required");
        Validation.require(upgradeId != null, "upgradeId is required");
        InputLimits.requireReason(reason);
    }
}
