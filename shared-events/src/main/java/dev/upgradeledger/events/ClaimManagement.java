package dev.upgradeledger.events;

/** Make {@code managerId} the cluster's manager; refused while another manager holds it (hand it over instead). */
public record ClaimManagement(ClusterId clusterId, String managerId) implements ClusterCommand {

    public ClaimManagement {
        Validation.require(clusterId != null, "clusterId is required");
        Validation.require(managerId != null && managerId.matches("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}"),
                "managerId must be 1-64 letters, digits or ._:- characters");
    }
}
