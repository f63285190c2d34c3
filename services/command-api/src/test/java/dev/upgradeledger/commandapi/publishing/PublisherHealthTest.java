package dev.upgradeledger.commandapi.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class PublisherHealthTest {

    private final PublisherDeadLetters deadLetters = mock(PublisherDeadLetters.class);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicReference<Set<Integer>> held = new AtomicReference<>(Set.of(0, 1, 2, 3));
    private final PublisherHealth health = new PublisherHealth(deadLetters, meters, held::get);

    @Test
    void aSingleFailedBatchIsNotYetAnOutage() {
        health.batchFailed(2, brokerAway(), 41);

        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        assertThat(meters.get("ledger.publisher.consecutive-failures").gauge().value()).isEqualTo(1);
    }

    @Test
    void failuresInARowTurnItDownWithTheCauseSegmentAndPositionUntilABatchOfThatSegmentSucceeds() {
        for (int i = 0; i < PublisherHealth.FAILURES_BEFORE_DOWN; i++) {
            health.batchFailed(2, brokerAway(), 41);
        }

        Health down = health.health();
        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
        assertThat(down.getDetails()).containsEntry("position", 41L)
                .containsEntry("segment", 2)
                .containsEntry("cause", "IllegalStateException: broker away")
                .containsEntry("consecutiveFailures", PublisherHealth.FAILURES_BEFORE_DOWN);
        assertThat(meters.get("ledger.publisher.failing").gauge().value()).isEqualTo(1);

        health.batchSucceeded(0);
        assertThat(health.health().getStatus()).as("another segment publishing does not hide segment 2's failures")
                .isEqualTo(Status.DOWN);

        health.batchSucceeded(2);
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        assertThat(meters.get("ledger.publisher.failing").gauge().value()).isZero();
    }

    @Test
    void failuresOfDifferentSegmentsAreCountedApart() {
        for (int i = 0; i < PublisherHealth.FAILURES_BEFORE_DOWN - 1; i++) {
            health.batchFailed(1, brokerAway(), 10);
            health.batchFailed(3, brokerAway(), 12);
        }

        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        assertThat(meters.get("ledger.publisher.consecutive-failures").gauge().value())
                .isEqualTo(PublisherHealth.FAILURES_BEFORE_DOWN - 1);
    }

    @Test
    void aFailingSegmentTakenOverByAnotherReplicaNoLongerCountsHere() {
        for (int i = 0; i < PublisherHealth.FAILURES_BEFORE_DOWN; i++) {
            health.batchFailed(3, brokerAway(), 77);
        }
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);

        held.set(Set.of(0, 1, 2));

        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        assertThat(meters.get("ledger.publisher.failing").gauge().value()).isZero();
    }

    @Test
    void parkedEventsTurnItDownNamingTheirClusters() {
        when(deadLetters.parkedEvents()).thenReturn(3L);
        when(deadLetters.parkedClusters(20)).thenReturn(List.of(
                new PublisherDeadLetters.ParkedCluster("big-one", 3, "UnpublishableEventException: too large")));

        Health down = health.health();

        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
        assertThat(down.getDetails()).containsEntry("parkedEvents", 3L);
        assertThat(meters.get("ledger.publisher.parked-events").gauge().value()).isEqualTo(3);
    }

    private static ExecutionException brokerAway() {
        return new ExecutionException(new IllegalStateException("broker away"));
    }
}
