package dev.upgradeledger.commandapi.publishing;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * The publisher's health ({@code /actuator/health/publishing}, and part of {@code /actuator/health}): DOWN while
 * publishing keeps failing on one of the segments this replica holds ({@value #FAILURES_BEFORE_DOWN} batches of it
 * in a row or more: the broker is unreachable, or refuses what is sent), with the cause, the segment, the position of
 * its first event not yet published and since when; DOWN too while events are parked as unpublishable
 * ({@link PublisherDeadLetters}), naming the clusters they hold up. Readiness is not affected: commands are still
 * accepted and stored, and everything stored is published once the cause is gone.
 *
 * <p>Failures are counted per segment: a segment that publishes does not hide another that keeps failing, and a
 * segment another replica has taken over (its claim released after the failures) no longer counts here.
 * Gauges: {@code ledger.publisher.failing} (0 or 1), {@code ledger.publisher.consecutive-failures} (the most of any
 * segment), {@code ledger.publisher.parked-events}.
 */
@Component("publisher")
public class PublisherHealth implements HealthIndicator {

    static final int FAILURES_BEFORE_DOWN = 3;

    private final PublisherDeadLetters deadLetters;
    private final Supplier<Set<Integer>> heldSegments;
    private final Map<Integer, Failures> failures = new ConcurrentHashMap<>();

    @Autowired
    PublisherHealth(PublisherDeadLetters deadLetters, MeterRegistry meters,
                    @Lazy EventProcessingConfiguration eventProcessing) {
        this(deadLetters, meters, () -> eventProcessing
                .eventProcessor(KafkaEventPublisher.PROCESSING_GROUP, StreamingEventProcessor.class)
                .map(processor -> processor.processingStatus().keySet())
                .orElse(Set.of()));
    }

    PublisherHealth(PublisherDeadLetters deadLetters, MeterRegistry meters, Supplier<Set<Integer>> heldSegments) {
        this.deadLetters = deadLetters;
        this.heldSegments = heldSegments;
        Gauge.builder("ledger.publisher.failing", this, health -> health.failing() ? 1 : 0)
                .description("1 while publishing to Kafka keeps failing").register(meters);
        Gauge.builder("ledger.publisher.consecutive-failures", this, health -> health.worst()
                        .map(Failures::consecutive).orElse(0))
                .description("Publishing batches of one segment that failed in a row (the most of any segment)")
                .register(meters);
        Gauge.builder("ledger.publisher.parked-events", deadLetters, PublisherDeadLetters::parkedEvents)
                .description("Stored events parked as unpublishable, with the later events of their clusters")
                .register(meters);
    }

    void batchFailed(int segment, Throwable failure, long firstPosition) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        Failures first = new Failures(segment, 1, root.getClass().getSimpleName() + ": " + root.getMessage(),
                firstPosition, Instant.now());
        failures.merge(segment, first, (before, now) -> new Failures(segment, before.consecutive() + 1, now.cause(),
                now.position(), before.since()));
    }

    void batchSucceeded(int segment) {
        failures.remove(segment);
    }

    boolean failing() {
        return worst().filter(worst -> worst.consecutive() >= FAILURES_BEFORE_DOWN).isPresent();
    }

    /** The segment with the most failures in a row, of those this replica still holds. */
    private Optional<Failures> worst() {
        if (failures.isEmpty()) {
            return Optional.empty();
        }
        Set<Integer> held = heldSegments.get();
        failures.keySet().removeIf(segment -> !held.contains(segment));
        return failures.values().stream().max(Comparator.comparingInt(Failures::consecutive)
                .thenComparing(Comparator.comparingLong(Failures::position).reversed()));
    }

    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean down = false;
        Optional<Failures> worst = worst().filter(failure -> failure.consecutive() >= FAILURES_BEFORE_DOWN);
        if (worst.isPresent()) {
            Failures failure = worst.get();
            down = true;
            details.put("consecutiveFailures", failure.consecutive());
            details.put("cause", failure.cause());
            details.put("segment", failure.segment());
            details.put("position", failure.position());
            details.put("failingSince", String.valueOf(failure.since()));
            details.put("failingSegments", failures.values().stream()
                    .filter(f -> f.consecutive() >= FAILURES_BEFORE_DOWN).count());
            details.put("action", "events are kept and published once the cause is gone; see docs/operations.md");
        }
        long parked = deadLetters.parkedEvents();
        if (parked > 0) {
            down = true;
            details.put("parkedEvents", parked);
            details.put("parkedClusters", deadLetters.parkedClusters(20));
            details.put("redrive", "POST /api/v1/admin/publisher/dead-letters/redrive once the cause is removed");
        }
        return (down ? Health.down() : Health.up()).withDetails(details).build();
    }

    /** One segment's batches that failed in a row: the last cause and first unpublished position, since the first. */
    private record Failures(int segment, int consecutive, String cause, long position, Instant since) {
    }
}
