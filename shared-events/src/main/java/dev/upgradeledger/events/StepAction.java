package dev.upgradeledger.events;

/** What a step does. Cluster-wide actions have no node; node actions name one node. */
public enum StepAction {
    HALT_WORKLOADS(false), EXPORT_STATE(false), MIGRATE_SCHEMA(false), IMPORT_STATE(false), MOVE_WORKLOADS(false),
    RESUME_WORKLOADS(false),
    ISOLATE_NODE(true), UPGRADE_NODE(true), VERIFY_NODE(true), REINTEGRATE_NODE(true), REMOVE_PEER(true),
    REJOIN_PEER(true), ROLL_BACK_NODE(true),
    /** Backend.AI major upgrade, on the manager: {@code backend.ai mgr schema apply-mission-revisions <previousVersion>}. */
    APPLY_MISSION_REVISIONS(true);

    private final boolean perNode;

    StepAction(boolean perNode) {
        this.perNode = perNode;
    }

    public boolean perNode() {
        return perNode;
    }
}
