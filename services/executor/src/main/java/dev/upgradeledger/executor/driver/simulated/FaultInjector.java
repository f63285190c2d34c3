package dev.upgradeledger.executor.driver.simulated;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import dev.upgradeledger.events.StepAction;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Faults waiting to happen, kept in memory: a restart of the executor clears them. */
@ConditionalOnBooleanProperty("ledger.executor.drivers.simulated.enabled")
@Component
public class FaultInjector {

    private final List<Fault> pending = new ArrayList<>();

    public synchronized void add(Fault fault) {
        pending.add(fault);
    }

    public synchronized void clear() {
        pending.clear();
    }

    public synchronized List<Fault> pending() {
        return List.copyOf(pending);
    }

    /**
     * The fault for this action of {@code environment} (null when the step names none), if one is waiting; each use
     * counts down its {@code times}.
     */
    synchronized Optional<Fault> take(String clusterId, String nodeId, StepAction action, String environment) {
        for (Iterator<Fault> it = pending.iterator(); it.hasNext(); ) {
            Fault fault = it.next();
            if (fault.matches(clusterId, nodeId, action, environment)) {
                it.remove();
                if (fault.times() > 1) {
                    pending.add(new Fault(fault.clusterId(), fault.nodeId(), fault.action(), fault.mode(),
                            fault.times() - 1, fault.retryable(), fault.delay(), fault.environment()));
                }
                return Optional.of(fault);
            }
        }
        return Optional.empty();
    }
}
