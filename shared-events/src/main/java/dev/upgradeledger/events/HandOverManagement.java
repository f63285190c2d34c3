package dev.upgradeledger.events;

/**
 * Pass management from the current manager to another; the epoch rises, so the old manager's steps become stale.
 */
public record HandOverManagement(ClusterId clusterId, String fromManagerId,
                                 String toManagerId) implements ClusterCommand {

    public HandOverManagement {
        Validation.require(clusterId != null, "clusterId is required");
        Validation.require(fromManagerId != null && toManagerId != null && !fromManagerId.equals(toManagerId),
                "hand-over needs two different managers");
        Validation.require(fromManagerId.matches("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")
                        && toManagerId.matches("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}"),
                "managerIds must be 1-64 letters, digits or ._:- characters");
    }
}
