package dev.upgradeledger.commandapi.publishing;

import dev.upgradeledger.events.AuditMetadata;
import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.LedgerEvent;
import dev.upgradeledger.events.LedgerEvents;
import dev.upgradeledger.events.LedgerTopics;
import dev.upgradeledger.support.envelope.EnvelopeCodec;
import dev.upgradeledger.support.tracing.LedgerTracing;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

/**
 * Sends every stored {@link LedgerEvent} to {@value LedgerTopics#EVENTS}, keyed by cluster id.
 *
 * <p>Runs in the tracking processor {@value #PROCESSING_GROUP}, in segments by cluster (Axon's sequencing per
 * aggregate): each cluster's events are published in their order by the one thread that holds its segment, while the
 * other segments go on with other clusters (a burst of one large cluster does not hold the others back), and several
 * replicas share the segments. Sends of one batch go out without waiting for each
 * other; before the batch's unit of work commits (and with it the processor's token), every send must have been
 * acknowledged by the broker ({@code acks=all}, idempotent producer). A failed or timed-out send rolls the batch
 * back, so the token does not move and the batch is sent again: at least once, never lost. Consumers de-duplicate.
 *
 * <p>Each send is a span ({@code publish <event type>}) in the trace the event was stored in (its
 * {@value AuditMetadata#TRACEPARENT} metadata); the template's observation puts that trace in the record's
 * {@code traceparent} header, and the envelope names the trace id. The sends of a replay
 * ({@code POST /api/v1/admin/publisher/replay}) keep each event's trace id but are not sampled, so neither they nor
 * what consumers do with them are recorded in traces that ended long ago; log lines still name the trace.
 */
@Component
@ProcessingGroup(KafkaEventPublisher.PROCESSING_GROUP)
class KafkaEventPublisher {

    static final String PROCESSING_GROUP = "kafka-publisher";
    private static final Logger log = LoggerFactory.getLogger(KafkaEventPublisher.class);
    private static final String PENDING_SENDS = KafkaEventPublisher.class.getName() + ".pendingSends";
    /** Where Axon's tracking processor keeps the id of the segment a batch belongs to, in the batch's unit of work. */
    private static final String SEGMENT_ID = "Processor[" + PROCESSING_GROUP + "]/SegmentId";
    private static final int NO_SEGMENT = -1;

    private final KafkaTemplate<String, String> kafka;
    private final EnvelopeCodec codec;
    private final Duration acknowledgementTimeout;
    private final RecordSizeLimit sizeLimit;
    private final PublisherHealth health;
    private final LedgerTracing tracing;

    KafkaEventPublisher(KafkaTemplate<String, String> kafka, EnvelopeCodec codec, PublisherProperties properties,
                        RecordSizeLimit sizeLimit, PublisherHealth health, LedgerTracing tracing) {
        this.tracing = tracing;
        this.kafka = kafka;
        this.codec = codec;
        this.acknowledgementTimeout = properties.acknowledgementTimeout();
        this.sizeLimit = sizeLimit;
        this.health = health;
    }

    /** Connects the producer and loads the topic's metadata before the first event needs them. */
    @EventListener(ApplicationReadyEvent.class)
    void warmUp() {
        CompletableFuture.runAsync(() -> kafka.partitionsFor(LedgerTopics.EVENTS));
    }

    @EventHandler
    void publish(LedgerEvent event, DomainEventMessage<?> message, TrackingToken token, ReplayStatus replay) {
        EventEnvelope envelope = toEnvelope(event, message, token);
        log.debug("Publishing {} #{} of {} at {}", envelope.eventType(), envelope.sequence(),
                envelope.clusterId().value(), token);
        String encoded;
        try {
            encoded = codec.encode(envelope);
        } catch (RuntimeException e) {
            throw new UnpublishableEventException("cannot encode " + envelope.eventType() + " #" + envelope.sequence()
                    + " of " + envelope.clusterId().value() + ": " + e.getMessage());
        }
        if (!sizeLimit.fits(encoded)) {
            throw new UnpublishableEventException(envelope.eventType() + " #" + envelope.sequence() + " of "
                    + envelope.clusterId().value() + " at position " + envelope.position() + " is larger than the "
                    + sizeLimit.bytes() + " bytes a ledger.events record may hold");
        }
        Batch batch = batch(envelope.position());
        CompletableFuture<SendResult<String, String>> sent;
        String traceparent = metaData(message, AuditMetadata.TRACEPARENT);
        // A replay keeps each event's trace id, but records nothing more in traces that ended long ago
        Span span = tracing.startChild("publish " + envelope.eventType(),
                replay.isReplay() ? LedgerTracing.unsampled(traceparent) : traceparent);
        try (Tracer.SpanInScope scope = tracing.inScope(span)) {
            if (span != null) {
                span.tag("ledger.cluster.id", envelope.clusterId().value())
                        .tag("ledger.event.sequence", envelope.sequence());
            }
            sent = kafka.send(LedgerTopics.EVENTS, envelope.clusterId().value(), encoded);
        } catch (RuntimeException e) {
            // Kafka's own trouble (no metadata in time, producer closed): fail the batch, not the event.
            sent = CompletableFuture.failedFuture(e);
        } finally {
            if (span != null) {
                span.end();
            }
        }
        batch.sends.add(sent);
    }

    static EventEnvelope toEnvelope(LedgerEvent event, DomainEventMessage<?> message, TrackingToken token) {
        return new EventEnvelope(message.getIdentifier(), LedgerEvents.typeName(event.getClass()),
                LedgerEvents.revision(event.getClass()), ClusterId.of(message.getAggregateIdentifier()),
                message.getSequenceNumber(), token == null ? -1 : token.position().orElse(-1),
                message.getTimestamp(), metaData(message, AuditMetadata.CORRELATION_ID),
                metaData(message, AuditMetadata.CAUSATION_ID), metaData(message, AuditMetadata.ACTOR), event,
                metaData(message, AuditMetadata.ACTOR_NAME), metaData(message, AuditMetadata.ON_BEHALF_OF),
                LedgerTracing.traceId(metaData(message, AuditMetadata.TRACEPARENT)));
    }

    private static String metaData(DomainEventMessage<?> message, String key) {
        Object value = message.getMetaData().get(key);
        return value == null ? null : value.toString();
    }

    /**
     * The sends of one unit of work: a batch of one of the processor's segments, or one re-driven dead letter (no
     * segment: its failure is answered to the re-drive, and does not count for the segments' health).
     */
    private static final class Batch {
        final List<CompletableFuture<SendResult<String, String>>> sends = new ArrayList<>();
        final int segment;
        final long firstPosition;

        Batch(int segment, long firstPosition) {
            this.segment = segment;
            this.firstPosition = firstPosition;
        }
    }

    private Batch batch(long position) {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        return unitOfWork.getOrComputeResource(PENDING_SENDS, key -> {
            Integer segment = unitOfWork.getResource(SEGMENT_ID);
            Batch batch = new Batch(segment == null ? NO_SEGMENT : segment, position);
            unitOfWork.onPrepareCommit(committing -> awaitAcknowledgements(batch));
            return batch;
        });
    }

    /**
     * Waits for this batch's own sends only. No {@code flush()}: the producer does not linger ({@code linger.ms} 0,
     * ledger-defaults.yml), so every record is on its way already, and a flush would also wait for the records the
     * other segments' threads have in flight on the same producer.
     */
    private void awaitAcknowledgements(Batch batch) {
        try {
            CompletableFuture.allOf(batch.sends.toArray(CompletableFuture[]::new))
                    .get(acknowledgementTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (batch.segment != NO_SEGMENT) {
                health.batchSucceeded(batch.segment);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed(batch, e);
            throw new PublishingFailedException("interrupted while waiting for Kafka acknowledgements", e);
        } catch (ExecutionException | TimeoutException e) {
            failed(batch, e);
            log.warn("Kafka did not acknowledge {} event(s) of segment {} from position {}: {}; the batch will be"
                    + " published again", batch.sends.size(), batch.segment, batch.firstPosition,
                    e.getCause() != null ? e.getCause() : e);
            throw new PublishingFailedException("Kafka did not acknowledge " + batch.sends.size()
                    + " event(s); the batch will be published again", e);
        }
    }

    private void failed(Batch batch, Exception failure) {
        if (batch.segment != NO_SEGMENT) {
            health.batchFailed(batch.segment, failure, batch.firstPosition);
        }
    }
}
