package dev.upgradeledger.executor.driver;

import dev.upgradeledger.events.StepAction;
import java.time.Duration;
import java.util.Map;

/**
 * One action for a driver to perform: one attempt of one started step.
 *
 * @param idempotencyKey {@code <clusterId>/<upgradeId>/<stepId>/<attempt>}: the same key means the same action, to be
 *                       done at most once; a new attempt has a new key
 * @param clusterId      the cluster the step acts on (for a MIGRATION, possibly the target cluster)
 * @param upgradeId      the upgrade the step belongs to
 * @param stepId         the step
 * @param attempt        the attempt, from 1
 * @param action         what to do
 * @param node           the node acted on, or null for a cluster-wide action
 * @param parameters     the step's parameters: {@code version}, {@code from}, {@code schemaVersion}, {@code group}...
 * @param timeout        how long the action may take; the executor reports a retryable failure after it
 */
public record ActionContext(String idempotencyKey, String clusterId, String upgradeId, String stepId, int attempt,
                            StepAction action, NodeTarget node, Map<String, String> parameters, Duration timeout) {

    public ActionContext {
        parameters = Map.copyOf(parameters);
    }

    /** A node as the executor knows it from the cluster's events. */
    public record NodeTarget(String id, String address, String group, String version) {
    }
}
