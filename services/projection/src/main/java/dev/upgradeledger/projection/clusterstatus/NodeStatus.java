package dev.upgradeledger.projection.clusterstatus;

import java.time.Instant;

/**
 * A node's last known address, group, role (the component it runs, or null), version and state ({@code IN_SERVICE}, {@code ISOLATED}, {@code REMOVED} from
 * the cluster's membership, {@code STOPPED} (an IPFS peer shut down for its state upgrade), {@code QUARANTINED}), and the last step that touched it.
 *
 * @param lastUpgradeId  the upgrade of the last step on this node, null before any
 * @param lastStepId     that step (ids are unique within one plan of the upgrade)
 * @param lastAction     what that step does ({@code UPGRADE_NODE}, ...)
 * @param lastStepStatus {@code RUNNING}, {@code RETRYING}, {@code SUCCEEDED}, {@code FAILED}, {@code TIMED_OUT}, or
 *                       {@code CANCELLED} (the upgrade ended or was rolled back while it ran)
 * @param updatedAt      the time of the last event that changed this node
 * @param lastSequence   that event's sequence in the cluster's history; {@code lastPosition} its event-store position
 */
public record NodeStatus(String nodeId, String address, String group, String role, String version, String state,
                         String lastUpgradeId, String lastStepId, String lastAction, String lastStepStatus,
                         Instant updatedAt, long lastSequence, long lastPosition) {
}
