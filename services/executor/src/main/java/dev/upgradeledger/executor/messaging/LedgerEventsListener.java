package dev.upgradeledger.executor.messaging;

import dev.upgradeledger.events.LedgerTopics;
import dev.upgradeledger.executor.tracking.ClusterCursors;
import dev.upgradeledger.support.envelope.EnvelopeCodec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@value LedgerTopics#EVENTS} in the executor's consumer group and hands each event over; offsets are
 * committed once that returned. Unreadable records go to the group's dead-letter topic.
 */
@Component
class LedgerEventsListener {

    private final EnvelopeCodec codec;
    private final ClusterCursors cursors;

    LedgerEventsListener(EnvelopeCodec codec, ClusterCursors cursors) {
        this.codec = codec;
        this.cursors = cursors;
    }

    @KafkaListener(topics = LedgerTopics.EVENTS)
    void on(ConsumerRecord<String, String> record) {
        cursors.observe(codec.decode(record.value()));
    }
}
