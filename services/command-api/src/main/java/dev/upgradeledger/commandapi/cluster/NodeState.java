package dev.upgradeledger.commandapi.cluster;

/** Where a node stands. Only IN_SERVICE nodes serve; the others count against an upgrade's maxUnavailable. */
public enum NodeState {
    IN_SERVICE, ISOLATED, REMOVED, QUARANTINED;

    boolean outOfService() {
        return this != IN_SERVICE;
    }
}
