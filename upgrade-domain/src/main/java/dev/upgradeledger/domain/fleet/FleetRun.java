package dev.upgradeledger.domain.fleet;

import dev.upgradeledger.events.ClusterId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;

/**
 * The state of a running fleet upgrade and its next move at a given instant: which clusters to start now, or what the
 * fleet waits for. Built from the recorded facts (clusters started, settled, the wave's gates passed, the budget's
 * stop, a resume) through its {@code on...} methods, so that a replay rebuilds it; {@link #next(Instant)} changes
 * nothing and is asked again after every fact and at the wake-up it names.
 *
 * <p>Waves run one after the other; within the current wave the pending clusters start in order, each only inside
 * its maintenance window, never more than {@code maxConcurrent} upgrading at once. A cluster whose upgrade fails or
 * pauses counts against the {@link FailureBudget}; once the budget is exceeded nothing new starts (the running
 * clusters finish) until the fleet is resumed, which resumes the paused clusters and stops counting the failed ones.
 */
public final class FleetRun {

    /** Where one cluster of the fleet is. */
    public enum ClusterState {
        PENDING, RUNNING, SUCCEEDED, PAUSED, FAILED;

        public boolean settled() {
            return this != PENDING && this != RUNNING;
        }

        public boolean failure() {
            return this == PAUSED || this == FAILED;
        }
    }

    /** What the fleet waits for when it starts nothing. */
    public enum Waiting {
        /** Nothing: the decision starts clusters or a wave. */
        NOTHING,
        /** The clusters running (every slot taken, or the wave's last ones still upgrading). */
        CLUSTERS,
        /** The maintenance windows of the wave's pending clusters. */
        WINDOW,
        /** The soak time after a wave. */
        SOAK,
        /** The result of the check between waves. */
        CHECK,
        /** A person's approval of the next wave. */
        APPROVAL,
        /** A resume: the fleet stopped (budget exceeded or check failed). */
        RESUME,
        /** Nothing more: every wave ran, or the fleet was aborted. */
        DONE
    }

    /** A failed or paused cluster, as the stop records it. */
    public record Failure(ClusterId cluster, int wave, ClusterState state, String reason) {
    }

    /**
     * Why the fleet stopped starting clusters.
     *
     * @param cause    {@code failure-budget} or {@code check-failed}
     * @param failures the failures counted against the budget when it stopped
     * @param allowed  the failures the budget tolerates
     */
    public record Stop(String cause, int wave, List<Failure> failures, int allowed, String detail) {

        public Stop {
            failures = List.copyOf(failures);
        }
    }

    /**
     * The next move.
     *
     * @param startWave the wave to start now (its clusters in {@code start} are among them), or empty
     * @param start     the clusters to start now, in order
     * @param stop      the stop to record now (the budget was just exceeded), or empty
     * @param waiting   what the fleet waits for once {@code start} is done
     * @param wakeUp    when to ask again if no fact comes before (a window opening, the soak's end), or empty
     */
    public record Decision(OptionalInt startWave, List<ClusterId> start, Optional<Stop> stop, Waiting waiting,
                           Optional<Instant> wakeUp) {

        public Decision {
            start = List.copyOf(start);
        }
    }

    private final List<WavePlan.Wave> waves;
    private final FailureBudget budget;
    private final int maxConcurrent;
    private final WaveGates gates;
    private final Function<ClusterId, Optional<MaintenanceWindow>> windows;
    private final Map<ClusterId, ClusterState> states = new LinkedHashMap<>();
    private final Map<ClusterId, Integer> waveOf = new HashMap<>();
    private final Map<ClusterId, String> reasons = new HashMap<>();
    private final Set<ClusterId> forgiven = new HashSet<>();
    /** Paused clusters a resume is resuming: not counted until they settle again (or stay paused after a refusal). */
    private final Set<ClusterId> resuming = new HashSet<>();
    private final Map<Integer, Instant> settledAt = new HashMap<>();
    /** Per wave, the check evaluated after it: whether it held and its detail (null for none). */
    private final Map<Integer, CheckResult> checks = new HashMap<>();
    private final Set<Integer> approved = new HashSet<>();
    private int currentWave = -1;
    private Stop stopped;
    private boolean aborted;

    public FleetRun(List<WavePlan.Wave> waves, FailureBudget budget, int maxConcurrent, WaveGates gates,
                    Function<ClusterId, Optional<MaintenanceWindow>> windows) {
        this.waves = List.copyOf(waves);
        this.budget = budget;
        this.maxConcurrent = maxConcurrent;
        this.gates = gates == null ? WaveGates.NONE : gates;
        this.windows = windows;
        for (WavePlan.Wave wave : waves) {
            for (ClusterId cluster : wave.clusters()) {
                states.put(cluster, ClusterState.PENDING);
                waveOf.put(cluster, wave.index());
            }
        }
    }

    // ---- facts ---------------------------------------------------------------------------------------------------

    public void onWaveStarted(int wave) {
        currentWave = wave;
    }

    public void onClusterStarted(ClusterId cluster) {
        states.put(known(cluster), ClusterState.RUNNING);
    }

    public void onClusterSucceeded(ClusterId cluster, Instant at) {
        settle(cluster, ClusterState.SUCCEEDED, null, at);
    }

    public void onClusterPaused(ClusterId cluster, String reason, Instant at) {
        settle(cluster, ClusterState.PAUSED, reason, at);
    }

    public void onClusterFailed(ClusterId cluster, String reason, Instant at) {
        settle(cluster, ClusterState.FAILED, reason, at);
    }

    /** A paused cluster's upgrade runs again. */
    public void onClusterResumed(ClusterId cluster) {
        resuming.remove(cluster);
        if (states.get(known(cluster)) == ClusterState.PAUSED) {
            states.put(cluster, ClusterState.RUNNING);
            settledAt.remove(waveOf.get(cluster));
        }
    }

    public void onStopped(Stop stop) {
        stopped = stop;
    }

    /**
     * The fleet resumes: the stop is lifted, the failed clusters no longer count against the budget (they stay
     * failed) and the paused ones are to be resumed ({@link #pausedClusters()}): they do not count while their resume
     * is under way (else the fleet, asked for its next move before their upgrades ran again, would stop at once), and
     * count again if they pause again.
     */
    public void onResumed() {
        stopped = null;
        states.forEach((cluster, state) -> {
            if (state == ClusterState.FAILED) {
                forgiven.add(cluster);
            } else if (state == ClusterState.PAUSED) {
                resuming.add(cluster);
            }
        });
        checks.remove(currentWave);
    }

    public void onCheckRecorded(int afterWave, boolean passed) {
        onCheckRecorded(afterWave, passed, null);
    }

    /** The check after {@code afterWave} was evaluated; {@code detail} (its value or why it failed) goes into a stop. */
    public void onCheckRecorded(int afterWave, boolean passed, String detail) {
        checks.put(afterWave, new CheckResult(passed, detail));
    }

    private record CheckResult(boolean passed, String detail) {
    }

    public void onApproved(int wave) {
        approved.add(wave);
    }

    public void onAborted() {
        aborted = true;
    }

    // ---- questions ---------------------------------------------------------------------------------------------

    public Decision next(Instant now) {
        if (aborted || waves.isEmpty() || (currentWave == waves.size() - 1 && waveSettled(currentWave))) {
            return waiting(Waiting.DONE, null);
        }
        if (stopped != null) {
            return waiting(Waiting.RESUME, null);
        }
        List<Failure> counted = countedFailures();
        if (budget.exceeded(counted.size(), states.size())) {
            Stop stop = new Stop("failure-budget", Math.max(currentWave, 0), counted, budget.allowed(states.size()),
                    counted.size() + " clusters failed or paused, the budget " + budget.max() + " tolerates "
                            + budget.allowed(states.size()) + ": no new cluster starts, the running ones finish");
            return new Decision(OptionalInt.empty(), List.of(), Optional.of(stop), Waiting.RESUME, Optional.empty());
        }
        int wave = currentWave;
        OptionalInt startWave = OptionalInt.empty();
        if (wave < 0 || waveSettled(wave)) {
            if (wave >= 0) {
                Optional<Decision> gate = gate(wave, now);
                if (gate.isPresent()) {
                    return gate.get();
                }
            }
            wave++;
            startWave = OptionalInt.of(wave);
        }
        int running = (int) states.values().stream().filter(state -> state == ClusterState.RUNNING).count();
        List<ClusterId> start = new ArrayList<>();
        Instant wakeUp = null;
        for (ClusterId cluster : waves.get(wave).clusters()) {
            if (states.get(cluster) != ClusterState.PENDING) {
                continue;
            }
            if (running + start.size() >= maxConcurrent) {
                break;
            }
            Optional<MaintenanceWindow> window = windows.apply(cluster);
            if (window.isEmpty() || window.get().isOpen(now)) {
                start.add(cluster);
            } else {
                Optional<Instant> opens = window.get().nextStartAfter(now);
                if (opens.isPresent() && (wakeUp == null || opens.get().isBefore(wakeUp))) {
                    wakeUp = opens.get();
                }
            }
        }
        Waiting waiting = !start.isEmpty() || startWave.isPresent() ? Waiting.NOTHING
                : running > 0 ? Waiting.CLUSTERS : Waiting.WINDOW;
        return new Decision(startWave, start, Optional.empty(), waiting, Optional.ofNullable(wakeUp));
    }

    /** The gate between {@code wave} (settled) and the next one, when it holds the fleet back. */
    private Optional<Decision> gate(int wave, Instant now) {
        Instant soakEnds = settledAt.getOrDefault(wave, now).plus(gates.soak());
        if (now.isBefore(soakEnds)) {
            return Optional.of(waiting(Waiting.SOAK, soakEnds));
        }
        if (gates.check() != null) {
            CheckResult check = checks.get(wave);
            if (check == null) {
                return Optional.of(waiting(Waiting.CHECK, null));
            }
            if (!check.passed()) {
                Stop stop = new Stop("check-failed", wave, countedFailures(), budget.allowed(states.size()),
                        "the check after wave " + wave + " did not hold: " + gates.check()
                                + (check.detail() == null ? "" : " (" + check.detail() + ")"));
                return Optional.of(new Decision(OptionalInt.empty(), List.of(), Optional.of(stop), Waiting.RESUME,
                        Optional.empty()));
            }
        }
        if (gates.approval() && !approved.contains(wave + 1)) {
            return Optional.of(waiting(Waiting.APPROVAL, null));
        }
        return Optional.empty();
    }

    /**
     * The wave whose start waits for a person's approval now (the one after the current wave, once its soak and check
     * passed), or empty when the fleet waits for something else.
     */
    public OptionalInt awaitingApproval(Instant now) {
        return next(now).waiting() == Waiting.APPROVAL ? OptionalInt.of(currentWave + 1) : OptionalInt.empty();
    }

    /**
     * The settled wave whose check is to be evaluated now (its soak passed, no result recorded since the last resume),
     * or empty when the fleet waits for something else.
     */
    public OptionalInt awaitingCheck(Instant now) {
        return next(now).waiting() == Waiting.CHECK ? OptionalInt.of(currentWave) : OptionalInt.empty();
    }

    /** Whether the start of {@code wave} was approved. */
    public boolean approved(int wave) {
        return approved.contains(wave);
    }

    public ClusterState state(ClusterId cluster) {
        return states.get(known(cluster));
    }

    public Map<ClusterId, ClusterState> states() {
        return Map.copyOf(states);
    }

    public int currentWave() {
        return currentWave;
    }

    public Optional<Stop> stopped() {
        return Optional.ofNullable(stopped);
    }

    public List<WavePlan.Wave> waves() {
        return waves;
    }

    /**
     * The clusters a rollback of the fleet asks to roll back, in order: those upgrading ({@code RUNNING}, {@code
     * PAUSED}) or upgraded ({@code SUCCEEDED}); pending ones never started, failed ones ended without reaching the
     * target.
     */
    public List<ClusterId> rollbackCandidates() {
        return states.entrySet().stream().filter(entry -> entry.getValue() == ClusterState.RUNNING
                        || entry.getValue() == ClusterState.PAUSED || entry.getValue() == ClusterState.SUCCEEDED)
                .map(Map.Entry::getKey).toList();
    }

    /** The paused clusters, in order: what a resume of the fleet resumes. */
    public List<ClusterId> pausedClusters() {
        return states.entrySet().stream().filter(entry -> entry.getValue() == ClusterState.PAUSED)
                .map(Map.Entry::getKey).toList();
    }

    /** The failures counted against the budget now, in order. */
    public List<Failure> countedFailures() {
        return states.entrySet().stream()
                .filter(entry -> entry.getValue().failure() && !forgiven.contains(entry.getKey())
                        && !(entry.getValue() == ClusterState.PAUSED && resuming.contains(entry.getKey())))
                .map(entry -> new Failure(entry.getKey(), waveOf.get(entry.getKey()), entry.getValue(),
                        reasons.get(entry.getKey())))
                .toList();
    }

    private boolean waveSettled(int wave) {
        return waves.get(wave).clusters().stream().allMatch(cluster -> states.get(cluster).settled());
    }

    private void settle(ClusterId cluster, ClusterState state, String reason, Instant at) {
        states.put(known(cluster), state);
        resuming.remove(cluster);
        if (reason != null) {
            reasons.put(cluster, reason);
        }
        int wave = waveOf.get(cluster);
        if (waveSettled(wave)) {
            settledAt.merge(wave, at, (a, b) -> a.isAfter(b) ? a : b);
        }
    }

    private ClusterId known(ClusterId cluster) {
        if (!states.containsKey(cluster)) {
            throw new IllegalArgumentException(cluster + " is not a cluster of this fleet upgrade");
        }
        return cluster;
    }

    private Decision waiting(Waiting waiting, Instant wakeUp) {
        return new Decision(OptionalInt.empty(), List.of(), Optional.empty(), waiting, Optional.ofNullable(wakeUp));
    }
}
