package dev.upgradeledger.projection.diagnosis;

import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.LedgerEvent;
import dev.upgradeledger.events.ManagementHandedOver;
import dev.upgradeledger.events.RollbackStarted;
import dev.upgradeledger.events.StepFailed;
import dev.upgradeledger.events.StepStarted;
import dev.upgradeledger.events.StepTimedOut;
import dev.upgradeledger.events.UpgradeAborted;
import dev.upgradeledger.events.PauseCause;
import dev.upgradeledger.events.UpgradePaused;
import dev.upgradeledger.events.UpgradeRequested;
import dev.upgradeledger.events.UpgradeResumed;
import dev.upgradeledger.projection.diagnosis.UpgradeDiagnosis.ChainLink;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The causal chain of an event: walking back from it to the upgrade request, one cause at a time. Every event carries
 * the id of the message that caused it ({@code causationId}: a command, or a deadline) and of the original request
 * ({@code correlationId}, which the executor passes on when it reports an outcome). Events recorded by one message share
 * its causation id; the first of them was caused by what the message answered:
 * <ul>
 *   <li>a step's outcome (a fact such as {@code NodeUpgraded}, or {@code StepFailed}) answers the {@code StepStarted}
 *       of that step and attempt;</li>
 *   <li>{@code StepTimedOut} is that attempt's deadline; a {@code StepStarted} of its own is the retry after the
 *       previous attempt's failure;</li>
 *   <li>{@code UpgradeResumed} resumes the last pause; other operator commands simply come after the event before.</li>
 * </ul>
 * Pure: works on the upgrade's events, in sequence order.
 */
final class CausalChain {

    private final List<EventEnvelope> events;
    private final Map<String, Integer> firstOfMessage = new HashMap<>();
    /** Where each step's StepStarted, StepFailed and StepTimedOut are, and the pauses: each cause found in a few looks. */
    private final Map<String, List<Integer>> byStep = new HashMap<>();
    private final List<Integer> pauses = new ArrayList<>();

    CausalChain(List<EventEnvelope> events) {
        this.events = events;
        for (int i = 0; i < events.size(); i++) {
            EventEnvelope event = events.get(i);
            if (event.causationId() != null) {
                firstOfMessage.putIfAbsent(event.causationId(), i);
            }
            LedgerEvent payload = event.payload();
            if (payload instanceof StepStarted || payload instanceof StepFailed || payload instanceof StepTimedOut) {
                byStep.computeIfAbsent(Events.stepId(payload), step -> new ArrayList<>()).add(i);
            } else if (payload instanceof UpgradePaused) {
                pauses.add(i);
            }
        }
    }

    /** Whether the event at {@code index} was recorded by a message that recorded an earlier event before it. */
    boolean followsInItsMessage(int index) {
        String causation = events.get(index).causationId();
        return causation != null && firstOfMessage.get(causation) < index;
    }

    /** The chain from the upgrade request (or the first event) to the event at {@code index}, in order. */
    List<ChainLink> leadingTo(int index) {
        List<ChainLink> chain = new ArrayList<>();
        int current = index;
        while (true) {
            EventEnvelope event = events.get(current);
            Cause cause = event.payload() instanceof UpgradeRequested || current == 0 ? null : causeOf(current);
            chain.add(link(event, cause == null ? "REQUEST" : cause.link()));
            if (cause == null) {
                break;
            }
            current = cause.index();
        }
        Collections.reverse(chain);
        return chain;
    }

    private Cause causeOf(int index) {
        EventEnvelope envelope = events.get(index);
        if (followsInItsMessage(index)) {
            return new Cause(firstOfMessage.get(envelope.causationId()), "SAME_MESSAGE");
        }
        LedgerEvent event = envelope.payload();
        String factStep = Events.factStepId(event);
        if (factStep != null) {
            return latest(index, "OUTCOME_OF", byStep.get(factStep), e -> e instanceof StepStarted);
        }
        if (event instanceof StepFailed failed) {
            return latest(index, "OUTCOME_OF", byStep.get(failed.stepId()),
                    e -> e instanceof StepStarted s && s.attempt() == failed.attempt());
        }
        if (event instanceof StepTimedOut timedOut) {
            return latest(index, "TIMED_OUT", byStep.get(timedOut.stepId()),
                    e -> e instanceof StepStarted s && s.attempt() == timedOut.attempt());
        }
        if (event instanceof StepStarted started && started.attempt() > 1) {
            return latest(index, "RETRY_AFTER", byStep.get(started.stepId()),
                    e -> (e instanceof StepFailed f && f.attempt() == started.attempt() - 1)
                            || (e instanceof StepTimedOut t && t.attempt() == started.attempt() - 1));
        }
        if (event instanceof UpgradeResumed) {
            return latest(index, "RESUMES", pauses, e -> true);
        }
        if (event instanceof UpgradePaused paused && paused.cause() == PauseCause.STEP_FAILED
                && paused.stepId() != null) {
            // the typed cause names the step whose failure paused the upgrade
            return latest(index, "FOLLOWS", byStep.get(paused.stepId()),
                    e -> e instanceof StepFailed || e instanceof StepTimedOut);
        }
        boolean operator = (event instanceof UpgradePaused paused && paused.cause() == PauseCause.OPERATOR)
                || event instanceof RollbackStarted
                || event instanceof UpgradeAborted || event instanceof ManagementHandedOver;
        return new Cause(index - 1, operator ? "OPERATOR_COMMAND" : "FOLLOWS");
    }

    /** The latest of the {@code candidates} before {@code index} that matches, or else simply the event before. */
    private Cause latest(int index, String link, List<Integer> candidates, Predicate<LedgerEvent> matches) {
        if (candidates != null) {
            for (int i = candidates.size() - 1; i >= 0; i--) {
                int candidate = candidates.get(i);
                if (candidate < index && matches.test(events.get(candidate).payload())) {
                    return new Cause(candidate, link);
                }
            }
        }
        return new Cause(index - 1, "FOLLOWS");
    }

    private static ChainLink link(EventEnvelope event, String link) {
        return new ChainLink(event.sequence(), event.eventType(), event.timestamp(), event.actor(),
                event.correlationId(), event.causationId(), link, Events.describe(event), event.traceId());
    }

    private record Cause(int index, String link) {
    }
}
