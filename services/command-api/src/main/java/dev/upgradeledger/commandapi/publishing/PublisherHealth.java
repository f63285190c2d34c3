package dev.upgradeledger.commandapi.publishing;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The publisher's health ({@code /actuator/health/publishing}, and part of {@code /actuator/health}): DOWN while
 * publishing keeps failing ({@value #FAILURES_BEFORE_DOWN} batches in a row or more: the broker is unreachable, or
 * refuses what is sent), with the cause, the position of the first event not yet published and since when; DOWN too
 * while events are parked as unpublishable ({@link PublisherDeadLetters}), naming the clusters they hold up. Readiness
 * is not affected: commands are still accepted and stored, and everything stored is published once the cause is gone.
 * Gauges: {@code ledger.publisher.failing} (0 or 1), {@code ledger.publisher.consecutive-failures},
 * {@code ledger.publisher.parked-events}.
 */
@Component("publisher")
public class PublisherHealth implements HealthIndicator {

    static final int FAILURES_BEFORE_DOWN = 3;

    private final PublisherDeadLetters deadLetters;
    private volatile int consecutiveFailures;
    private volatile String cause;
    private volatile long position = -1;
    private volatile Instant failingSince;

    PublisherHealth(PublisherDeadLetters deadLetters, MeterRegistry meters) {
        this.deadLetters = deadLetters;
        Gauge.builder("ledger.publisher.failing", this, health -> health.failing() ? 1 : 0)
                .description("1 while publishing to Kafka keeps failing").register(meters);
        Gauge.builder("ledger.publisher.consecutive-failures", this, health -> health.consecutiveFailures)
                .description("Publishing batches that failed in a row").register(meters);
        Gauge.builder("ledger.publisher.parked-events", deadLetters, PublisherDeadLetters::parkedEvents)
                .description("Stored events parked as unpublishable, with the later events of their clusters")
                .register(meters);
    }

    void batchFailed(Throwable failure, long firstPosition) {
        if (consecutiveFailures == 0) {
            failingSince = Instant.now();
        }
        consecutiveFailures++;
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        cause = root.getClass().getSimpleName() + ": " + root.getMessage();
        position = firstPosition;
    }

    void batchSucceeded() {
        consecutiveFailures = 0;
        cause = null;
        position = -1;
        failingSince = null;
    }

    boolean failing() {
        return consecutiveFailures >= FAILURES_BEFORE_DOWN;
    }

    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean down = false;
        if (failing()) {
            down = true;
            details.put("consecutiveFailures", consecutiveFailures);
            details.put("cause", cause);
            details.put("position", position);
            details.put("failingSince", String.valueOf(failingSince));
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
}
