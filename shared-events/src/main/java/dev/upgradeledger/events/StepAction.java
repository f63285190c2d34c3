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
     * IPFS Cluster: shut the peer down ({@link NodeStopped}); a state upgrade happens only with the peer offline, so a
     * plan stops a peer before its state format is upgraded.
     */
    STOP_NODE(true),
    /** IPFS Cluster: start the stopped peer again ({@link NodeStarted}); the bootstrap survivor as a single-peer cluster. */
    START_NODE(true),
    /**
     * IPFS Cluster bootstrap: read the peer's state checksum ({@link StateChecked}). Without {@code parameters.against}
     * it records the reference (the survivor's); with {@code against} (a node id) the ledger accepts it only when it
     * equals the checksum recorded for that node: a rejoined peer must hold the full copy of the survivor's state.
     */
    CHECK_STATE(true),
    /**
     * Inmanta step 1: the target orchestrator answers on {@code parameters.version} and its setup works (config,
     * credentials, access to packages) before anything is halted ({@link TargetVerified}).
     */
    VERIFY_TARGET(false),
    /** Inmanta steps 3 and 5: stop the server of the step's cluster (the old one before the dump, the new one before the restore). */
    STOP_SERVER(false),
    /** Inmanta step 8: start the server of the step's cluster; it migrates its database on start. */
    START_SERVER(false),
    /**
     * Inmanta step 9: every environment of {@code parameters.environments} (comma-separated) is present on the step's
     * cluster and still halted ({@link EnvironmentsChecked}).
     */
    CHECK_ENVIRONMENTS(false),
    /**
     * Inmanta step 10a: update project and recompile {@code parameters.environment}; succeeds only once the compile
     * finished and succeeded ({@link EnvironmentRecompiled}).
     */
    RECOMPILE_ENVIRONMENT(false),
    /** Inmanta step 10b: resume {@code parameters.environment} ({@link EnvironmentResumed}). */
    RESUME_ENVIRONMENT(false),
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
    ADD_DISCOVERY_GROUP(false),
    /**
     * IPFS Cluster disaster recovery: wipe the stopped peer's cluster state ({@link PeerCleaned}). With
     * {@code parameters.version} the peer is set up afresh on that version (guide step 3: the version the export was
     * taken on, so that it can import it); without, it is fully cleaned before it rejoins (guide step 8).
     */
    CLEAN_PEER(true);

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
