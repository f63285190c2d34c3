package dev.upgradeledger.commandapi.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionSynchronizationUtils;

class LedgerEventStoreTest {

    private final AtomicInteger wakeUps = new AtomicInteger();
    private final LedgerEventStore store = new LedgerEventStore(EmbeddedEventStore.builder()
            .storageEngine(new InMemoryEventStorageEngine())) {
        @Override
        public void wakeUp() {
            wakeUps.incrementAndGet();
        }
    };

    @AfterEach
    void clearTransaction() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.clearSynchronization();
        }
        TransactionSynchronizationManager.setActualTransactionActive(false);
        store.shutDown();
    }

    @Test
    void withoutASurroundingTransactionTheProducerIsWokenAtOnce() {
        store.afterCommit(List.of());

        assertThat(wakeUps).hasValue(1);
    }

    @Test
    void insideASurroundingTransactionTheProducerIsWokenOnlyWhenThatTransactionEnds() {
        TransactionSynchronizationManager.initSynchronization();
        TransactionSynchronizationManager.setActualTransactionActive(true);

        store.afterCommit(List.of());
        assertThat(wakeUps).as("the unit of work committed, but the transaction it joined has not").hasValue(0);

        List<TransactionSynchronization> registered = TransactionSynchronizationManager.getSynchronizations();
        TransactionSynchronizationUtils.invokeAfterCompletion(registered, TransactionSynchronization.STATUS_COMMITTED);
        assertThat(wakeUps).hasValue(1);
    }
}
