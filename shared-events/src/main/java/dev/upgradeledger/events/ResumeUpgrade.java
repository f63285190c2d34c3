package dev.upgradeledger.events;

/** Go on with a paused upgrade; failed steps are started again as new attempts. */
public record ResumeUpgrade(ClusterId clusterId, UpgradeId upgradeId) implements ClusterCommand {

    public ResumeUpgrade {
        Validation.require(clusterId != null, "clusterId is required");
        Validation.require(upgradeId != null, "upgradeId is required");
    }
}
