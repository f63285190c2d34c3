package dev.upgradeledger.executor;

import dev.upgradeledger.events.CommandEnvelope;
import dev.upgradeledger.events.LedgerTopics;
import dev.upgradeledger.support.envelope.CommandCodec;
import dev.upgradeledger.testsupport.LedgerInfrastructure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Everything on {@value LedgerTopics#STEP_OUTCOMES} up to the end offsets of the moment it is called: unlike reading until
 * a count is reached, it also sees a report sent once too often.
 */
final class CommandsTopic {

    private static final CommandCodec CODEC = new CommandCodec();

    private CommandsTopic() {
    }

    static List<CommandEnvelope> everythingFor(String clusterId) {
        Map<String, Object> config = LedgerInfrastructure.get().kafkaProperties();
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "commands-reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config,
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(LedgerTopics.STEP_OUTCOMES, Duration.ofSeconds(10))
                    .stream().map(info -> new TopicPartition(LedgerTopics.STEP_OUTCOMES, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            List<CommandEnvelope> found = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + LedgerTopics.STEP_OUTCOMES + " to its end " + end);
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (clusterId.equals(record.key())) {
                        found.add(CODEC.decode(record.value()).envelope());
                    }
                }
            }
            return found;
        }
    }
}
