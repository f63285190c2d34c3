package dev.upgradeledger.projection.recovery;

import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * At most one operation on the read models at a time (a snapshot, a recovery, a rebuild): they read or replace the
 * same tables. An automatic snapshot simply skips its turn while another operation runs.
 */
@Component
public class AdminOperations {

    private final AtomicReference<String> running = new AtomicReference<>();

    /** @throws RecoveryProblem {@code operation-in-progress} (409) when another operation runs */
    public void begin(String operation) {
        if (!tryBegin(operation)) {
            throw RecoveryProblem.operationInProgress(operation, running.get());
        }
    }

    /** Begins {@code operation} unless another one runs. */
    public boolean tryBegin(String operation) {
        return running.compareAndSet(null, operation);
    }

    public void end(String operation) {
        running.compareAndSet(operation, null);
    }
}
