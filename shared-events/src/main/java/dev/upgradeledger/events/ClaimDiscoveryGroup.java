package dev.upgradeledger.events;

/**
 * Make {@code managerClusterId} the manager of the discovery group {@code group} of cluster {@code clusterId} (the
 * group's home). Refused while another cluster manages the group ({@code group-managed-elsewhere}); a claim by the
 * cluster that manages it already changes nothing, so a resent claim counts once.
 */
public record ClaimDiscoveryGroup(ClusterId clusterId, String group, ClusterId managerClusterId)
        implements ClusterCommand {

    public ClaimDiscoveryGroup {
        Validation.require(clusterId != null, "clusterId is required");
        DiscoveryGroupName.require(group);
        Validation.require(managerClusterId != null, "managerClusterId is required: the cluster that claims the group");
    }
}
