package dev.upgradeledger.projection.fleet;

import dev.upgradeledger.events.FleetEventEnvelope;
import dev.upgradeledger.events.LedgerTopics;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.projection.ConsumedOffset;
import dev.upgradeledger.projection.ConsumedOffsets;
import dev.upgradeledger.support.kafka.UnprocessableRecordException;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Consumes {@value LedgerTopics#FLEET_EVENTS} in the projection's consumer group, a record at a time: each is applied
 * to the fleet read models ({@link FleetReadModel}) in one transaction together with its offset, and, as for
 * {@code ledger.events}, the read models are the authority on where to resume (whenever partitions are assigned the
 * consumer seeks after the offsets they include, or to the beginning of a partition they include nothing of).
 *
 * <p>A record that is not a fleet event envelope (not JSON, no fleet id, a malformed one, a negative sequence, no type
 * or payload) has its offset recorded and is reported as {@link UnprocessableRecordException}: the group's error
 * handler sends it to {@code ledger.fleet-events.projection.dlt} without retries. Any other failure is retried with
 * back-off, then dead-lettered.
 */
@Component
class FleetEventsListener implements ConsumerSeekAware {

    private static final Logger log = LoggerFactory.getLogger(FleetEventsListener.class);
    static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final FleetReadModel readModel;
    private final ConsumedOffsets offsets;

    FleetEventsListener(FleetReadModel readModel, ConsumedOffsets offsets) {
        this.readModel = readModel;
        this.offsets = offsets;
    }

    @KafkaListener(id = "projection-fleet-events", idIsGroup = false, topics = LedgerTopics.FLEET_EVENTS)
    void on(ConsumerRecord<String, String> record) {
        ConsumedOffset source = new ConsumedOffset(record.topic(), record.partition(), record.offset());
        FleetEventEnvelope envelope;
        try {
            envelope = decode(record.value());
        } catch (UnprocessableRecordException e) {
            offsets.record(source);
            throw e;
        }
        readModel.apply(envelope, source);
    }

    static FleetEventEnvelope decode(String value) {
        FleetEventEnvelope envelope;
        try {
            envelope = JSON.readValue(value, FleetEventEnvelope.class);
        } catch (JacksonException e) {
            throw new UnprocessableRecordException("not a fleet event envelope: " + e.getOriginalMessage(), e);
        }
        if (envelope == null || envelope.fleetId() == null || envelope.eventType() == null
                || envelope.payload() == null || envelope.timestamp() == null || envelope.eventId() == null
                || envelope.sequence() < 0) {
            throw new UnprocessableRecordException("a fleet event envelope needs eventId, eventType, fleetId,"
                    + " sequence >= 0, timestamp and payload", null);
        }
        try {
            UpgradeId.of(envelope.fleetId());
        } catch (RuntimeException e) {
            throw new UnprocessableRecordException("malformed fleet id: " + e.getMessage(), e);
        }
        return envelope;
    }

    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        Map<TopicPartition, Long> resumed = offsets.resumeAfterIncluded(assignments.keySet(), callback);
        log.info("Assigned {}: resuming after the fleet read models' offsets {} (the others from the beginning)",
                assignments.keySet(), resumed);
    }
}
