package dev.upgradeledger.commandapi.eventstore;

import java.util.List;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Axon's {@link EmbeddedEventStore}, waking its event producer (and with it the publishing processor) when stored
 * events become visible, not before.
 *
 * <p>Axon wakes the producer in the unit of work's after-commit phase. When the unit of work joined a Spring
 * transaction that someone else opened (a command from Kafka, or a REST command with an {@code Idempotency-Key}, whose
 * answer is stored in the same transaction as the command's events), that phase runs before the real commit: the
 * producer looked, found nothing yet, and slept for its fetch delay (1 s) before it looked again. That was the ~1 s
 * publishing stall on most steps. Here the wake-up is deferred to the commit of the outermost transaction; without a
 * surrounding transaction it happens at once, as in Axon. Events written by other processes (another command-api
 * replica) are announced through PostgreSQL instead, see {@link EventStoreNotifications}.
 */
public class LedgerEventStore extends EmbeddedEventStore {

    public LedgerEventStore(Builder builder) {
        super(builder);
    }

    @Override
    protected void afterCommit(List<? extends EventMessage<?>> events) {
        if (TransactionSynchronizationManager.isSynchronizationActive()
                && TransactionSynchronizationManager.isActualTransactionActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    wakeUp();
                }
            });
        } else {
            wakeUp();
        }
    }

    /** Makes the producer look for new events now (if it sleeps), instead of after its fetch delay. */
    public void wakeUp() {
        super.afterCommit(List.of());
    }
}
