package dev.upgradeledger.domain.fleet;

import dev.upgradeledger.events.ClusterId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * When each cluster of a fleet upgrade is expected to start and finish: the run played forward from {@code now}
 * with every cluster taking its estimated time and succeeding, the soak times waited, the checks passing and the
 * approvals given as soon as asked (so a start after an approval gate is the earliest one). A cluster whose window
 * never opens within the search has no expected start.
 */
public final class FleetSchedule {

    /** One cluster's expected start and end; both empty when it is not expected to start. */
    public record Expected(ClusterId cluster, int wave, Optional<Instant> start, Optional<Instant> end) {
    }

    /** Every cluster in wave order, and when the last one is expected to end (empty when one never starts). */
    public record Forecast(List<Expected> clusters, Optional<Instant> end) {

        public Forecast {
            clusters = List.copyOf(clusters);
        }
    }

    private FleetSchedule() {
    }

    public static Forecast forecast(List<WavePlan.Wave> waves, int maxConcurrent, WaveGates gates,
                                    Function<ClusterId, Optional<MaintenanceWindow>> windows,
                                    Function<ClusterId, Duration> estimate, Instant now) {
        return forecast(new FleetRun(waves, FailureBudget.of("100%"), maxConcurrent, gates, windows), Map.of(),
                estimate, now);
    }

    /**
     * The same forecast for a fleet that already runs: {@code run} holds its facts so far (built with a budget that
     * never stops it, as above; a stopped run starts nothing new, so only its running clusters get an end),
     * {@code running} when each of its running clusters is expected to end (an end before {@code now} is taken as
     * {@code now}). A cluster that settled before {@code now} keeps no expected times and does not keep the forecast
     * from an end; a running one has an expected end but no expected start.
     */
    public static Forecast forecast(FleetRun run, Map<ClusterId, Instant> running,
                                    Function<ClusterId, Duration> estimate, Instant now) {
        List<WavePlan.Wave> waves = run.waves();
        Map<ClusterId, FleetRun.ClusterState> before = run.states();
        Map<ClusterId, Instant> starts = new HashMap<>();
        Map<ClusterId, Instant> ends = new LinkedHashMap<>();
        Map<ClusterId, Instant> upgrading = new LinkedHashMap<>();
        running.forEach((cluster, end) -> upgrading.put(cluster, end.isBefore(now) ? now : end));
        Instant t = now;
        int guard = 0;
        int limit = 20 * (waves.stream().mapToInt(wave -> wave.clusters().size()).sum() + waves.size() + 10);
        while (guard++ < limit) {
            FleetRun.Decision decision = run.next(t);
            decision.startWave().ifPresent(run::onWaveStarted);
            decision.stop().ifPresent(run::onStopped);
            for (ClusterId cluster : decision.start()) {
                run.onClusterStarted(cluster);
                starts.put(cluster, t);
                upgrading.put(cluster, t.plus(estimate.apply(cluster)));
            }
            if (decision.waiting() == FleetRun.Waiting.DONE) {
                break;
            }
            if (decision.waiting() == FleetRun.Waiting.APPROVAL) {
                run.onApproved(run.currentWave() + 1);
                continue;
            }
            if (decision.waiting() == FleetRun.Waiting.CHECK) {
                run.onCheckRecorded(run.currentWave(), true);
                continue;
            }
            if (decision.waiting() == FleetRun.Waiting.NOTHING) {
                continue;
            }
            Instant next = decision.wakeUp().orElse(null);
            for (Instant end : upgrading.values()) {
                next = next == null || end.isBefore(next) ? end : next;
            }
            if (next == null) {
                break;
            }
            t = next.isAfter(t) ? next : t;
            List<ClusterId> finished = new ArrayList<>();
            for (Map.Entry<ClusterId, Instant> entry : upgrading.entrySet()) {
                if (!entry.getValue().isAfter(t)) {
                    finished.add(entry.getKey());
                }
            }
            for (ClusterId cluster : finished) {
                Instant end = upgrading.remove(cluster);
                ends.put(cluster, end);
                run.onClusterSucceeded(cluster, end);
            }
        }
        List<Expected> expected = new ArrayList<>();
        boolean all = true;
        Instant last = null;
        for (WavePlan.Wave wave : waves) {
            for (ClusterId cluster : wave.clusters()) {
                Instant end = ends.get(cluster);
                all &= end != null || before.get(cluster).settled();
                last = end != null && (last == null || end.isAfter(last)) ? end : last;
                expected.add(new Expected(cluster, wave.index(), Optional.ofNullable(starts.get(cluster)),
                        Optional.ofNullable(end)));
            }
        }
        return new Forecast(expected, all ? Optional.ofNullable(last) : Optional.empty());
    }
}
