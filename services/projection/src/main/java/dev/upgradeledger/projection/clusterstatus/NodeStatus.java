package dev.upgradeledger.projection.clusterstatus;

/** A node's last known address, group, version and state (IN_SERVICE, ISOLATED, UPGRADING, FAILED, REMOVED). */
public record NodeStatus(String nodeId, String address, String group, String version, String state) {
}
