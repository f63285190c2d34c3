package dev.upgradeledger.commandapi.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.junit.jupiter.api.Test;

class BoundedClusterCacheTest {

    @Test
    void entriesSurviveGarbageCollectionsNothingElseHoldsThem() {
        BoundedClusterCache cache = new BoundedClusterCache(100_000);
        for (int i = 0; i < 20; i++) {
            cache.put("c" + i, entryOf(new Cluster()));
        }
        for (int i = 0; i < 3; i++) {
            System.gc();
            byte[][] garbage = new byte[64][];
            for (int j = 0; j < garbage.length; j++) {
                garbage[j] = new byte[64 * 1024];
            }
        }
        assertThat(cache.size()).isEqualTo(20);
        assertThat(cache.<String, Object>get("c0")).isNotNull();
    }

    @Test
    void aClusterWeighsOnePlusItsNodesAndStepsAnythingElseTheUnknownWeight() {
        assertThat(BoundedClusterCache.weight(entryOf(new Cluster()))).isEqualTo(1);
        assertThat(BoundedClusterCache.weight("not an aggregate")).isEqualTo(BoundedClusterCache.UNKNOWN_WEIGHT);
    }

    @Test
    void theCapacityBoundsTheWeightKept() {
        BoundedClusterCache cache = new BoundedClusterCache(2 * BoundedClusterCache.UNKNOWN_WEIGHT);
        for (int i = 0; i < 10; i++) {
            cache.put("k" + i, "value " + i);
        }
        assertThat(cache.size()).isBetween(1L, 2L);
    }

    @Test
    void putOfNothingRemovesAndTheMapOperationsAnswerAsAxonExpects() {
        BoundedClusterCache cache = new BoundedClusterCache(10_000);
        assertThat(cache.putIfAbsent("a", "1")).isTrue();
        assertThat(cache.putIfAbsent("a", "2")).isFalse();
        assertThat(cache.<String, String>get("a")).isEqualTo("1");
        cache.<String>computeIfPresent("a", value -> value + "!");
        assertThat(cache.<String, String>get("a")).isEqualTo("1!");
        assertThat(cache.computeIfAbsent("b", () -> "3")).isEqualTo("3");
        cache.put("a", null);
        assertThat(cache.containsKey("a")).isFalse();
        assertThat(cache.remove("b")).isTrue();
        assertThat(cache.remove("b")).isFalse();
        cache.put("c", "4");
        cache.removeAll();
        assertThat(cache.size()).isZero();
    }

    private static AggregateCacheEntry<Cluster> entryOf(Cluster cluster) {
        EventSourcedAggregate<Cluster> aggregate = EventSourcedAggregate.initialize(cluster,
                AnnotatedAggregateMetaModelFactory.inspectAggregate(Cluster.class), mock(EventBus.class),
                NoSnapshotTriggerDefinition.TRIGGER);
        aggregate.initSequence(0);
        return new AggregateCacheEntry<>(aggregate);
    }
}
