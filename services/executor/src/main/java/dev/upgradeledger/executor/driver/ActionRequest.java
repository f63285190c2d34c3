package dev.upgradeledger.executor.driver;

import java.time.Duration;
import java.util.Map;

/**
 * One action for a driver to perform.
 *
 * @param idempotencyKey {@code <stepId>/<attempt>}: the same key means the same action, to be done at most once
 * @param clusterId      the cluster acted on
 * @param nodeId         the node acted on; null for cluster-wide actions (halt workloads, export state, ...)
 * @param action         what to do
 * @param parameters     action parameters such as {@code targetVersion}, {@code schemaVersion}, {@code dumpPath}
 * @param timeout        how long the driver may take before the executor reports a time-out
 */
public record ActionRequest(String idempotencyKey, String clusterId, String nodeId, Action action,
                            Map<String, String> parameters, Duration timeout) {

    public ActionRequest {
        parameters = Map.copyOf(parameters);
    }

    /** The actions of the five supported upgrade procedures. */
    public enum Action {
        HALT_WORKLOADS, RESUME_WORKLOADS, EXPORT_STATE, IMPORT_STATE, MIGRATE_SCHEMA,
        ISOLATE_NODE, UPGRADE_NODE, VERIFY_NODE, REINTEGRATE_NODE, REMOVE_PEER, REJOIN_PEER, ROLL_BACK_NODE
    }
}
