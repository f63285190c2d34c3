package dev.upgradeledger.commandapi.monitoring;

import dev.upgradeledger.commandapi.publishing.PublisherAdministration;
import dev.upgradeledger.commandapi.publishing.PublisherAdministration.PublisherStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.OptionalLong;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventhandling.TrackingToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * How far publishing is behind the event store, as gauges:
 * <ul>
 *   <li>{@code ledger.publisher.head}: the global position of the newest stored event (every replica reports it);</li>
 *   <li>{@code ledger.publisher.position}: how far this replica has published: the lowest position of the
 *   publishing segments it holds (every segment reads the whole store and moves past the other segments' events), NaN
 *   on a replica that holds none;</li>
 *   <li>{@code ledger.publisher.lag}: head minus position on a publishing replica (positions, not events: the
 *   store's positions may have gaps), NaN elsewhere;</li>
 *   <li>{@code ledger.publisher.segments}: publishing segments this replica holds;</li>
 *   <li>{@code ledger.publisher.segments.configured}: the publishing segments there are (the token store's rows; every
 *   replica reports it): the held segments summed over the replicas must reach it, or some clusters are not
 *   published.</li>
 * </ul>
 * Alerts: {@code deploy/prometheus/ledger-alerts.yml}.
 */
@Component
public class PublisherLagMetrics {

    private static final Logger log = LoggerFactory.getLogger(PublisherLagMetrics.class);

    private final LongSupplier head;
    private final Supplier<PublisherStatus> status;
    private final IntSupplier configuredSegments;

    @Autowired
    PublisherLagMetrics(EventStore eventStore, PublisherAdministration publisher, MeterRegistry meters) {
        this(() -> {
            TrackingToken token = eventStore.createHeadToken();
            return token == null ? -1 : token.position().orElse(-1);
        }, publisher::status, publisher::configuredSegments, meters);
    }

    PublisherLagMetrics(LongSupplier head, Supplier<PublisherStatus> status, IntSupplier configuredSegments,
                        MeterRegistry meters) {
        this.head = head;
        this.status = status;
        this.configuredSegments = configuredSegments;
        Gauge.builder("ledger.publisher.head", this, PublisherLagMetrics::head)
                .description("Global position of the newest event in the event store")
                .strongReference(true).register(meters);
        Gauge.builder("ledger.publisher.position", this, metrics -> metrics.position().stream()
                        .mapToDouble(p -> p).findFirst().orElse(Double.NaN))
                .description("Lowest published position of the segments this replica holds; NaN where it holds none")
                .strongReference(true).register(meters);
        Gauge.builder("ledger.publisher.lag", this, PublisherLagMetrics::lag)
                .description("Head minus published position on the publishing replica; NaN elsewhere")
                .strongReference(true).register(meters);
        Gauge.builder("ledger.publisher.segments", this, metrics -> metrics.segments())
                .description("Publishing segments this replica holds")
                .strongReference(true).register(meters);
        Gauge.builder("ledger.publisher.segments.configured", this, PublisherLagMetrics::configuredSegments)
                .description("Publishing segments in the token store, held or not")
                .strongReference(true).register(meters);
    }

    double configuredSegments() {
        return readOrNaN(configuredSegments::getAsInt, "the publisher's segments from the token store");
    }

    double head() {
        return readOrNaN(head::getAsLong, "the event store's head position");
    }

    /** A value read from the database, NaN when it cannot be read (the scrape goes on). */
    private static double readOrNaN(DoubleSupplier read, String what) {
        try {
            return read.getAsDouble();
        } catch (RuntimeException e) {
            log.debug("Cannot read {}: {}", what, e.toString());
            return Double.NaN;
        }
    }

    OptionalLong position() {
        PublisherStatus current = current();
        return current == null ? OptionalLong.empty()
                : current.segments().stream().mapToLong(PublisherStatus.Segment::position).min();
    }

    double lag() {
        OptionalLong position = position();
        double head = head();
        return position.isEmpty() || Double.isNaN(head) ? Double.NaN : Math.max(0, head - position.getAsLong());
    }

    int segments() {
        PublisherStatus current = current();
        return current == null ? 0 : current.segments().size();
    }

    private PublisherStatus current() {
        try {
            return status.get();
        } catch (RuntimeException e) {
            log.debug("Cannot read the publisher's status: {}", e.toString());
            return null;
        }
    }
}
