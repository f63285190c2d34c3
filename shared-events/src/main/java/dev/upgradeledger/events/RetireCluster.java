package dev.upgradeledger.events;

/** Retire the cluster (the source of a finished migration); its history stays. */
public record RetireCluster(ClusterId clusterId, String reason) implements ClusterCommand {

    public RetireCluster {
        Validation.require(clusterId != null, "clusterId is required");
        InputLimits.requireReason(reason);
    }
}
