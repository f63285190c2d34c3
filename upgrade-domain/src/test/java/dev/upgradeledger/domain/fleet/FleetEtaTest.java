package dev.upgradeledger.domain.fleet;

import static dev.upgradeledger.domain.fleet.Fleets.id;
import static dev.upgradeledger.domain.fleet.Fleets.ids;
import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.domain.fleet.FleetEta.Basis;
import dev.upgradeledger.domain.fleet.FleetEta.Estimate;
import dev.upgradeledger.domain.fleet.FleetEta.Progress;
import dev.upgradeledger.domain.fleet.FleetRun.ClusterState;
import dev.upgradeledger.events.ClusterId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A running fleet's expected end from the step times measured in it, with fixed numbers. */
class FleetEtaTest {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static final Duration PLAN = Duration.ofMinutes(10);

    private static Instant at(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    private static FleetRun run(int clusters, int waveSize, int maxConcurrent, WaveGates gates,
                                Map<ClusterId, MaintenanceWindow> windows) {
        List<WavePlan.Wave> waves = new WavePlan(Amount.of("1"), null, Amount.of(String.valueOf(waveSize)),
                maxConcurrent).waves(ids("c", clusters));
        return new FleetRun(waves, FailureBudget.of("100%"), maxConcurrent, gates,
                cluster -> Optional.ofNullable(windows.get(cluster)));
    }

    private static Optional<Instant> start(Estimate estimate, String cluster) {
        return expected(estimate, cluster).start();
    }

    private static Optional<Instant> end(Estimate estimate, String cluster) {
        return expected(estimate, cluster).end();
    }

    private static FleetSchedule.Expected expected(Estimate estimate, String cluster) {
        return estimate.forecast().clusters().stream().filter(e -> e.cluster().equals(id(cluster))).findFirst()
                .orElseThrow();
    }

    /** Canary c-01 done in 10 min (5 steps), wave 1 running (c-02 2 of 5 steps in 4 min, c-03 not planned yet). */
    private static FleetRun midWay(WaveGates gates) {
        FleetRun run = run(5, 2, 2, gates, Map.of());
        run.onWaveStarted(0);
        run.onClusterStarted(id("c-01"));
        run.onClusterSucceeded(id("c-01"), at(10));
        run.onWaveStarted(1);
        run.onClusterStarted(id("c-02"));
        run.onClusterStarted(id("c-03"));
        return run;
    }

    private static final List<Progress> MID_WAY = List.of(
            new Progress(id("c-01"), ClusterState.SUCCEEDED, T0, at(10), 5, 5),
            new Progress(id("c-02"), ClusterState.RUNNING, at(26), null, 5, 2),
            new Progress(id("c-03"), ClusterState.RUNNING, at(26), null, 0, 0),
            new Progress(id("c-04"), ClusterState.PENDING, null, null, 0, 0),
            new Progress(id("c-05"), ClusterState.PENDING, null, null, 0, 0));

    @Test
    @DisplayName("measured: 14 min over 7 steps is 2 min a step; running clusters end after their steps left, the"
            + " last wave starts after the soak and takes the mean 5 steps")
    void fromMeasuredStepTimes() {
        Estimate estimate = FleetEta.estimate(midWay(new WaveGates(Duration.ofMinutes(10), null, false)), MID_WAY,
                PLAN, at(30));

        assertThat(estimate.basis()).isEqualTo(Basis.MEASURED);
        assertThat(estimate.stepsMeasured()).isEqualTo(7);
        assertThat(estimate.stepTime()).hasValue(Duration.ofMinutes(2));
        assertThat(estimate.clusterTime()).isEqualTo(Duration.ofMinutes(10));
        // c-02: 3 steps left at 2 min; c-03 (no plan yet): the mean cluster time from its start
        assertThat(end(estimate, "c-02")).hasValue(at(36));
        assertThat(end(estimate, "c-03")).hasValue(at(36));
        assertThat(start(estimate, "c-02")).isEmpty();
        assertThat(start(estimate, "c-01")).isEmpty();
        assertThat(end(estimate, "c-01")).isEmpty();
        // wave 1 settles at 36, 10 minutes of soak, then both of wave 2 at once (maxConcurrent 2)
        assertThat(start(estimate, "c-04")).hasValue(at(46));
        assertThat(start(estimate, "c-05")).hasValue(at(46));
        assertThat(estimate.forecast().end()).hasValue(at(56));
    }

    @Test
    @DisplayName("maxConcurrent 1 without a soak: the last wave's clusters one after the other")
    void concurrencyLimitsTheLastWave() {
        FleetRun run = run(5, 2, 2, WaveGates.NONE, Map.of());
        run.onWaveStarted(0);
        run.onClusterStarted(id("c-01"));
        run.onClusterSucceeded(id("c-01"), at(10));
        run.onWaveStarted(1);
        run.onClusterStarted(id("c-02"));
        run.onClusterStarted(id("c-03"));
        // same facts with room for two: wave 2 starts at 36 with both
        Estimate two = FleetEta.estimate(run, MID_WAY, PLAN, at(30));
        assertThat(start(two, "c-05")).hasValue(at(36));
        assertThat(two.forecast().end()).hasValue(at(46));

        FleetRun one = new FleetRun(run.waves(), FailureBudget.of("100%"), 1, WaveGates.NONE, c -> Optional.empty());
        List<Progress> canaryDone = List.of(new Progress(id("c-01"), ClusterState.SUCCEEDED, T0, at(10), 5, 5),
                new Progress(id("c-02"), ClusterState.PENDING, null, null, 0, 0),
                new Progress(id("c-03"), ClusterState.PENDING, null, null, 0, 0),
                new Progress(id("c-04"), ClusterState.PENDING, null, null, 0, 0),
                new Progress(id("c-05"), ClusterState.PENDING, null, null, 0, 0));
        one.onWaveStarted(0);
        one.onClusterStarted(id("c-01"));
        one.onClusterSucceeded(id("c-01"), at(10));
        Estimate serial = FleetEta.estimate(one, canaryDone, PLAN, at(10));
        assertThat(serial.stepTime()).hasValue(Duration.ofMinutes(2));
        assertThat(List.of(start(serial, "c-02"), start(serial, "c-03"), start(serial, "c-04"),
                start(serial, "c-05"))).containsExactly(Optional.of(at(10)), Optional.of(at(20)),
                Optional.of(at(30)), Optional.of(at(40)));
        assertThat(serial.forecast().end()).hasValue(at(50));
    }

    @Test
    @DisplayName("before any step: the plan's 10 minutes a cluster; a cluster waits for its window opening at 12:00")
    void fromThePlanWithAWindow() {
        MaintenanceWindow noon = MaintenanceWindow.of("0 12 * * *", "PT1H", "UTC");
        FleetRun run = run(3, 2, 1, WaveGates.NONE, Map.of(id("c-03"), noon));
        List<Progress> pending = ids("c", 3).stream()
                .map(cluster -> new Progress(cluster, ClusterState.PENDING, null, null, 0, 0)).toList();

        Estimate estimate = FleetEta.estimate(run, pending, PLAN, T0);

        assertThat(estimate.basis()).isEqualTo(Basis.PLAN);
        assertThat(estimate.stepTime()).isEmpty();
        assertThat(estimate.clusterTime()).isEqualTo(PLAN);
        assertThat(start(estimate, "c-01")).hasValue(T0);
        assertThat(start(estimate, "c-02")).hasValue(at(10));
        assertThat(start(estimate, "c-03")).hasValue(Instant.parse("2026-12-07T12:00:00Z"));
        assertThat(estimate.forecast().end()).hasValue(Instant.parse("2026-12-07T12:10:00Z"));
    }

    @Test
    @DisplayName("halted: the running clusters get their ends, nothing new is expected to start, no fleet end")
    void haltedFleetHasNoEnd() {
        FleetRun run = midWay(WaveGates.NONE);
        run.onStopped(new FleetRun.Stop("failure-budget", 1, List.of(), 0, "halted"));

        Estimate estimate = FleetEta.estimate(run, MID_WAY, PLAN, at(30));

        assertThat(end(estimate, "c-02")).hasValue(at(36));
        assertThat(start(estimate, "c-04")).isEmpty();
        assertThat(estimate.forecast().end()).isEmpty();
    }
}
