package dev.upgradeledger.projection.model;

import java.time.Instant;

/** A node of a cluster, one field per column of {@code node_status}. A working copy, changed in place. */
public final class NodeRow {

    public String nodeId;
    public String address;
    public String group;
    /** The component the node runs, or null. */
    public String role;
    public String version;
    /** {@code IN_SERVICE}, {@code ISOLATED}, {@code REMOVED}, {@code STOPPED} or {@code QUARANTINED}. */
    public String state;
    public String lastUpgradeId;
    public String lastStepId;
    public String lastAction;
    /** {@code RUNNING}, {@code RETRYING}, {@code SUCCEEDED}, {@code FAILED}, {@code TIMED_OUT}, {@code CANCELLED}. */
    public String lastStepStatus;
    public Instant updatedAt;
    public long lastSequence;
    public long lastPosition;
}
