package dev.upgradeledger.commandapi.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.commandapi.publishing.PublisherAdministration.PublisherStatus;
import dev.upgradeledger.commandapi.publishing.PublisherAdministration.PublisherStatus.Segment;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PublisherLagMetricsTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicLong head = new AtomicLong(120);
    private final AtomicReference<PublisherStatus> status = new AtomicReference<>(
            new PublisherStatus("kafka-publisher", true, false, List.of(new Segment(0, 100, false, false, null))));

    @Test
    void thePublishingReplicaReportsHeadPositionAndLag() {
        new PublisherLagMetrics(head::get, status::get, meters);

        assertThat(gauge("ledger.publisher.head")).isEqualTo(120);
        assertThat(gauge("ledger.publisher.position")).isEqualTo(100);
        assertThat(gauge("ledger.publisher.lag")).isEqualTo(20);
        assertThat(gauge("ledger.publisher.segments")).isEqualTo(1);

        status.set(new PublisherStatus("kafka-publisher", true, false, List.of(new Segment(0, 120, true, false, null))));
        assertThat(gauge("ledger.publisher.lag")).isZero();
    }

    @Test
    void aReplicaWithoutThePublishingSegmentReportsTheHeadButNoPositionOrLag() {
        status.set(new PublisherStatus("kafka-publisher", true, false, List.of()));
        new PublisherLagMetrics(head::get, status::get, meters);

        assertThat(gauge("ledger.publisher.head")).isEqualTo(120);
        assertThat(gauge("ledger.publisher.position")).isNaN();
        assertThat(gauge("ledger.publisher.lag")).isNaN();
        assertThat(gauge("ledger.publisher.segments")).isZero();
    }

    @Test
    void anUnreachableEventStoreMakesTheHeadAndLagUnknownInsteadOfFailingTheScrape() {
        new PublisherLagMetrics(() -> {
            throw new IllegalStateException("connection refused");
        }, status::get, meters);

        assertThat(gauge("ledger.publisher.head")).isNaN();
        assertThat(gauge("ledger.publisher.lag")).isNaN();
        assertThat(gauge("ledger.publisher.position")).isEqualTo(100);
    }

    private double gauge(String name) {
        return meters.get(name).gauge().value();
    }
}
