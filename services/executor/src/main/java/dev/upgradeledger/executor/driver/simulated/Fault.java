package dev.upgradeledger.executor.driver.simulated;

import dev.upgradeledger.events.StepAction;
import java.time.Duration;

/**
 * A fault to inject into the next {@code times} matching actions.
 *
 * @param nodeId null for any node of the cluster (and for cluster-wide actions)
 * @param mode   FAIL answers a failure without acting; HANG never answers (the executor's time-out ends it);
 *               CRASH_AFTER_ACTING acts, then stops the executor's JVM at once, before the outcome is reported;
 *               DELAY acts after {@code delay} more than the configured latency (a slow action); STATE_DIFFERS
 *               acts, but a CHECK_STATE answers the checksum of a partial copy of the state (a rejoined peer that
 *               has not received all of it)
 * @param delay  how much longer a DELAY action takes (zero for the other modes)
 * @param environment null for any step, else only steps of this environment ({@code parameters.environment}, e.g.
 *               an Inmanta compile that fails for one environment)
 */
public record Fault(String clusterId, String nodeId, StepAction action, Mode mode, int times, boolean retryable,
                    Duration delay, String environment) {

    public enum Mode { FAIL, HANG, CRASH_AFTER_ACTING, DELAY, STATE_DIFFERS }

    public Fault {
        delay = delay == null ? Duration.ZERO : delay;
    }

    public Fault(String clusterId, String nodeId, StepAction action, Mode mode, int times, boolean retryable,
                 Duration delay) {
        this(clusterId, nodeId, action, mode, times, retryable, delay, null);
    }

    public Fault(String clusterId, String nodeId, StepAction action, Mode mode, int times, boolean retryable) {
        this(clusterId, nodeId, action, mode, times, retryable, Duration.ZERO);
    }

    /** Every one of the next {@code times} matching actions takes {@code delay} longer, then acts. */
    public static Fault delay(String clusterId, String nodeId, StepAction action, int times, Duration delay) {
        return new Fault(clusterId, nodeId, action, Mode.DELAY, times, true, delay);
    }

    boolean matches(String cluster, String node, StepAction performed, String stepEnvironment) {
        return clusterId.equals(cluster) && action == performed && (nodeId == null || nodeId.equals(node))
                && (environment == null || environment.equals(stepEnvironment));
    }
}
