package dev.upgradeledger.projection.diagnosis;

import dev.upgradeledger.projection.timetravel.ClusterState;
import java.time.Instant;
import java.util.List;

/**
 * Why an upgrade failed, answered from the cluster's recorded history: the summary, the failure, the causal chain
 * and the two states whole on every page, the lists of steps, failed attempts and quarantined nodes one page at a time
 * ({@link DiagnosisPage}: in sequence order, those after the page's {@code after}).
 *
 * @param status             the upgrade's status after its last recorded event: REQUESTED, RUNNING, PAUSED,
 *                           ROLLING_BACK, COMPLETED, ROLLED_BACK, ABORTED, FAILED, FINALIZED, REJECTED, or UNKNOWN
 *                           (the recorded history lacks the request: it starts after it)
 * @param failed             whether the upgrade failed: a step failed for good (not retried), the ledger paused it
 *                           on its own (an invariant, nodes left out of service) or it ended FAILED. Attempts that
 *                           failed and were retried do not make an upgrade failed; they are in {@code failedAttempts}
 * @param summary            one sentence for a human
 * @param failure            the first failure, null when {@code failed} is false
 * @param failedStepAttempts every attempt of the failed step, with its duration
 * @param failedAttempts     the attempts of any step that failed or timed out, retried or not (of this page)
 * @param quarantinedNodes   the nodes set aside (of this page)
 * @param causalChainLength  how many events the causal chain has
 * @param causalChain        the events from the upgrade request to the failure, each linked to the one before; of a
 *                           long chain, the request and the last events before the failure (see {@code chainLimit})
 * @param steps              the steps started (of this page: by the sequence of their first start), with each
 *                           attempt and how long it took
 * @param stateBeforeFailure the cluster as of the event just before the failure (its first page of nodes; the rest
 *                           from time travel at that sequence, after its {@code next})
 * @param lastGoodState      the cluster right after the last step that succeeded before the failure, or right after
 *                           the upgrade was planned when none had (its first page of nodes, as above)
 * @param stepCount          how many steps were started (every page)
 * @param failedAttemptCount how many attempts failed or timed out (every page)
 * @param quarantinedNodeCount how many nodes were quarantined (every page)
 * @param next               the sequence to ask the next page of steps, failed attempts and quarantined nodes
 *                           {@code after}; null on the last page
 */
public record UpgradeDiagnosis(String upgradeId, String clusterId, Request request, String status, boolean failed,
                               String summary, Failure failure, List<Attempt> failedStepAttempts,
                               List<FailedAttempt> failedAttempts, List<Quarantine> quarantinedNodes,
                               Rejection rejection, Ending ending, int causalChainLength,
                               List<ChainLink> causalChain, List<Step> steps,
                               StateAt stateBeforeFailure, StateAt lastGoodState, int stepCount,
                               int failedAttemptCount, int quarantinedNodeCount, String next) {

    /**
     * The request that started the upgrade: who, when, under which correlation id, and what it asked for.
     *
     * @param traceId the trace the request's events were stored in (the upgrade's trace), or null
     */
    public record Request(long sequence, Instant at, String actor, String correlationId, String fromVersion,
                          String targetVersion, String strategy, int maxAttempts, String failurePolicy,
                          String traceId) {
    }

    /**
     * @param kind        STEP_FAILED, STEP_TIMED_OUT, PAUSED_BY_LEDGER (an invariant or the end of a plan stopped it)
     *                    or UPGRADE_FAILED
     * @param consequence what the ledger did about it: PAUSED, QUARANTINED (the node was set aside and the upgrade went
     *                    on), FAILED, or NONE (the upgrade was paused already)
     * @param detail      the failure's or the consequence's own words (an error message, a pause reason)
     * @param traceId     the trace the failure's event was stored in (for a step: the executor's report), or null
     */
    // another Failure (the upgrade progress' last failure) is a schema of its own in the OpenAPI document
    @io.swagger.v3.oas.annotations.media.Schema(name = "DiagnosisFailure")
    public record Failure(String kind, long sequence, Instant at, String actor, String stepId, String action,
                          String nodeId, Integer attempt, Integer maxAttempts, String code, String message,
                          Boolean retryable, String consequence, Long consequenceSequence, String detail,
                          String traceId) {
    }

    /**
     * One attempt of a step. {@code outcome}: SUCCEEDED, FAILED, TIMED_OUT, RUNNING (no outcome yet), RESTARTED (a
     * manager hand-over started a new attempt) or ABANDONED (the upgrade ended without an outcome).
     *
     * @param durationMillis from StepStarted to the outcome, null while there is none
     */
    public record Attempt(int attempt, String outcome, long startedSequence, Instant startedAt, Long endedSequence,
                          Instant endedAt, Long durationMillis, String code, String message, Boolean willRetry) {
    }

    public record FailedAttempt(long sequence, Instant at, String stepId, String action, String nodeId, int attempt,
                                String outcome, String code, String message, boolean willRetry) {
    }

    public record Quarantine(long sequence, Instant at, String nodeId, String stepId, String reason) {
    }

    public record Rejection(long sequence, Instant at, String actor, String rule, String reason,
                            List<String> allowedPath) {
    }

    /** How the upgrade ended (completed, rolled back, aborted, failed, finalized); null while it has not. */
    public record Ending(String eventType, long sequence, Instant at, String actor, String reason) {
    }

    /**
     * One event of the causal chain. {@code link} says how it follows from the event before it in the chain:
     * REQUEST (the first: the upgrade request), SAME_MESSAGE (recorded by the same command or deadline as that event:
     * the same causationId), OUTCOME_OF (the reported outcome of the step attempt that event started), TIMED_OUT (that
     * attempt's deadline passed), RETRY_AFTER (the retry after that failed attempt's back-off), RESUMES (an operator
     * resumed that pause), OPERATOR_COMMAND (an operator's command, issued after that event) or FOLLOWS (no recorded
     * cause: simply the next event of the upgrade). {@code traceId}: the trace the event was stored in, or null.
     */
    public record ChainLink(long sequence, String eventType, Instant at, String actor, String correlationId,
                            String causationId, String link, String description, String traceId) {
    }

    /**
     * @param hop            1 for the first hop of the upgrade's path, 2 for the next, ...
     * @param durationMillis from the first attempt's start to the last attempt's outcome
     */
    public record Step(int hop, String stepId, String action, String nodeId, String outcome, Long durationMillis,
                       List<Attempt> attempts) {
    }

    /** A past state of the cluster, what it is, and the event it is as of. */
    public record StateAt(String definition, long sequence, String eventType, ClusterState state) {
    }
}
