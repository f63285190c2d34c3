package dev.upgradeledger.projection.diagnosis;

import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.LedgerEvent;
import dev.upgradeledger.events.NodeQuarantined;
import dev.upgradeledger.events.RollbackStarted;
import dev.upgradeledger.events.StepFailed;
import dev.upgradeledger.events.StepStarted;
import dev.upgradeledger.events.StepTimedOut;
import dev.upgradeledger.events.UpgradeAborted;
import dev.upgradeledger.events.UpgradeCompleted;
import dev.upgradeledger.events.UpgradeFailed;
import dev.upgradeledger.events.UpgradeFinalized;
import dev.upgradeledger.events.PauseCause;
import dev.upgradeledger.events.UpgradePaused;
import dev.upgradeledger.events.UpgradePlanned;
import dev.upgradeledger.events.UpgradeRejected;
import dev.upgradeledger.events.UpgradeRequested;
import dev.upgradeledger.events.UpgradeResumed;
import dev.upgradeledger.events.Version;
import dev.upgradeledger.projection.model.UpgradeLifecycle;
import dev.upgradeledger.projection.diagnosis.UpgradeDiagnosis.Attempt;
import dev.upgradeledger.projection.diagnosis.UpgradeDiagnosis.ChainLink;
import dev.upgradeledger.projection.diagnosis.UpgradeDiagnosis.Ending;
import dev.upgradeledger.projection.diagnosis.UpgradeDiagnosis.Failure;
import dev.upgradeledger.projection.diagnosis.UpgradeDiagnosis.FailedAttempt;
import dev.upgradeledger.projection.diagnosis.UpgradeDiagnosis.Quarantine;
import dev.upgradeledger.projection.diagnosis.UpgradeDiagnosis.Rejection;
import dev.upgradeledger.projection.diagnosis.UpgradeDiagnosis.Request;
import dev.upgradeledger.projection.diagnosis.UpgradeDiagnosis.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one upgrade's recorded events and finds what its diagnosis says: the request, every step and attempt with its
 * duration, the failed attempts, the first failure and what the ledger did about it, the causal chain to it, and which
 * events the states before the failure and the last good state are as of. Pure: no I/O, no clock.
 *
 * <p><b>The failure</b> is the first of: an attempt that failed or timed out and was not retried ({@code willRetry}
 * false: not retryable, out of attempts, or the upgrade was paused), a pause the ledger made by itself (an invariant, a
 * plan that ended with nodes out of service), or {@code UpgradeFailed}. Attempts that failed and were retried are
 * reported, but do not make the upgrade failed. A pause or an abort by an operator is no failure.
 *
 * <p><b>The last good state</b> is the cluster right after the last step of the upgrade that succeeded before the
 * failure; when none had, right after the upgrade was planned (the cluster as the upgrade found it).
 */
final class Diagnostician {

    /** What the events say, and which sequences the two states are to be rebuilt at. */
    record Findings(String upgradeId, String clusterId, Request request, String status, boolean failed,
                    String summary, Failure failure, List<Attempt> failedStepAttempts,
                    List<FailedAttempt> failedAttempts, List<Quarantine> quarantinedNodes, Rejection rejection,
                    Ending ending, List<ChainLink> causalChain, List<Step> steps, Long beforeFailureSequence,
                    Long lastGoodSequence, String lastGoodEventType, String lastGoodDefinition) {
    }

    private final String upgradeId;
    private final List<EventEnvelope> events;
    private final CausalChain chain;
    private final Map<String, StepLog> steps = new LinkedHashMap<>();
    private final Map<String, StepLog> stepsOfHop = new HashMap<>();
    private final List<FailedAttempt> failedAttempts = new ArrayList<>();
    private final List<Quarantine> quarantined = new ArrayList<>();
    private int hop;
    private String status = "UNKNOWN";
    private boolean rollingBack;
    private boolean approvalPending;
    private EventEnvelope requested;
    private EventEnvelope rejected;
    private EventEnvelope planned;
    private EventEnvelope ending;
    private EventEnvelope lastSuccess;
    private int failureIndex = -1;
    private String failureKind;
    private StepLog failedStep;

    private Diagnostician(String upgradeId, List<EventEnvelope> events) {
        this.upgradeId = upgradeId;
        this.events = events;
        this.chain = new CausalChain(events);
    }

    /**
     * @param events the cluster's events from the upgrade's first to its last, in sequence order; events of the
     *               cluster alone (a management hand-over) may be among them, those of another upgrade are left out
     * @throws IllegalArgumentException when none of the events belongs to the upgrade
     */
    static Findings analyse(String upgradeId, List<EventEnvelope> events) {
        List<EventEnvelope> ofUpgrade = new ArrayList<>();
        for (EventEnvelope event : events) {
            String id = Events.upgradeId(event.payload());
            if (id == null ? !ofUpgrade.isEmpty() : id.equals(upgradeId)) {
                if (event.payload() instanceof UpgradeRequested || event.payload() instanceof UpgradeRejected) {
                    ofUpgrade.clear();
                }
                ofUpgrade.add(event);
            }
        }
        if (ofUpgrade.isEmpty()) {
            throw new IllegalArgumentException("no event of upgrade " + upgradeId);
        }
        return new Diagnostician(upgradeId, ofUpgrade).analyse();
    }

    private Findings analyse() {
        for (int i = 0; i < events.size(); i++) {
            take(i, events.get(i));
        }
        steps.values().forEach(step -> step.attempts.forEach(attempt -> {
            if ("RUNNING".equals(attempt.outcome) && UpgradeLifecycle.ENDED.contains(status)) {
                attempt.outcome = "ABANDONED";
            }
        }));
        boolean failed = failureIndex >= 0;
        Failure failure = failed ? failure() : null;
        EventEnvelope lastGood = failed ? (lastSuccess != null ? lastSuccess : planned) : null;
        return new Findings(upgradeId, events.get(0).clusterId().value(), request(), status, failed,
                summary(failure), failure,
                failedStep == null ? List.of() : failedStep.attempts.stream().map(AttemptLog::view).toList(),
                List.copyOf(failedAttempts), List.copyOf(quarantined), rejection(),
                ending == null ? null : new Ending(ending.eventType(), ending.sequence(), ending.timestamp(),
                        ending.actor(), reason(ending.payload())),
                failed ? chain.leadingTo(failureIndex) : List.of(),
                steps.values().stream().map(StepLog::view).toList(),
                failed ? events.get(failureIndex).sequence() - 1 : null,
                lastGood == null ? null : lastGood.sequence(),
                lastGood == null ? null : lastGood.eventType(),
                lastGood == null ? null : lastGood == lastSuccess
                        ? "right after the last step that succeeded before the failure (" + Events.describe(lastGood)
                        + ")"
                        : "right after the upgrade was planned: no step had succeeded before the failure");
    }

    private void take(int index, EventEnvelope envelope) {
        LedgerEvent event = envelope.payload();
        status = UpgradeLifecycle.after(status, rollingBack, approvalPending, event);
        approvalPending = UpgradeLifecycle.approvalPendingAfter(approvalPending, event);
        if (event instanceof UpgradeRequested) {
            requested = envelope;
            rollingBack = false;
        } else if (event instanceof UpgradeRejected) {
            rejected = envelope;
        } else if (event instanceof UpgradePlanned) {
            hop++;
            stepsOfHop.clear();
            planned = planned == null ? envelope : planned;
        } else if (event instanceof StepStarted started) {
            StepLog step = stepsOfHop.computeIfAbsent(started.stepId(), id -> {
                StepLog log = new StepLog(hop, started);
                steps.put(hop + "/" + id, log);
                return log;
            });
            step.start(envelope, started);
        } else if (event instanceof StepFailed failedStep) {
            attemptFailed(index, envelope, failedStep.stepId(), failedStep.attempt(), "FAILED", failedStep.code(),
                    failedStep.message(), failedStep.willRetry());
        } else if (event instanceof StepTimedOut timedOut) {
            StepLog step = stepsOfHop.get(timedOut.stepId());
            AttemptLog attempt = step == null ? null : step.attempt(timedOut.attempt());
            attemptFailed(index, envelope, timedOut.stepId(), timedOut.attempt(), "TIMED_OUT", "timeout",
                    "no outcome before " + (attempt == null ? "its deadline" : attempt.deadline),
                    timedOut.willRetry());
        } else if (event instanceof NodeQuarantined node) {
            quarantined.add(new Quarantine(envelope.sequence(), envelope.timestamp(), node.nodeId().value(),
                    node.stepId(), node.reason()));
        } else if (event instanceof UpgradePaused paused) {
            // the typed cause (revision 2; derived from the reason text of revision 1) says who paused it
            if (failureIndex < 0 && paused.cause() != PauseCause.OPERATOR) {
                failureIndex = index;
                failureKind = "PAUSED_BY_LEDGER";
            }
        } else if (event instanceof RollbackStarted) {
            rollingBack = true;
        } else if (event instanceof UpgradeAborted || event instanceof UpgradeCompleted
                || event instanceof UpgradeFinalized) {
            ending = envelope;
        } else if (event instanceof UpgradeFailed) {
            ending = envelope;
            if (failureIndex < 0) {
                failureIndex = index;
                failureKind = "UPGRADE_FAILED";
            }
        } else {
            String stepId = Events.factStepId(event);
            StepLog step = stepId == null ? null : stepsOfHop.get(stepId);
            if (step != null) {
                step.succeeded(envelope);
                if (failureIndex < 0) {
                    lastSuccess = envelope;
                }
            }
        }
    }

    private void attemptFailed(int index, EventEnvelope envelope, String stepId, int number, String outcome,
                               String code, String message, boolean willRetry) {
        StepLog step = stepsOfHop.get(stepId);
        AttemptLog attempt = step == null ? null : step.attempt(number);
        if (attempt != null) {
            attempt.end(envelope, outcome);
            attempt.code = code;
            attempt.message = message;
            attempt.willRetry = willRetry;
        }
        failedAttempts.add(new FailedAttempt(envelope.sequence(), envelope.timestamp(), stepId,
                step == null ? null : step.action, step == null ? null : step.nodeId, number, outcome, code, message,
                willRetry));
        if (!willRetry && failureIndex < 0) {
            failureIndex = index;
            failureKind = "FAILED".equals(outcome) ? "STEP_FAILED" : "STEP_TIMED_OUT";
            failedStep = step;
        }
    }

    private Failure failure() {
        EventEnvelope envelope = events.get(failureIndex);
        LedgerEvent event = envelope.payload();
        Integer maxAttempts = requested == null ? null : ((UpgradeRequested) requested.payload()).maxAttempts();
        if (!failureKind.startsWith("STEP_")) {
            return new Failure(failureKind, envelope.sequence(), envelope.timestamp(), envelope.actor(), null, null,
                    null, null, maxAttempts, null, null, null, event instanceof UpgradeFailed ? "FAILED" : "PAUSED",
                    envelope.sequence(), reason(event), envelope.traceId());
        }
        FailedAttempt attempt = failedAttempts.stream().filter(a -> a.sequence() == envelope.sequence())
                .findFirst().orElseThrow();
        int consequenceIndex = consequenceOf(failureIndex);
        EventEnvelope consequence = consequenceIndex < 0 ? null : events.get(consequenceIndex);
        return new Failure(failureKind, envelope.sequence(), envelope.timestamp(), envelope.actor(),
                attempt.stepId(), attempt.action(), attempt.nodeId(), attempt.attempt(), maxAttempts, attempt.code(),
                attempt.message(), event instanceof StepFailed failed ? failed.retryable() : null,
                consequence == null ? "NONE" : consequenceName(consequence.payload()),
                consequence == null ? null : consequence.sequence(),
                consequence == null ? "the upgrade was paused already" : reason(consequence.payload()),
                envelope.traceId());
    }

    /** The event by which the ledger answered the failure: recorded by the same message, right after it. */
    private int consequenceOf(int index) {
        String causation = events.get(index).causationId();
        for (int i = index + 1; i < events.size(); i++) {
            EventEnvelope next = events.get(i);
            boolean sameMessage = causation == null ? i == index + 1 : causation.equals(next.causationId());
            if (!sameMessage) {
                if (causation == null) {
                    return -1;
                }
                continue;
            }
            if (consequenceName(next.payload()) != null) {
                return i;
            }
        }
        return -1;
    }

    private static String consequenceName(LedgerEvent event) {
        if (event instanceof NodeQuarantined) {
            return "QUARANTINED";
        } else if (event instanceof UpgradePaused) {
            return "PAUSED";
        } else if (event instanceof UpgradeFailed) {
            return "FAILED";
        } else if (event instanceof UpgradeAborted) {
            // an approval nobody gave expires: its time-out aborts the upgrade in the same message
            return "ABORTED";
        }
        return null;
    }

    private static String reason(LedgerEvent event) {
        if (event instanceof UpgradePaused e) {
            return e.reason();
        } else if (event instanceof UpgradeAborted e) {
            return e.reason();
        } else if (event instanceof UpgradeFailed e) {
            return e.reason();
        } else if (event instanceof NodeQuarantined e) {
            return e.reason();
        } else if (event instanceof RollbackStarted e) {
            return e.reason();
        }
        return null;
    }

    private Request request() {
        if (requested == null) {
            return null;
        }
        UpgradeRequested request = (UpgradeRequested) requested.payload();
        return new Request(requested.sequence(), requested.timestamp(), requested.actor(), requested.correlationId(),
                text(request.fromVersion()), text(request.targetVersion()), request.strategy().name(),
                request.maxAttempts(), request.failurePolicy() == null ? null : request.failurePolicy().mode().name(),
                requested.traceId());
    }

    private Rejection rejection() {
        if (rejected == null) {
            return null;
        }
        UpgradeRejected rejection = (UpgradeRejected) rejected.payload();
        return new Rejection(rejected.sequence(), rejected.timestamp(), rejected.actor(), rejection.rule(),
                rejection.reason(), rejection.allowedPath().stream().map(Version::value).toList());
    }

    private String summary(Failure failure) {
        if (rejected != null) {
            UpgradeRejected rejection = (UpgradeRejected) rejected.payload();
            return "Upgrade " + upgradeId + " was rejected (" + rejection.rule() + "): " + rejection.reason();
        }
        if (failure == null) {
            String retried = failedAttempts.isEmpty() ? "no step failed"
                    : failedAttempts.size() + " failed attempt(s) were retried";
            String ended = ending != null && ending.payload() instanceof UpgradeAborted aborted
                    ? " (aborted by " + ending.actor() + ": " + aborted.reason() + ")" : "";
            return "Upgrade " + upgradeId + " did not fail: " + retried + ". Status: " + status + ended + ".";
        }
        String consequence = switch (failure.consequence()) {
            case "PAUSED" -> "the upgrade paused";
            case "QUARANTINED" -> "node " + failure.nodeId() + " was quarantined and the upgrade went on";
            case "FAILED" -> "the upgrade failed";
            case "ABORTED" -> "the upgrade was aborted";
            default -> "the upgrade was paused already";
        };
        String what = switch (failure.kind()) {
            case "STEP_FAILED" -> "Step " + step(failure) + " failed for good at attempt " + failure.attempt()
                    + (failure.maxAttempts() == null ? "" : " of " + failure.maxAttempts()) + ": " + failure.code()
                    + ": " + failure.message() + (Boolean.TRUE.equals(failure.retryable()) ? "" : " (not retryable)");
            case "STEP_TIMED_OUT" -> "Step " + step(failure) + " timed out at attempt " + failure.attempt()
                    + (failure.maxAttempts() == null ? "" : " of " + failure.maxAttempts()) + " ("
                    + failure.message() + ")";
            case "PAUSED_BY_LEDGER" -> "The ledger paused the upgrade: " + failure.detail();
            default -> "The upgrade failed: " + failure.detail();
        };
        return what + (failure.kind().startsWith("STEP") ? "; " + consequence : "") + ". Status now: " + status + ".";
    }

    private String step(Failure failure) {
        String environment = failedStep != null && failedStep.stepId.equals(failure.stepId())
                ? failedStep.environment : null;
        return failure.stepId() + " (" + failure.action() + (failure.nodeId() == null ? "" : " on " + failure.nodeId())
                + (environment == null ? "" : " of environment " + environment) + ")";
    }

    private static String text(Version version) {
        return version == null ? null : version.value();
    }

    /** A step of one hop: every attempt of it. */
    private static final class StepLog {

        private final int hop;
        private final String stepId;
        private final String action;
        private final String nodeId;
        /** The environment an Inmanta migration step acts on ({@code parameters.environment}), else null. */
        private final String environment;
        private final List<AttemptLog> attempts = new ArrayList<>();

        StepLog(int hop, StepStarted started) {
            this.hop = hop;
            this.stepId = started.stepId();
            this.action = started.action().name();
            this.nodeId = started.nodeId() == null ? null : started.nodeId().value();
            this.environment = started.parameters().get("environment");
        }

        void start(EventEnvelope envelope, StepStarted started) {
            AttemptLog running = running();
            if (running != null) {
                running.end(envelope, "RESTARTED");
            }
            attempts.add(new AttemptLog(started.attempt(), envelope, started.deadline()));
        }

        void succeeded(EventEnvelope envelope) {
            AttemptLog running = running();
            if (running != null) {
                running.end(envelope, "SUCCEEDED");
            }
        }

        AttemptLog attempt(int number) {
            for (int i = attempts.size() - 1; i >= 0; i--) {
                if (attempts.get(i).attempt == number) {
                    return attempts.get(i);
                }
            }
            return null;
        }

        private AttemptLog running() {
            AttemptLog last = attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
            return last != null && "RUNNING".equals(last.outcome) ? last : null;
        }

        Step view() {
            AttemptLog first = attempts.get(0);
            AttemptLog last = attempts.get(attempts.size() - 1);
            return new Step(hop, stepId, action, nodeId, last.outcome,
                    last.endedAt == null ? null : Duration.between(first.startedAt, last.endedAt).toMillis(),
                    attempts.stream().map(AttemptLog::view).toList());
        }
    }

    /** One attempt of a step, from its StepStarted to its outcome. */
    private static final class AttemptLog {

        private final int attempt;
        private final long startedSequence;
        private final Instant startedAt;
        private final Instant deadline;
        private String outcome = "RUNNING";
        private Long endedSequence;
        private Instant endedAt;
        private String code;
        private String message;
        private Boolean willRetry;

        AttemptLog(int attempt, EventEnvelope started, Instant deadline) {
            this.attempt = attempt;
            this.startedSequence = started.sequence();
            this.startedAt = started.timestamp();
            this.deadline = deadline;
        }

        void end(EventEnvelope envelope, String result) {
            outcome = result;
            endedSequence = envelope.sequence();
            endedAt = envelope.timestamp();
        }

        Attempt view() {
            return new Attempt(attempt, outcome, startedSequence, startedAt, endedSequence, endedAt,
                    endedAt == null ? null : Duration.between(startedAt, endedAt).toMillis(), code, message,
                    willRetry);
        }
    }
}
