package dev.upgradeledger.projection.fleet;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** What the fleet queries answer. */
public final class FleetViews {

    private FleetViews() {
    }

    /**
     * One fleet upgrade whole: its waves with each cluster's state and its own upgrade's status, the skipped clusters,
     * the failure budget and the last halt.
     *
     * @param currentWave the wave started last (-1 before the first)
     * @param waitingFor  what keeps it from starting clusters: {@code RESUME} while halted, {@code NOTHING} when it
     *                    ended, {@code APPROVAL} while the next wave waits for a person's approval (see the wave's
     *                    {@code approval}), {@code CHECK} while the check after a wave is evaluated, else
     *                    {@code CLUSTERS}
     * @param halt        the last halt (kept with {@code liftedAt} once resumed), null when it never halted
     * @param upgrade     every cluster's upgrade settings, as started
     * @param lastSequence the last fleet event the answer includes
     * @param eta          when it is expected to end (running or halted fleets; null once it ended)
     */
    @Schema(name = "FleetUpgradeView")
    public record FleetUpgrade(String fleetId, @Nullable String product, String targetVersion, FleetStatus status,
                               int currentWave, int waveCount, String waitingFor, ClusterCounts clusters,
                               Budget failureBudget, @Nullable Halt halt, int maxConcurrent,
                               @Nullable Map<String, Object> gates, @Nullable Map<String, Object> upgrade,
                               @Nullable String startedBy, @Nullable String correlationId, Instant startedAt,
                               @Nullable Instant endedAt, @Nullable String abortReason, @Nullable Integer succeeded,
                               Instant updatedAt, long lastSequence, List<Wave> waves, List<Skipped> skipped,
                               @Nullable Eta eta) {
    }

    /**
     * A fleet's expected end, computed when read (see docs/fleet.md#eta).
     *
     * @param basis         {@code MEASURED} from the step times measured in this fleet, {@code PLAN} from the plan's
     *                      estimate of one cluster's time before any step was measured
     * @param stepTime      the measured wall time of a cluster's upgrade per finished step (ISO-8601), null before any
     * @param stepsMeasured the finished steps it was measured over
     * @param clusterTime   one cluster's expected time (ISO-8601): the mean step count times the step time, or the
     *                      plan's estimate
     * @param expectedEnd   when the last cluster is expected to end, null when one is not expected to start (halted,
     *                      a window that never opens)
     * @param note          why there is no expected end, when there is none for a reason of the fleet's
     */
    @Schema(name = "FleetEta")
    public record Eta(String basis, @Nullable String stepTime, int stepsMeasured, String clusterTime,
                      @Nullable Instant expectedEnd, Instant computedAt, @Nullable String note) {
    }

    /** A fleet upgrade in a list. */
    @Schema(name = "FleetUpgradeSummary")
    public record Summary(String fleetId, @Nullable String product, String targetVersion, FleetStatus status,
                          int currentWave, int waveCount, ClusterCounts clusters, int skipped, Budget failureBudget,
                          @Nullable String haltCause, @Nullable String startedBy, Instant startedAt,
                          @Nullable Instant endedAt, Instant updatedAt) {
    }

    /** A page of fleet upgrades by id; {@code next} is the {@code after} of the next page, null on the last. */
    public record Page(List<Summary> fleets, @Nullable String next) {
    }

    /** How many clusters the fleet took, and how many are in each state. */
    @Schema(name = "FleetClusterCounts")
    public record ClusterCounts(int total, int pending, int running, int succeeded, int paused, int failed) {
    }

    /**
     * The failure budget against the failures that count now (failed or paused clusters; a failed one stops counting
     * when the fleet is resumed).
     *
     * @param max     the budget as given (a count or a percentage)
     * @param allowed the failures it tolerates; the next one exceeds it
     * @param used    the failures counted now
     */
    @Schema(name = "FleetBudgetUse")
    public record Budget(@Nullable String max, int allowed, int used, boolean exceeded,
                         @Nullable List<Failure> failures) {
    }

    /** A failed or paused cluster of the fleet, with the wave it belongs to and why. */
    @Schema(name = "FleetFailure")
    public record Failure(String clusterId, int wave, String outcome, @Nullable String reason) {
    }

    /**
     * Why the fleet stopped starting clusters.
     *
     * @param cause    {@code failure-budget} or {@code check-failed}
     * @param failed   the failures counted against the budget when it stopped
     * @param liftedAt when a resume lifted it, null while the fleet is halted
     */
    @Schema(name = "FleetHalt")
    public record Halt(String cause, int wave, @Nullable String detail, Instant at, @Nullable Instant liftedAt,
                       List<Failure> failed) {
    }

    /**
     * One wave: {@code PENDING} until it starts, {@code RUNNING}, then {@code SETTLED} once no cluster is left.
     *
     * @param approval its approval gate (fleets started with {@code gates.approval}), null when none was asked
     * @param check    the check after this wave (fleets started with {@code gates.check}), null when none was asked
     */
    @Schema(name = "FleetWaveView")
    public record Wave(int index, boolean canary, String status, @Nullable Instant startedAt, int clusterCount,
                       List<Cluster> clusters, @Nullable Approval approval, @Nullable Check check) {
    }

    /**
     * The check after a wave: asked once its soak passed (again after a resume), then its result.
     *
     * @param verdict {@code PASSED}, {@code FAILED} or {@code UNREACHABLE}; null while it is evaluated
     * @param value   the value answered, or null
     */
    @Schema(name = "FleetWaveCheck")
    public record Check(@Nullable Instant requestedAt, @Nullable String verdict, @Nullable Double value,
                        @Nullable String detail, @Nullable Instant checkedAt) {
    }

    /**
     * The approval of a wave's start: asked when the wave before it settled and its gates passed.
     *
     * @param approvedBy who approved (the token's subject), null while it waits
     */
    @Schema(name = "FleetWaveApproval")
    public record Approval(@Nullable Instant requestedAt, @Nullable String approvedBy, @Nullable String reason,
                           @Nullable Instant approvedAt) {
    }

    /**
     * One cluster of the fleet.
     *
     * @param state               {@code PENDING}, {@code RUNNING}, {@code SUCCEEDED}, {@code PAUSED}, {@code FAILED}
     * @param countsAgainstBudget whether it is among the failures counted now
     * @param path                the versions its own upgrade goes through, from its version when the fleet started
     * @param window              its maintenance window ({@code cron}, {@code duration}, {@code zone}), null: any time
     * @param upgrade             its own upgrade (upgrade id = the fleet's id) as the upgrade read model has it, null
     *                            until the projection has seen it
     * @param rollback            its part in the fleet's rollback, null when the fleet did not ask it to roll back
     * @param expectedStart       when a pending cluster is expected to start (see the fleet's {@code eta})
     * @param expectedEnd         when a pending or running cluster is expected to end
     */
    @Schema(name = "FleetClusterView")
    public record Cluster(String clusterId, @Nullable String product, String state, @Nullable String reason,
                          boolean countsAgainstBudget, @Nullable String fromVersion, List<String> path,
                          @Nullable Map<String, Object> window, @Nullable Instant startedAt,
                          @Nullable Instant settledAt, @Nullable ClusterUpgrade upgrade,
                          @Nullable Rollback rollback, @Nullable Instant expectedStart,
                          @Nullable Instant expectedEnd) {

        /** This cluster with its expected times. */
        public Cluster expected(@Nullable Instant start, @Nullable Instant end) {
            return new Cluster(clusterId, product, state, reason, countsAgainstBudget, fromVersion, path, window,
                    startedAt, settledAt, upgrade, rollback, start, end);
        }
    }

    /**
     * A cluster's part in the fleet's rollback.
     *
     * @param outcome {@code ASKED} (no answer yet), {@code REQUESTED} (its upgrade rolls back), {@code ABORTED} (no node
     *                changed yet: its upgrade was aborted instead) or {@code REFUSED}
     * @param rule    the refusal's rule, null unless refused
     */
    @Schema(name = "FleetClusterRollback")
    public record Rollback(String outcome, @Nullable String rule, @Nullable String detail) {
    }

    /**
     * A fleet cluster's own upgrade.
     *
     * @param version     the cluster's version now
     * @param lastFailure its last failed step, null when none failed
     */
    @Schema(name = "FleetClusterUpgrade")
    public record ClusterUpgrade(String status, @Nullable String version, int stepsTotal, int stepsSucceeded,
                                 @Nullable StepFailure lastFailure) {
    }

    /** A failed step of a cluster's upgrade: where, the error, and when. */
    @Schema(name = "FleetStepFailure")
    public record StepFailure(@Nullable String stepId, @Nullable String nodeId, @Nullable String action,
                              @Nullable Integer attempt, @Nullable String code, @Nullable String message,
                              @Nullable Instant at) {
    }

    /** A cluster the selector chose but the plan skipped, with the rule that keeps it out and the way out. */
    @Schema(name = "FleetSkippedView")
    public record Skipped(String clusterId, @Nullable String currentVersion, @Nullable String rule,
                          @Nullable String detail, @Nullable String wayOut, @Nullable List<String> allowedPath) {
    }

    /**
     * Why a fleet upgrade stopped: the halt and, for each cluster that used the budget, the fleet's reason and the
     * failure its own upgrade recorded, with where to read that upgrade's diagnosis.
     *
     * @param halted  whether the fleet is halted now
     * @param summary one sentence: what stopped and which clusters used the budget
     */
    @Schema(name = "FleetDiagnosis")
    public record Diagnosis(String fleetId, FleetStatus status, boolean halted, String summary, @Nullable Halt halt,
                            Budget failureBudget, List<ClusterFailure> failures) {
    }

    /**
     * @param diagnosis the path of the cluster upgrade's own diagnosis
     */
    @Schema(name = "FleetClusterFailure")
    public record ClusterFailure(String clusterId, int wave, String outcome, @Nullable String reason,
                                 @Nullable ClusterUpgrade upgrade, String diagnosis) {
    }
}
