package dev.upgradeledger.commandapi.publishing;

import dev.upgradeledger.events.AuditMetadata;
import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.LedgerEvent;
import dev.upgradeledger.events.LedgerEvents;
import dev.upgradeledger.events.LedgerTopics;
import dev.upgradeledger.support.envelope.EnvelopeCodec;
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
 * <p>Runs in the tracking processor {@value #PROCESSING_GROUP}. Sends of one batch go out without waiting for each
 * other; before the batch's unit of work commits (and with it the processor's token), every send must have been
 * acknowledged by the broker ({@code acks=all}, idempotent producer). A failed or timed-out send rolls the batch
 * back, so the token does not move and the batch is sent again: at least once, never lost. Consumers de-duplicate.
 */
@Component
@ProcessingGroup(KafkaEventPublisher.PROCESSING_GROUP)
class KafkaEventPublisher {

    static final String PROCESSING_GROUP = "kafka-publisher";
    private static final Logger log = LoggerFactory.getLogger(KafkaEventPublisher.class);
    private static final String PENDING_SENDS = KafkaEventPublisher.class.getName() + ".pendingSends";

    private final KafkaTemplate<String, String> kafka;
    private final EnvelopeCodec codec;
    private final Duration acknowledgementTimeout;

    KafkaEventPublisher(KafkaTemplate<String, String> kafka, EnvelopeCodec codec, PublisherProperties properties) {
        this.kafka = kafka;
        this.codec = codec;
        this.acknowledgementTimeout = properties.acknowledgementTimeout();
    }

    /** Connects the producer and loads the topic's metadata before the first event needs them. */
    @EventListener(ApplicationReadyEvent.class)
    void warmUp() {
        CompletableFuture.runAsync(() -> kafka.partitionsFor(LedgerTopics.EVENTS));
    }

    @EventHandler
    void publish(LedgerEvent event, DomainEventMessage<?> message, TrackingToken token) {
        EventEnvelope envelope = toEnvelope(event, message, token);
        log.debug("Publishing {} #{} of {} at {}", envelope.eventType(), envelope.sequence(),
                envelope.clusterId().value(), token);
        pendingSends().add(kafka.send(LedgerTopics.EVENTS, envelope.clusterId().value(), codec.encode(envelope)));
    }

    static EventEnvelope toEnvelope(LedgerEvent event, DomainEventMessage<?> message, TrackingToken token) {
        return new EventEnvelope(message.getIdentifier(), LedgerEvents.typeName(event.getClass()),
                LedgerEvents.revision(event.getClass()), ClusterId.of(message.getAggregateIdentifier()),
                message.getSequenceNumber(), token == null ? -1 : token.position().orElse(-1),
                message.getTimestamp(), metaData(message, AuditMetadata.CORRELATION_ID),
                metaData(message, AuditMetadata.CAUSATION_ID), metaData(message, AuditMetadata.ACTOR), event);
    }

    private static String metaData(DomainEventMessage<?> message, String key) {
        Object value = message.getMetaData().get(key);
        return value == null ? null : value.toString();
    }

    private List<CompletableFuture<SendResult<String, String>>> pendingSends() {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        return unitOfWork.getOrComputeResource(PENDING_SENDS, key -> {
            List<CompletableFuture<SendResult<String, String>>> sends = new ArrayList<>();
            unitOfWork.onPrepareCommit(committing -> awaitAcknowledgements(sends));
            return sends;
        });
    }

    private void awaitAcknowledgements(List<CompletableFuture<SendResult<String, String>>> sends) {
        kafka.flush();
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                    .get(acknowledgementTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishingFailedException("interrupted while waiting for Kafka acknowledgements", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new PublishingFailedException("Kafka did not acknowledge " + sends.size()
                    + " event(s); the batch will be published again", e);
        }
    }
}
