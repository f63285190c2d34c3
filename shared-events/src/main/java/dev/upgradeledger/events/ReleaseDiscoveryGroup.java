package dev.upgradeledger.events;

/**
 * {@code managerClusterId} stops managing the discovery group {@code group} of cluster {@code clusterId}. Refused when
 * another cluster manages it ({@code not-the-group-manager}); a release of a group nobody manages changes nothing, so
 * a resent release counts once.
 */
public record ReleaseDiscoveryGroup(ClusterId clusterId, String group, ClusterId managerClusterId)
        implements ClusterCommand {

    public ReleaseDiscoveryGroup {
        Validation.require(clusterId != null, "clusterId is required");
        DiscoveryGroupName.require(group);
        Validation.require(managerClusterId != null, "managerClusterId is required: the cluster that releases the group");
    }
}
