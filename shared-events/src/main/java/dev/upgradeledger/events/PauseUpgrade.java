package dev.upgradeledger.events;

/** Stop starting new steps; steps already started may still report. */
public record PauseUpgrade(ClusterId clusterId, UpgradeId upgradeId, String reason) implements ClusterCommand {

    public PauseUpgrade {
        Validation.require(clusterId != null, "clusterId is required");
        Validation.require(upgradeId != null, "upgradeId is required");
        InputLimits.requireReason(reason);
    }
}
