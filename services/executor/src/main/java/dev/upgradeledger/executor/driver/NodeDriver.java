package dev.upgradeledger.executor.driver;

import dev.upgradeledger.events.StepAction;
import java.util.Optional;

/**
 * Acts on the nodes of a cluster: one method per action of the upgrade procedures. One implementation per kind of
 * fleet (simulated, HTTP node agent, scripts), chosen per cluster by {@link #name()}.
 *
 * <h2>Idempotency</h2>
 * Every call carries {@link ActionContext#idempotencyKey()}, made of the step and the attempt. The executor may call a
 * driver more than once with the same key (a redelivered event, a restart between acting and reporting); a driver
 * must then act at most once and answer the same result again. A new attempt of a step has a new key and is a new
 * action.
 *
 * <h2>Failures</h2>
 * A driver does not throw for a failed action: it answers {@link ActionResult.Failed} with a code, a message and
 * whether a retry may succeed (retryable: a time-out, an unreachable node; not retryable: a refused migration, a
 * checksum mismatch). Exceptions are treated as retryable failures. The executor enforces
 * {@link ActionContext#timeout()} around every call.
 *
 * <h2>Compensation</h2>
 * Rolling back is its own action ({@link #rollBack}), planned by the ledger for the nodes already upgraded; a driver
 * never undoes an action on its own.
 *
 * <h2>Secrets</h2>
 * Credentials come from the driver's configuration, referenced by environment variable or file; they never appear in
 * contexts, results or logs.
 */
public interface NodeDriver {

    /** The name clusters select this driver by, e.g. {@code simulated}. */
    String name();

    ActionResult haltWorkloads(ActionContext context);

    ActionResult resumeWorkloads(ActionContext context);

    /** Must answer the fact {@code checksum} (and may answer {@code dumpRef}). */
    ActionResult exportState(ActionContext context);

    /** Must answer the fact {@code checksum} of what it imported. */
    ActionResult importState(ActionContext context);

    ActionResult migrateSchema(ActionContext context);

    ActionResult moveWorkloads(ActionContext context);

    ActionResult isolate(ActionContext context);

    /** Brings the node to {@code parameters.version}. */
    ActionResult upgrade(ActionContext context);

    ActionResult verify(ActionContext context);

    ActionResult reintegrate(ActionContext context);

    ActionResult removePeer(ActionContext context);

    ActionResult rejoinPeer(ActionContext context);

    /** Returns the node to {@code parameters.version}, the version before the upgrade. */
    ActionResult rollBack(ActionContext context);

    /**
     * Backend.AI major upgrade, on the manager once it runs the new version:
     * {@code backend.ai mgr schema apply-mission-revisions <parameters.previousVersion>}.
     */
    ActionResult applyMissionRevisions(ActionContext context);

    /** IPFS Cluster: shuts the peer down (a state upgrade happens only with the peer offline). */
    ActionResult stopNode(ActionContext context);

    /** IPFS Cluster: starts the stopped peer again. */
    ActionResult startNode(ActionContext context);

    /**
     * IPFS Cluster bootstrap: must answer the fact {@code checksum}, a digest of the peer's state (its pinset). The
     * ledger compares it with the checksum it recorded for {@code parameters.against}, when given.
     */
    ActionResult checkState(ActionContext context);

    /**
     * Inmanta migration, step 1: the target orchestrator (the step's cluster) runs {@code parameters.version} and its
     * setup works. A driver that cannot tell fails it for good.
     */
    ActionResult verifyTarget(ActionContext context);

    /** Inmanta migration, steps 3 and 5: stop the server of the step's cluster. */
    ActionResult stopServer(ActionContext context);

    /** Inmanta migration, step 8: start the server of the step's cluster (it migrates its database on start). */
    ActionResult startServer(ActionContext context);

    /**
     * Inmanta migration, step 9: every environment of {@code parameters.environments} (comma-separated) is present
     * and halted; a failure names the missing or running one.
     */
    ActionResult checkEnvironments(ActionContext context);

    /**
     * Inmanta migration, step 10a: update project and recompile {@code parameters.environment}, answering only once
     * the compile finished: success when it succeeded, a failure (e.g. {@code compile-failed}) naming the environment
     * otherwise.
     */
    ActionResult recompileEnvironment(ActionContext context);

    /** Inmanta migration, step 10b: resume {@code parameters.environment}. */
    ActionResult resumeEnvironment(ActionContext context);


    /**
     * Replicante live move: remove the discovery backends of {@code parameters.group} from the cluster's configuration
     * ({@code *}: every backend).
     */
    ActionResult removeDiscoveryGroup(ActionContext context);

    /** Replicante live move: restart the cluster's processes one at a time ({@code parameters.group}: what for). */
    ActionResult rollingRestart(ActionContext context);

    /** Replicante live move: add the discovery backends of {@code parameters.group} to the cluster's configuration. */
    ActionResult addDiscoveryGroup(ActionContext context);

    /**
     * IPFS Cluster disaster recovery: wipe the stopped peer's cluster state. With {@code parameters.version}, set the
     * peer up afresh on that version (the one the export was taken on) and answer the fact {@code version} it runs;
     * without, clean it fully before it rejoins.
     */
    ActionResult cleanPeer(ActionContext context);

    /** Calls the method for {@code context.action()}. */
    default ActionResult perform(ActionContext context) {
        StepAction action = context.action();
        Optional<ActionResult> badEnvironment = EnvironmentParameters.invalid(context);
        if (badEnvironment.isPresent()) {
            return badEnvironment.get();
        }
        return switch (action) {
            case HALT_WORKLOADS -> haltWorkloads(context);
            case RESUME_WORKLOADS -> resumeWorkloads(context);
            case EXPORT_STATE -> exportState(context);
            case IMPORT_STATE -> importState(context);
            case MIGRATE_SCHEMA -> migrateSchema(context);
            case MOVE_WORKLOADS -> moveWorkloads(context);
            case ISOLATE_NODE -> isolate(context);
            case UPGRADE_NODE -> upgrade(context);
            case VERIFY_NODE -> verify(context);
            case REINTEGRATE_NODE -> reintegrate(context);
            case REMOVE_PEER -> removePeer(context);
            case REJOIN_PEER -> rejoinPeer(context);
            case ROLL_BACK_NODE -> rollBack(context);
            case APPLY_MISSION_REVISIONS -> applyMissionRevisions(context);
            case STOP_NODE -> stopNode(context);
            case START_NODE -> startNode(context);
            case CHECK_STATE -> checkState(context);
            case VERIFY_TARGET -> verifyTarget(context);
            case STOP_SERVER -> stopServer(context);
            case START_SERVER -> startServer(context);
            case CHECK_ENVIRONMENTS -> checkEnvironments(context);
            case RECOMPILE_ENVIRONMENT -> recompileEnvironment(context);
            case RESUME_ENVIRONMENT -> resumeEnvironment(context);
            case REMOVE_DISCOVERY_GROUP -> removeDiscoveryGroup(context);
            case ROLLING_RESTART -> rollingRestart(context);
            case ADD_DISCOVERY_GROUP -> addDiscoveryGroup(context);
            case CLEAN_PEER -> cleanPeer(context);
            case APPROVAL, SOAK -> ActionResult.failed("held-by-ledger", action
                    + " is settled by command-api itself; no driver performs it", false);
        };
    }
}
