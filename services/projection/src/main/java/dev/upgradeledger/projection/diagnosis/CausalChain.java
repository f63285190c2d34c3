package dev.upgradeledger.projection.diagnosis;

import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.LedgerEvent;
import dev.upgradeledger.events.ManagementHandedOver;
import dev.upgradeledger.events.RollbackStarted;
import dev.upgradeledger.events.StepFailed;
import dev.upgradeledger.events.StepStarted;
import dev.upgradeledger.events.StepTimedOut;
import dev.upgradeledger.events.UpgradeAborted;
import dev.upgradeledger.events.UpgradePaused;
import dev.upgradeledger.events.UpgradeRequested;
import dev.upgradeledger.events.UpgradeResumed;
import dev.upgradeledger.projection.diagnosis.UpgradeDiagnosis.ChainLink;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    CausalChain(List<EventEnvelope> events) {
        this.events = events;
        for (int i = 0; i < events.size(); i++) {
            String causation = events.get(i).causationId();
            if (causation != null) {
                firstOfMessage.putIfAbsent(causation, i);
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
            return latest(index, "OUTCOME_OF", e -> e instanceof StepStarted s && s.stepId().equals(factStep));
        }
        if (event instanceof StepFailed failed) {
            return latest(index, "OUTCOME_OF", e -> e instanceof StepStarted s && s.stepId().equals(failed.stepId())
                    && s.attempt() == failed.attempt());
        }
        if (event instanceof StepTimedOut timedOut) {
            return latest(index, "TIMED_OUT", e -> e instanceof StepStarted s
                    && s.stepId().equals(timedOut.stepId()) && s.attempt() == timedOut.attempt());
        }
        if (event instanceof StepStarted started && started.attempt() > 1) {
            return latest(index, "RETRY_AFTER", e -> (e instanceof StepFailed f && f.stepId().equals(started.stepId())
                    && f.attempt() == started.attempt() - 1) || (e instanceof StepTimedOut t
                    && t.stepId().equals(started.stepId()) && t.attempt() == started.attempt() - 1));
        }
        if (event instanceof UpgradeResumed) {
            return latest(index, "RESUMES", e -> e instanceof UpgradePaused);
        }
        boolean operator = event instanceof UpgradePaused || event instanceof RollbackStarted
                || event instanceof UpgradeAborted || event instanceof ManagementHandedOver;
        return new Cause(index - 1, operator ? "OPERATOR_COMMAND" : "FOLLOWS");
    }

    /** The latest event before {@code index} that matches, or else simply the event before. */
    private Cause latest(int index, String link, java.util.function.Predicate<LedgerEvent> matches) {
        for (int i = index - 1; i >= 0; i--) {
            if (matches.test(events.get(i).payload())) {
                return new Cause(i, link);
            }
        }
        return new Cause(index - 1, "FOLLOWS");
    }

    private static ChainLink link(EventEnvelope event, String link) {
        return new ChainLink(event.sequence(), event.eventType(), event.timestamp(), event.actor(),
                event.correlationId(), event.causationId(), link, Events.describe(event));
    }

    private record Cause(int index, String link) {
    }
}
