package dev.upgradeledger.domain.fleet;

import dev.upgradeledger.events.ClusterId;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A running fleet upgrade's expected end, from the step times measured so far in this fleet.
 *
 * <p><b>Measured step time</b>: over the fleet's clusters that succeeded or are running and have finished at least one
 * step, the wall time of their upgrades (start to end, or to now while running) divided by the steps they finished.
 * A cluster's steps run in its own order and batches, so this is the time a cluster's upgrade takes per step, not a
 * step's own duration. <b>A cluster's time</b> is its step count (its own plan's once its upgrade is planned, else the
 * mean step count of the fleet's planned clusters) times the measured step time; before any step was measured, the
 * plan's estimate ({@code estimatedClusterTime}). A running cluster is expected to end after its steps left; a pending
 * one is played forward by {@link FleetSchedule} with the waves left, {@code maxConcurrent}, the soak times and the
 * maintenance windows. A halted fleet starts nothing more, so it has no expected end.
 */
public final class FleetEta {

    /** How the estimate was made: from the steps measured in this fleet, or from the plan's estimate. */
    public enum Basis {
        MEASURED, PLAN
    }

    /**
     * One cluster of the fleet as the read side has it.
     *
     * @param startedAt  when the fleet started it, null while pending
     * @param settledAt  when it settled, null unless settled
     * @param stepsTotal its own upgrade's steps, 0 while its upgrade is not planned
     * @param stepsDone  the steps of its own upgrade that finished
     */
    public record Progress(ClusterId cluster, FleetRun.ClusterState state, Instant startedAt, Instant settledAt,
                           int stepsTotal, int stepsDone) {
    }

    /**
     * The estimate.
     *
     * @param stepTime    the measured time per step, empty before any step was measured
     * @param clusterTime a cluster's expected time (for a cluster of the mean step count)
     * @param forecast    each cluster's expected start and end, and the fleet's expected end
     */
    public record Estimate(Basis basis, Optional<Duration> stepTime, Duration clusterTime, int stepsMeasured,
                           FleetSchedule.Forecast forecast) {
    }

    private FleetEta() {
    }

    /**
     * @param run      the fleet's facts so far (built with a budget that never stops it; stopped when halted)
     * @param clusters every cluster of the fleet
     * @param plan     the plan's estimate of one cluster's time
     */
    public static Estimate estimate(FleetRun run, List<Progress> clusters, Duration plan, Instant now) {
        long measuredMillis = 0;
        int measuredSteps = 0;
        long plannedSteps = 0;
        int planned = 0;
        for (Progress cluster : clusters) {
            if (cluster.stepsTotal() > 0) {
                plannedSteps += cluster.stepsTotal();
                planned++;
            }
            boolean measurable = cluster.state() == FleetRun.ClusterState.SUCCEEDED
                    || cluster.state() == FleetRun.ClusterState.RUNNING;
            if (measurable && cluster.startedAt() != null && cluster.stepsDone() > 0) {
                Instant end = cluster.state() == FleetRun.ClusterState.SUCCEEDED && cluster.settledAt() != null
                        ? cluster.settledAt() : now;
                measuredMillis += Math.max(0, Duration.between(cluster.startedAt(), end).toMillis());
                measuredSteps += cluster.stepsDone();
            }
        }
        Optional<Duration> stepTime = measuredSteps == 0 ? Optional.empty()
                : Optional.of(Duration.ofMillis(measuredMillis / measuredSteps));
        double meanSteps = planned == 0 ? 0 : (double) plannedSteps / planned;
        Duration clusterTime = stepTime.isEmpty() || meanSteps == 0 ? plan
                : Duration.ofMillis(Math.round(stepTime.get().toMillis() * meanSteps));
        Map<ClusterId, Duration> times = new HashMap<>();
        Map<ClusterId, Instant> running = new HashMap<>();
        for (Progress cluster : clusters) {
            Duration time = stepTime.isPresent() && cluster.stepsTotal() > 0
                    ? stepTime.get().multipliedBy(cluster.stepsTotal()) : clusterTime;
            times.put(cluster.cluster(), time);
            if (cluster.state() == FleetRun.ClusterState.RUNNING) {
                running.put(cluster.cluster(), stepTime.isPresent() && cluster.stepsTotal() > 0
                        ? now.plus(stepTime.get().multipliedBy(Math.max(0, cluster.stepsTotal()
                                - cluster.stepsDone())))
                        : (cluster.startedAt() == null ? now : cluster.startedAt()).plus(time));
            }
        }
        FleetSchedule.Forecast forecast = FleetSchedule.forecast(run, running,
                cluster -> times.getOrDefault(cluster, clusterTime), now);
        return new Estimate(stepTime.isPresent() ? Basis.MEASURED : Basis.PLAN, stepTime, clusterTime, measuredSteps,
                forecast);
    }
}
