package dev.upgradeledger.executor.driver.simulated;

import dev.upgradeledger.events.StepAction;

/**
 * A fault to inject into the next {@code times} matching actions.
 *
 * @param nodeId null for any node of the cluster (and for cluster-wide actions)
 * @param mode   FAIL answers a failure without acting; HANG never answers (the executor's time-out ends it);
 *               CRASH_AFTER_ACTING acts, then stops the executor's JVM at once, before the outcome is reported
 */
public record Fault(String clusterId, String nodeId, StepAction action, Mode mode, int times, boolean retryable) {

    public enum Mode { FAIL, HANG, CRASH_AFTER_ACTING }

    boolean matches(String cluster, String node, StepAction performed) {
        return clusterId.equals(cluster) && action == performed && (nodeId == null || nodeId.equals(node));
    }
}
