package dev.upgradeledger.events;

/** Run the plan backwards for the nodes already upgraded. Refused after a destructive schema change. */
public record RollBackUpgrade(ClusterId clusterId, UpgradeId upgradeId, String reason) implements ClusterCommand {

    public RollBackUpgrade {
        Validation.require(clusterId != null, "clusterId is required");
        Validation.require(upgradeId != null, "upgradeId is required");
        InputLimits.requireReason(reason);
    }
}
