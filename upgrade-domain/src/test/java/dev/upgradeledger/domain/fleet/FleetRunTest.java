package dev.upgradeledger.domain.fleet;

import static dev.upgradeledger.domain.fleet.Fleets.id;
import static dev.upgradeledger.domain.fleet.Fleets.ids;
import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.domain.fleet.FleetRun.ClusterState;
import dev.upgradeledger.domain.fleet.FleetRun.Decision;
import dev.upgradeledger.domain.fleet.FleetRun.Waiting;
import dev.upgradeledger.events.ClusterId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A running fleet upgrade's next move: waves, concurrency, the budget's stop, resume, windows and gates. */
class FleetRunTest {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    private static FleetRun run(int clusters, String waveSize, int maxConcurrent, String budget, WaveGates gates,
                                Map<ClusterId, MaintenanceWindow> windows) {
        List<WavePlan.Wave> waves = new WavePlan(Amount.of("1"), null, Amount.of(waveSize), maxConcurrent)
                .waves(ids("c", clusters));
        return new FleetRun(waves, FailureBudget.of(budget), maxConcurrent, gates,
                cluster -> Optional.ofNullable(windows.get(cluster)));
    }

    /** Records what a decision asks, as the aggregate would: the wave, then every start. */
    private static List<ClusterId> apply(FleetRun run, Decision decision) {
        decision.startWave().ifPresent(run::onWaveStarted);
        decision.start().forEach(run::onClusterStarted);
        decision.stop().ifPresent(run::onStopped);
        return decision.start();
    }

    @Test
    @DisplayName("60 clusters, canary 1 then 20 %, at most 10 at once, budget 2: the third failure of wave 2 stops"
            + " new starts, the running clusters finish, resume finishes the fleet")
    void budgetExceededInTheSecondWaveThenResumed() {
        FleetRun run = run(60, "20%", 10, "2", WaveGates.NONE, Map.of());
        // when the fleet starts: the canary alone
        assertThat(apply(run, run.next(T0))).containsExactly(id("c-01"));
        assertThat(run.next(T0).waiting()).isEqualTo(Waiting.CLUSTERS);
        run.onClusterSucceeded(id("c-01"), T0);
        // then wave 1 (12 clusters): the first 10 start, never more than 10 at once
        Decision wave1 = run.next(T0);
        assertThat(wave1.startWave()).hasValue(1);
        assertThat(apply(run, wave1)).hasSize(10).startsWith(id("c-02"));
        assertThat(run.next(T0).start()).isEmpty();
        // when one finishes, one more starts
        run.onClusterSucceeded(id("c-02"), T0);
        assertThat(apply(run, run.next(T0))).containsExactly(id("c-12"));
        // and wave 1 ends with two clusters paused: within the budget
        run.onClusterPaused(id("c-03"), "step failed on node-1", T0);
        run.onClusterPaused(id("c-04"), "step failed on node-2", T0);
        for (ClusterId cluster : ids("c", 13).subList(4, 13)) {
            run.onClusterSucceeded(cluster, T0);
        }
        Decision wave2 = run.next(T0);
        assertThat(wave2.startWave()).hasValue(2);
        assertThat(apply(run, wave2)).hasSize(10).startsWith(id("c-14"));
        // when a third cluster pauses in wave 2
        run.onClusterPaused(id("c-14"), "health check failed", T0);
        Decision stop = run.next(T0);
        // then the budget stops the fleet: nothing new starts, the stop names the three failures
        assertThat(stop.start()).isEmpty();
        assertThat(stop.stop()).get().satisfies(s -> {
            assertThat(s.cause()).isEqualTo("failure-budget");
            assertThat(s.allowed()).isEqualTo(2);
            assertThat(s.wave()).isEqualTo(2);
            assertThat(s.failures()).extracting(FleetRun.Failure::cluster)
                    .containsExactly(id("c-03"), id("c-04"), id("c-14"));
            assertThat(s.failures().get(2).reason()).isEqualTo("health check failed");
        });
        apply(run, stop);
        // and while the running clusters finish, still nothing starts
        for (ClusterId cluster : ids("c", 23).subList(14, 23)) {
            run.onClusterSucceeded(cluster, T0);
            assertThat(run.next(T0).start()).isEmpty();
            assertThat(run.next(T0).waiting()).isEqualTo(Waiting.RESUME);
        }
        assertThat(run.state(id("c-24"))).isEqualTo(ClusterState.PENDING);
        // when the fleet resumes (faults cleared): the paused clusters are resumed and the rest of wave 2 starts
        assertThat(run.pausedClusters()).containsExactly(id("c-03"), id("c-04"), id("c-14"));
        run.onResumed();
        // asked for its next move at once (as the aggregate does, before the clusters' resumes are recorded): the
        // paused clusters being resumed do not count, so it does not stop again
        assertThat(run.countedFailures()).isEmpty();
        Decision afterResume = run.next(T0);
        assertThat(afterResume.stop()).isEmpty();
        List<ClusterId> started = apply(run, afterResume);
        assertThat(started).containsExactly(id("c-24"), id("c-25"));
        run.pausedClusters().forEach(run::onClusterResumed);
        // then, every cluster succeeding as soon as it starts, the fleet finishes every wave
        List<ClusterId> running = new ArrayList<>(List.of(id("c-03"), id("c-04"), id("c-14")));
        running.addAll(started);
        int guard = 0;
        while (run.next(T0).waiting() != Waiting.DONE && guard++ < 100) {
            running.forEach(cluster -> run.onClusterSucceeded(cluster, T0));
            running = new ArrayList<>(apply(run, run.next(T0)));
        }
        assertThat(run.states().values()).containsOnly(ClusterState.SUCCEEDED);
        assertThat(run.currentWave()).isEqualTo(5);
    }

    @Test
    @DisplayName("a cluster resumed by a resume counts again when it pauses again; one whose resume never comes does not")
    void aResumedClusterThatPausesAgainCountsAgain() {
        FleetRun run = run(5, "4", 4, "0", WaveGates.NONE, Map.of());
        apply(run, run.next(T0));
        run.onClusterPaused(id("c-01"), "step failed", T0);
        apply(run, run.next(T0));
        assertThat(run.stopped()).isPresent();
        run.onResumed();
        assertThat(run.next(T0).stop()).isEmpty();
        run.onClusterResumed(id("c-01"));
        assertThat(run.state(id("c-01"))).isEqualTo(ClusterState.RUNNING);
        run.onClusterPaused(id("c-01"), "step failed again", T0);
        assertThat(run.countedFailures()).extracting(FleetRun.Failure::cluster).containsExactly(id("c-01"));
        assertThat(run.next(T0).stop()).get().extracting(FleetRun.Stop::cause).isEqualTo("failure-budget");
    }

    @Test
    @DisplayName("a failed cluster (not paused) stays failed after a resume and no longer counts against the budget")
    void resumeForgivesFailedClusters() {
        FleetRun run = run(5, "4", 4, "0", WaveGates.NONE, Map.of());
        apply(run, run.next(T0));
        run.onClusterFailed(id("c-01"), "rolled back", T0);
        apply(run, run.next(T0));
        assertThat(run.stopped()).get().extracting(FleetRun.Stop::cause).isEqualTo("failure-budget");
        run.onResumed();
        assertThat(run.countedFailures()).isEmpty();
        Decision next = run.next(T0);
        assertThat(next.startWave()).hasValue(1);
        assertThat(next.start()).hasSize(4);
        assertThat(run.state(id("c-01"))).isEqualTo(ClusterState.FAILED);
    }

    @Test
    @DisplayName("a cluster outside its window waits and starts when the window opens; the others do not wait for it")
    void clusterWaitsForItsWindow() {
        // given c-02 whose window opens at 22:00 UTC, every other cluster without one
        MaintenanceWindow nightly = MaintenanceWindow.of("0 22 * * *", "PT2H", "UTC");
        FleetRun run = run(3, "2", 5, "0", WaveGates.NONE, Map.of(id("c-02"), nightly));
        apply(run, run.next(T0));
        run.onClusterSucceeded(id("c-01"), T0);
        // when wave 1 starts at 10:00, c-03 starts and c-02 waits, with a wake-up at the window's opening
        Decision wave1 = run.next(T0);
        assertThat(apply(run, wave1)).containsExactly(id("c-03"));
        assertThat(wave1.wakeUp()).contains(Instant.parse("2026-12-07T22:00:00Z"));
        run.onClusterSucceeded(id("c-03"), T0);
        Decision waiting = run.next(T0.plus(Duration.ofHours(1)));
        assertThat(waiting.start()).isEmpty();
        assertThat(waiting.waiting()).isEqualTo(Waiting.WINDOW);
        // then at 22:00 it starts
        assertThat(apply(run, run.next(Instant.parse("2026-12-07T22:00:00Z")))).containsExactly(id("c-02"));
    }

    @Test
    @DisplayName("between waves: the soak time, then the check (recorded; a failing one stops), then an approval")
    void gatesBetweenWaves() {
        WaveGates gates = new WaveGates(Duration.ofMinutes(30), "sum(rate(errors[5m])) < 1", true);
        FleetRun run = run(3, "2", 5, "0", gates, Map.of());
        apply(run, run.next(T0));
        run.onClusterSucceeded(id("c-01"), T0.plusSeconds(60));
        // soak: 30 minutes from the canary's end
        Decision soak = run.next(T0.plusSeconds(120));
        assertThat(soak.waiting()).isEqualTo(Waiting.SOAK);
        assertThat(soak.wakeUp()).contains(T0.plusSeconds(60).plus(Duration.ofMinutes(30)));
        Instant later = T0.plus(Duration.ofHours(1));
        // then the check
        assertThat(run.next(later).waiting()).isEqualTo(Waiting.CHECK);
        assertThat(run.awaitingCheck(later)).hasValue(0);
        assertThat(run.awaitingCheck(T0.plusSeconds(120))).as("not while soaking").isEmpty();
        run.onCheckRecorded(0, false, "value 3 at 10:31");
        assertThat(run.awaitingCheck(later)).isEmpty();
        Decision failed = run.next(later);
        assertThat(failed.stop()).get().extracting(FleetRun.Stop::cause).isEqualTo("check-failed");
        assertThat(failed.stop().get().detail()).contains("sum(rate(errors[5m])) < 1", "value 3 at 10:31");
        apply(run, failed);
        assertThat(run.next(later).waiting()).isEqualTo(Waiting.RESUME);
        // a resume asks the check again; once it holds, a person approves
        run.onResumed();
        assertThat(run.next(later).waiting()).isEqualTo(Waiting.CHECK);
        assertThat(run.awaitingCheck(later)).as("a resume evaluates the check again").hasValue(0);
        run.onCheckRecorded(0, true);
        assertThat(run.next(later).waiting()).isEqualTo(Waiting.APPROVAL);
        assertThat(run.awaitingApproval(later)).hasValue(1);
        assertThat(run.approved(1)).isFalse();
        run.onApproved(1);
        assertThat(run.approved(1)).isTrue();
        assertThat(apply(run, run.next(later))).containsExactly(id("c-02"), id("c-03"));
    }

    @Test
    @DisplayName("an approval gate: no wave waits for approval before its previous one settled and soaked; each next"
            + " wave waits for its own approval, the first one never")
    void approvalGateAsksForEachNextWave() {
        WaveGates gates = new WaveGates(Duration.ofMinutes(10), null, true);
        FleetRun run = run(3, "1", 5, "0", gates, Map.of());
        // the canary starts without an approval
        assertThat(apply(run, run.next(T0))).containsExactly(id("c-01"));
        assertThat(run.awaitingApproval(T0)).isEmpty();
        run.onClusterSucceeded(id("c-01"), T0);
        // while soaking, no approval is awaited yet
        assertThat(run.awaitingApproval(T0.plusSeconds(60))).isEmpty();
        Instant soaked = T0.plus(Duration.ofMinutes(10));
        assertThat(run.awaitingApproval(soaked)).hasValue(1);
        // an approval of a later wave does not start this one
        run.onApproved(2);
        assertThat(run.next(soaked).start()).isEmpty();
        run.onApproved(1);
        Decision wave1 = run.next(soaked);
        assertThat(wave1.startWave()).hasValue(1);
        assertThat(apply(run, wave1)).containsExactly(id("c-02"));
        assertThat(run.awaitingApproval(soaked)).isEmpty();
        run.onClusterSucceeded(id("c-02"), soaked);
        // wave 2 was approved ahead above: it starts once wave 1 soaked
        Instant later = soaked.plus(Duration.ofMinutes(10));
        assertThat(run.awaitingApproval(later)).isEmpty();
        assertThat(apply(run, run.next(later))).containsExactly(id("c-03"));
    }

    @Test
    @DisplayName("a check query is checked at the edge: length and characters")
    void checkQueriesAreValidated() {
        assertThat(new WaveGates(null, "sum(rate(http_requests_total{code=~\"5..\"}[5m])) / 100 < 0.5", false)
                .check()).startsWith("sum(");
        for (String bad : List.of(" ", "up\n== 1", "up == 1; rm -rf /", "${jndi:ldap://x}", "`up`", "x".repeat(1_001))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new WaveGates(null, bad, false))
                    .as(bad).isInstanceOf(dev.upgradeledger.events.InvalidValueException.class);
        }
    }

    @Test
    @DisplayName("a rollback takes the clusters upgrading or upgraded, not the pending or failed ones; then nothing"
            + " starts")
    void rollbackCandidates() {
        FleetRun run = run(5, "2", 5, "2", WaveGates.NONE, Map.of());
        apply(run, run.next(T0));
        run.onClusterSucceeded(id("c-01"), T0);
        apply(run, run.next(T0));
        run.onClusterPaused(id("c-02"), "step failed", T0);
        assertThat(run.rollbackCandidates()).containsExactly(id("c-01"), id("c-02"), id("c-03"));
        run.onClusterFailed(id("c-03"), "aborted", T0);
        assertThat(run.rollbackCandidates()).containsExactly(id("c-01"), id("c-02"));
        run.onAborted();
        assertThat(run.next(T0).start()).isEmpty();
        assertThat(run.state(id("c-04"))).isEqualTo(ClusterState.PENDING);
    }

    @Test
    @DisplayName("an aborted fleet starts nothing more; a fleet without clusters is done at once")
    void abortedAndEmpty() {
        FleetRun run = run(3, "2", 5, "0", WaveGates.NONE, Map.of());
        apply(run, run.next(T0));
        run.onAborted();
        assertThat(run.next(T0).waiting()).isEqualTo(Waiting.DONE);
        assertThat(run.next(T0).start()).isEmpty();
        FleetRun empty = new FleetRun(List.of(), FailureBudget.of("0"), 1, WaveGates.NONE, cluster -> Optional.empty());
        assertThat(empty.next(T0).waiting()).isEqualTo(Waiting.DONE);
    }

    @Test
    @DisplayName("the forecast: each cluster's expected start from the concurrency, the soak and the windows")
    void forecast() {
        // given 4 clusters, canary 1 then waves of 2, at most 1 at once, 10 minutes each, soak 5 minutes, and c-04
        // only inside a window opening at 12:00 UTC
        List<WavePlan.Wave> waves = new WavePlan(Amount.of("1"), null, Amount.of("2"), 1).waves(ids("c", 4));
        MaintenanceWindow noon = MaintenanceWindow.of("0 12 * * *", "PT1H", "UTC");
        FleetSchedule.Forecast forecast = FleetSchedule.forecast(waves, 1, new WaveGates(Duration.ofMinutes(5), null,
                        false), cluster -> cluster.equals(id("c-04")) ? Optional.of(noon) : Optional.empty(),
                cluster -> Duration.ofMinutes(10), T0);
        // then c-01 at 10:00, c-02 after the soak at 10:15, c-03 at 10:25 (one at a time), c-04 at 12:00
        assertThat(forecast.clusters()).extracting(expected -> expected.start().orElseThrow()).containsExactly(
                T0, T0.plus(Duration.ofMinutes(15)), T0.plus(Duration.ofMinutes(25)),
                Instant.parse("2026-12-07T12:00:00Z"));
        assertThat(forecast.end()).contains(Instant.parse("2026-12-07T12:10:00Z"));
    }
}
