package dev.upgradeledger.commandapi.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class PublisherHealthTest {

    private final PublisherDeadLetters deadLetters = mock(PublisherDeadLetters.class);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final PublisherHealth health = new PublisherHealth(deadLetters, meters);

    @Test
    void aSingleFailedBatchIsNotYetAnOutage() {
        health.batchFailed(new ExecutionException(new IllegalStateException("broker away")), 41);

        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        assertThat(meters.get("ledger.publisher.consecutive-failures").gauge().value()).isEqualTo(1);
    }

    @Test
    void failuresInARowTurnItDownWithTheCauseAndPositionUntilABatchSucceeds() {
        for (int i = 0; i < PublisherHealth.FAILURES_BEFORE_DOWN; i++) {
            health.batchFailed(new ExecutionException(new IllegalStateException("broker away")), 41);
        }

        Health down = health.health();
        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
        assertThat(down.getDetails()).containsEntry("position", 41L)
                .containsEntry("cause", "IllegalStateException: broker away")
                .containsEntry("consecutiveFailures", PublisherHealth.FAILURES_BEFORE_DOWN);
        assertThat(meters.get("ledger.publisher.failing").gauge().value()).isEqualTo(1);

        health.batchSucceeded();
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
}
