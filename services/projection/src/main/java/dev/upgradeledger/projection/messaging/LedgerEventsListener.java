package dev.upgradeledger.projection.messaging;

import dev.upgradeledger.events.LedgerTopics;
import dev.upgradeledger.projection.ReadModels;
import dev.upgradeledger.support.envelope.EnvelopeCodec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@value LedgerTopics#EVENTS} in the projection's consumer group. Offsets are committed after the records
 * were applied, so delivery is at least once; the projections skip what they already applied. Unreadable records go
 * to the group's dead-letter topic (see {@code LedgerKafkaConfiguration}).
 */
@Component
class LedgerEventsListener {

    private final EnvelopeCodec codec;
    private final ReadModels readModels;

    LedgerEventsListener(EnvelopeCodec codec, ReadModels readModels) {
        this.codec = codec;
        this.readModels = readModels;
    }

    @KafkaListener(topics = LedgerTopics.EVENTS)
    void on(ConsumerRecord<String, String> record) {
        readModels.apply(codec.decode(record.value()));
    }
}
