package dev.upgradeledger.commandapi.fleet;

import dev.upgradeledger.events.AuditMetadata;
import dev.upgradeledger.events.FleetEventEnvelope;
import dev.upgradeledger.events.LedgerTopics;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.serialization.Revision;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.cfg.DateTimeFeature;

/**
 * Publishes every fleet upgrade event on {@link LedgerTopics#FLEET_EVENTS} in a {@link FleetEventEnvelope}, keyed by
 * fleet id, from a tracking processor of its own ({@value #PROCESSING_GROUP}, from the start of the event store): the
 * token moves once Kafka acknowledged the record, so every event is published at least once and in its fleet's order;
 * consumers skip an envelope whose sequence they applied.
 */
@Component
@ProcessingGroup(FleetEventPublisher.PROCESSING_GROUP)
public class FleetEventPublisher {

    public static final String PROCESSING_GROUP = "fleet-publisher";
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    private final KafkaTemplate<String, String> kafka;

    FleetEventPublisher(KafkaTemplate<String, String> kafka) {
        this.kafka = kafka;
    }

    @EventHandler
    void publish(FleetUpgradeEvent event, DomainEventMessage<?> message)
            throws ExecutionException, InterruptedException, TimeoutException {
        FleetEventEnvelope envelope = envelope(event, message);
        kafka.send(LedgerTopics.FLEET_EVENTS, envelope.fleetId(), JSON.writeValueAsString(envelope))
                .get(30, TimeUnit.SECONDS);
    }

    static FleetEventEnvelope envelope(FleetUpgradeEvent event, DomainEventMessage<?> message) {
        Revision revision = event.getClass().getAnnotation(Revision.class);
        Map<String, Object> payload = JSON.convertValue(event, new TypeReference<Map<String, Object>>() { });
        return new FleetEventEnvelope(message.getIdentifier(), event.getClass().getSimpleName(),
                revision == null ? null : revision.value(), event.fleetId(), message.getSequenceNumber(),
                message.getTimestamp(), metaData(message, AuditMetadata.CORRELATION_ID),
                metaData(message, AuditMetadata.ACTOR), payload);
    }

    private static String metaData(DomainEventMessage<?> message, String key) {
        Object value = message.getMetaData().get(key);
        return value == null ? null : value.toString();
    }
}
