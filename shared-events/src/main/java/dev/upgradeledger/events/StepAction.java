package dev.upgradeledger.events;

/** What a step does. Cluster-wide actions have no node; node actions name one node. */
public enum StepAction {
    HALT_WORKLOADS(false), EXPORT_STATE(false), MIGRATE_SCHEMA(false), IMPORT_STATE(false), MOVE_WORKLOADS(false),
    RESUME_WORKLOADS(false),
    ISOLATE_NODE(true), UPGRADE_NODE(true), VERIFY_NODE(true), REINTEGRATE_NODE(true), REMOVE_PEER(true),
    REJOIN_PEER(true), ROLL_BACK_NODE(true),
    /** Backend.AI major upgrade, on the manager: {@code backend.ai mgr schema apply-mission-revisions <previousVersion>}. */
    APPLY_MISSION_REVISIONS(true),
    /**
     * A human decision ({@code parameters.what}, e.g. "read the release notes"): the upgrade waits as
     * {@code AWAITING_APPROVAL} until an operator approves ({@link UpgradeApproved}) or rejects it
     * ({@link ApprovalRejected}), or until {@code parameters.timeout} runs out. Held by the ledger, never by a driver.
     */
    APPROVAL(false),
    /**
     * The batch just reintegrated stays in service for {@code parameters.soakTime} before the next batch starts
     * ({@link BatchSoaked}). Held by the ledger, never by a driver.
     */
    SOAK(false),
    /**
     * Replicante live move (guide steps 4 and 6.1): remove the discovery backends of {@code parameters.group} from the
     * step's cluster's configuration; {@code *} removes every backend (the new cluster starts with none).
     */
    REMOVE_DISCOVERY_GROUP(false),
    /**
     * Replicante live move (guide steps 5, 6.2 and 6.4): restart the step's cluster's processes one at a time, so that
     * they act on their discovery configuration ({@code parameters.group} names the group the restart is for).
     */
    ROLLING_RESTART(false),
    /** Replicante live move (guide step 6.3): add the discovery backends of {@code parameters.group} to the cluster. */
    ADD_DISCOVERY_GROUP(false);

    private final boolean perNode;

    StepAction(boolean perNode) {
        this.perNode = perNode;
    }

    public boolean perNode() {
        return perNode;
    }

    /** Whether command-api itself settles the step (an approval, a soak) instead of the executor performing it. */
    public boolean heldByLedger() {
        return this == APPROVAL || this == SOAK;
    }
}
