package dev.upgradeledger.projection.messaging;

import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.LedgerTopics;
import dev.upgradeledger.projection.ConsumedOffset;
import dev.upgradeledger.projection.ConsumedOffsets;
import dev.upgradeledger.projection.ReadModels;
import dev.upgradeledger.support.envelope.EnvelopeCodec;
import dev.upgradeledger.support.kafka.UnprocessableRecordException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;

/**
 * Consumes {@value LedgerTopics#EVENTS} in the projection's consumer group. Each record is applied together with its
 * offset (see {@link ConsumedOffsets}), and the read models, not the consumer group, are the authority on where to
 * resume: whenever partitions are assigned, the consumer seeks to the offset after the last one the read models
 * include, or to the beginning of a partition they include nothing of. So read models restored from a snapshot or
 * rebuilt resume exactly after what they hold, and an empty projection rebuilds itself from the topic. Offsets are
 * also committed after each record (at least once; the projections skip what they already applied). Unreadable
 * records go to the group's dead-letter topic (see {@code LedgerKafkaConfiguration}); their offset is recorded first.
 */
@Component
class LedgerEventsListener implements ConsumerSeekAware {

    private static final Logger log = LoggerFactory.getLogger(LedgerEventsListener.class);

    private final EnvelopeCodec codec;
    private final ReadModels readModels;
    private final ConsumedOffsets offsets;

    LedgerEventsListener(EnvelopeCodec codec, ReadModels readModels, ConsumedOffsets offsets) {
        this.codec = codec;
        this.readModels = readModels;
        this.offsets = offsets;
    }

    @KafkaListener(topics = LedgerTopics.EVENTS)
    void on(ConsumerRecord<String, String> record) {
        ConsumedOffset source = new ConsumedOffset(record.topic(), record.partition(), record.offset());
        EventEnvelope envelope;
        try {
            envelope = codec.decode(record.value());
        } catch (UnprocessableRecordException e) {
            offsets.record(source);
            throw e;
        }
        readModels.apply(envelope, source);
    }

    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        Map<TopicPartition, Long> included = offsets.all().stream().collect(Collectors.toMap(
                consumed -> new TopicPartition(consumed.topic(), consumed.partition()), ConsumedOffset::offset));
        List<TopicPartition> fromBeginning = new ArrayList<>();
        assignments.keySet().forEach(partition -> {
            Long last = included.get(partition);
            if (last == null) {
                fromBeginning.add(partition);
            } else {
                callback.seek(partition.topic(), partition.partition(), last + 1);
            }
        });
        if (!fromBeginning.isEmpty()) {
            callback.seekToBeginning(fromBeginning);
        }
        log.info("Assigned {}: resuming after the read models' offsets {}, from the beginning of {}",
                assignments.keySet(), included, fromBeginning);
    }
}
