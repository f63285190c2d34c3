package dev.upgradeledger.commandapi.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Optional;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.junit.jupiter.api.Test;

class FreshClusterCacheTest {

    private final EventStore store = mock(EventStore.class);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final BoundedClusterCache entries = new BoundedClusterCache(100_000);
    private final FreshClusterCache cache = new FreshClusterCache(entries, () -> store, meters);

    @Test
    void axonsCacheEntryStillHasTheVersionTheCacheChecks() {
        assertThat(FreshClusterCache.versionReadable()).isTrue();
    }

    @Test
    void anEntryAsFreshAsTheEventStoreIsUsed() {
        AggregateCacheEntry<Counter> entry = entryAt(4);
        cache.put("c1", entry);
        when(store.lastSequenceNumberFor("c1")).thenReturn(Optional.of(4L));

        assertThat(cache.<String, AggregateCacheEntry<Counter>>get("c1")).isSameAs(entry);
        assertThat(meters.counter("ledger.cluster.cache", "result", "hit").count()).isEqualTo(1);
    }

    @Test
    void anEntryBehindTheEventStoreIsDroppedAnotherWriterAppended() {
        cache.put("c1", entryAt(4));
        when(store.lastSequenceNumberFor("c1")).thenReturn(Optional.of(5L));

        assertThat(cache.<String, Object>get("c1")).isNull();
        assertThat(entries.containsKey("c1")).isFalse();
        assertThat(meters.counter("ledger.cluster.cache", "result", "stale").count()).isEqualTo(1);
    }

    @Test
    void anEntryAheadOfTheEventStoreIsDroppedItsTransactionRolledBack() {
        cache.put("c1", entryAt(6));
        when(store.lastSequenceNumberFor("c1")).thenReturn(Optional.of(5L));

        assertThat(cache.<String, Object>get("c1")).isNull();
        assertThat(entries.containsKey("c1")).isFalse();
    }

    @Test
    void anEntryForAStreamTheStoreDoesNotHaveIsDropped() {
        cache.put("c1", entryAt(0));
        when(store.lastSequenceNumberFor("c1")).thenReturn(Optional.empty());

        assertThat(cache.<String, Object>get("c1")).isNull();
    }

    @Test
    void aMissDoesNotAskTheEventStore() {
        assertThat(cache.<String, Object>get("c9")).isNull();
        assertThat(meters.counter("ledger.cluster.cache", "result", "miss").count()).isEqualTo(1);
    }

    private static AggregateCacheEntry<Counter> entryAt(long version) {
        EventSourcedAggregate<Counter> aggregate = EventSourcedAggregate.initialize(new Counter("c1"),
                AnnotatedAggregateMetaModelFactory.inspectAggregate(Counter.class), mock(EventBus.class),
                NoSnapshotTriggerDefinition.TRIGGER);
        aggregate.initSequence(version);
        return new AggregateCacheEntry<>(aggregate);
    }

    static final class Counter {
        @AggregateIdentifier
        private final String id;

        Counter(String id) {
            this.id = id;
        }
    }
}
