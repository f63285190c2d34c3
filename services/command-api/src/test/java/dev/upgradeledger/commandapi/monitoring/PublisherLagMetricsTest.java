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
        new PublisherLagMetrics(head::get, status::get, () -> 1, meters);

        assertThat(gauge("ledger.publisher.head")).isEqualTo(120);
        assertThat(gauge("ledger.publisher.position")).isEqualTo(100);
        assertThat(gauge("ledger.publisher.lag")).isEqualTo(20);
        assertThat(gauge("ledger.publisher.segments")).isEqualTo(1);
        assertThat(gauge("ledger.publisher.segments.configured")).isEqualTo(1);

        status.set(new PublisherStatus("kafka-publisher", true, false, List.of(new Segment(0, 120, true, false, null))));
        assertThat(gauge("ledger.publisher.lag")).isZero();
    }

    @Test
    void withSeveralSegmentsTheReplicaIsAsFarAsItsSlowestSegment() {
        status.set(new PublisherStatus("kafka-publisher", true, false, List.of(
                new Segment(0, 118, true, false, null), new Segment(2, 90, false, false, null),
                new Segment(3, 120, true, false, null))));
        new PublisherLagMetrics(head::get, status::get, () -> 4, meters);

        assertThat(gauge("ledger.publisher.position")).isEqualTo(90);
        assertThat(gauge("ledger.publisher.lag")).isEqualTo(30);
        assertThat(gauge("ledger.publisher.segments")).isEqualTo(3);
        assertThat(gauge("ledger.publisher.segments.configured")).isEqualTo(4);
    }

    @Test
    void aReplicaWithoutThePublishingSegmentReportsTheHeadButNoPositionOrLag() {
        status.set(new PublisherStatus("kafka-publisher", true, false, List.of()));
        new PublisherLagMetrics(head::get, status::get, () -> 4, meters);

        assertThat(gauge("ledger.publisher.head")).isEqualTo(120);
        assertThat(gauge("ledger.publisher.position")).isNaN();
        assertThat(gauge("ledger.publisher.lag")).isNaN();
        assertThat(gauge("ledger.publisher.segments")).isZero();
        assertThat(gauge("ledger.publisher.segments.configured")).isEqualTo(4);
    }

    @Test
    void anUnreachableEventStoreMakesTheHeadAndLagUnknownInsteadOfFailingTheScrape() {
        new PublisherLagMetrics(() -> {
            throw new IllegalStateException("connection refused");
        }, status::get, () -> {
            throw new IllegalStateException("connection refused");
        }, meters);

        assertThat(gauge("ledger.publisher.head")).isNaN();
        assertThat(gauge("ledger.publisher.segments.configured")).isNaN();
        assertThat(gauge("ledger.publisher.lag")).isNaN();
        assertThat(gauge("ledger.publisher.position")).isEqualTo(100);
    }

    private double gauge(String name) {
        return meters.get(name).gauge().value();
    }
}
