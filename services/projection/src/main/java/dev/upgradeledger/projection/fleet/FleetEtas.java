package dev.upgradeledger.projection.fleet;

import dev.upgradeledger.domain.fleet.FailureBudget;
import dev.upgradeledger.domain.fleet.FleetEta;
import dev.upgradeledger.domain.fleet.FleetRun;
import dev.upgradeledger.domain.fleet.FleetSchedule;
import dev.upgradeledger.domain.fleet.MaintenanceWindow;
import dev.upgradeledger.domain.fleet.WaveGates;
import dev.upgradeledger.domain.fleet.WavePlan;
import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.projection.fleet.FleetViews.Cluster;
import dev.upgradeledger.projection.fleet.FleetViews.Eta;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A running or halted fleet's ETA on its read model: the fleet's facts replayed into a {@link FleetRun} from the
 * clusters' states, then {@link FleetEta} with the step times its clusters' own upgrades measured so far.
 */
final class FleetEtas {

    /** The plan's estimate of one cluster's time when the fleet's start does not name one (the planner's default). */
    static final Duration DEFAULT_CLUSTER_TIME = Duration.ofMinutes(10);

    /** The estimate and each cluster with its expected start and end. */
    record Result(Eta eta, List<Cluster> clusters) {
    }

    private FleetEtas() {
    }

    /**
     * @param waves    each wave's index, whether it is the canary, and its clusters in start order
     * @param clusters every cluster of the fleet as read
     */
    static Result estimate(FleetStatus status, int currentWave, int maxConcurrent,
                           @Nullable Map<String, Object> gates, @Nullable String haltCause, List<WavePlan.Wave> waves,
                           List<Cluster> clusters, Duration plan, Instant now) {
        Map<ClusterId, MaintenanceWindow> windows = new HashMap<>();
        for (Cluster cluster : clusters) {
            Map<String, Object> window = cluster.window();
            if (window != null && window.get("cron") != null) {
                windows.put(ClusterId.of(cluster.clusterId()), MaintenanceWindow.of(String.valueOf(window.get("cron")),
                        String.valueOf(window.get("duration")), String.valueOf(window.get("zone"))));
            }
        }
        FleetRun run = new FleetRun(waves, FailureBudget.of("100%"), maxConcurrent, gates(gates),
                cluster -> Optional.ofNullable(windows.get(cluster)));
        if (currentWave >= 0) {
            run.onWaveStarted(currentWave);
        }
        List<FleetEta.Progress> progress = new ArrayList<>();
        for (Cluster cluster : clusters) {
            FleetRun.ClusterState state = FleetRun.ClusterState.valueOf(cluster.state());
            progress.add(new FleetEta.Progress(ClusterId.of(cluster.clusterId()), state, cluster.startedAt(),
                    cluster.settledAt(), cluster.upgrade() == null ? 0 : cluster.upgrade().stepsTotal(),
                    cluster.upgrade() == null ? 0 : cluster.upgrade().stepsSucceeded()));
            if (state != FleetRun.ClusterState.PENDING) {
                run.onClusterStarted(ClusterId.of(cluster.clusterId()));
            }
        }
        // settled in the order they settled, so each wave's end is its last cluster's
        clusters.stream().filter(cluster -> cluster.settledAt() != null
                        && FleetRun.ClusterState.valueOf(cluster.state()).settled())
                .sorted(Comparator.comparing(Cluster::settledAt))
                .forEach(cluster -> settle(run, cluster));
        if (status == FleetStatus.HALTED) {
            run.onStopped(new FleetRun.Stop(haltCause == null ? "halted" : haltCause, Math.max(currentWave, 0),
                    List.of(), 0, "halted"));
        }
        FleetEta.Estimate estimate = FleetEta.estimate(run, progress, plan, now);
        Map<String, FleetSchedule.Expected> expected = new HashMap<>();
        estimate.forecast().clusters().forEach(e -> expected.put(e.cluster().value(), e));
        List<Cluster> withTimes = clusters.stream().map(cluster -> {
            FleetSchedule.Expected e = expected.get(cluster.clusterId());
            return e == null ? cluster : cluster.expected(e.start().orElse(null), e.end().orElse(null));
        }).toList();
        Eta eta = new Eta(estimate.basis().name(), estimate.stepTime().map(Duration::toString).orElse(null),
                estimate.stepsMeasured(), estimate.clusterTime().toString(),
                estimate.forecast().end().orElse(null), now,
                status == FleetStatus.HALTED ? "halted: nothing new starts until the fleet is resumed" : null);
        return new Result(eta, withTimes);
    }

    private static void settle(FleetRun run, Cluster cluster) {
        ClusterId id = ClusterId.of(cluster.clusterId());
        String reason = cluster.reason() == null ? "" : cluster.reason();
        switch (FleetRun.ClusterState.valueOf(cluster.state())) {
            case SUCCEEDED -> run.onClusterSucceeded(id, cluster.settledAt());
            case PAUSED -> run.onClusterPaused(id, reason, cluster.settledAt());
            default -> run.onClusterFailed(id, reason, cluster.settledAt());
        }
    }

    private static WaveGates gates(@Nullable Map<String, Object> gates) {
        if (gates == null) {
            return WaveGates.NONE;
        }
        Object soak = gates.get("soak");
        Object check = gates.get("check");
        return new WaveGates(soak == null ? Duration.ZERO : Duration.parse(String.valueOf(soak)),
                check == null ? null : String.valueOf(check), Boolean.TRUE.equals(gates.get("approval")));
    }
}
