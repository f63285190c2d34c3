package dev.upgradeledger.projection.recovery;

import dev.upgradeledger.events.LedgerTopics;
import dev.upgradeledger.projection.ConsumedOffset;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * What {@value LedgerTopics#EVENTS} can replay: per partition its earliest and end offsets, and the Kafka cluster's
 * id (a snapshot's offsets only mean something on the cluster it was taken from). With the default infinite retention
 * the earliest offset is 0; when retention or a deletion removed the start of a partition, a replay from Kafka would
 * miss events and is refused; the event store is then the source (command-api republishes it).
 */
@Component
public class ReplaySource {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final KafkaAdmin kafkaAdmin;

    ReplaySource(KafkaAdmin kafkaAdmin) {
        this.kafkaAdmin = kafkaAdmin;
    }

    /** The offsets of {@value LedgerTopics#EVENTS} now. */
    public TopicOffsets offsets() {
        return offsets(List.of(LedgerTopics.EVENTS)).get(LedgerTopics.EVENTS);
    }

    /** The offsets of {@code topics} (ones the projection reads) now, asked with one client. */
    public Map<String, TopicOffsets> offsets(List<String> topics) {
        try (Admin admin = Admin.create(kafkaAdmin.getConfigurationProperties())) {
            String clusterId = get(admin.describeCluster().clusterId());
            Map<String, TopicDescription> described = get(admin.describeTopics(topics).allTopicNames());
            Map<String, TopicOffsets> offsets = new LinkedHashMap<>();
            for (String topic : topics) {
                List<TopicPartition> partitions = described.get(topic).partitions().stream()
                        .map(info -> new TopicPartition(topic, info.partition())).toList();
                offsets.put(topic, new TopicOffsets(clusterId, topic, list(admin, partitions, OffsetSpec.earliest()),
                        list(admin, partitions, OffsetSpec.latest())));
            }
            return offsets;
        }
    }

    private static Map<Integer, Long> list(Admin admin, List<TopicPartition> partitions, OffsetSpec spec) {
        Map<TopicPartition, ListOffsetsResultInfo> offsets = get(admin.listOffsets(partitions.stream()
                .collect(Collectors.toMap(Function.identity(), partition -> spec))).all());
        return new TreeMap<>(offsets.entrySet().stream()
                .collect(Collectors.toMap(entry -> entry.getKey().partition(), entry -> entry.getValue().offset())));
    }

    private static <T> T get(KafkaFuture<T> future) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking Kafka for offsets", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer with a topic's offsets", e);
        }
    }

    /**
     * A topic's offsets at one moment.
     *
     * @param clusterId the Kafka cluster's id
     * @param earliest  per partition, the first offset still in the topic
     * @param end       per partition, the offset the next record will get
     */
    public record TopicOffsets(String clusterId, String topic, Map<Integer, Long> earliest, Map<Integer, Long> end) {

        /** The partitions whose beginning is gone: a replay from the start would miss their first events. */
        public Set<Integer> truncated() {
            return earliest.entrySet().stream().filter(entry -> entry.getValue() > 0).map(Map.Entry::getKey)
                    .collect(Collectors.toCollection(java.util.TreeSet::new));
        }

        /**
         * The partitions where resuming after {@code included} (per partition the last offset included; a partition
         * missing from it is resumed from offset 0) would skip records no longer in the topic.
         */
        public Set<Integer> missingAfter(Map<Integer, Long> included) {
            return earliest.entrySet().stream()
                    .filter(entry -> included.getOrDefault(entry.getKey(), -1L) + 1 < entry.getValue())
                    .map(Map.Entry::getKey)
                    .collect(Collectors.toCollection(java.util.TreeSet::new));
        }

        /** Per partition of this topic, the last offset {@code positions} include. */
        public Map<Integer, Long> included(List<ConsumedOffset> positions) {
            return positions.stream().filter(position -> position.topic().equals(topic))
                    .collect(Collectors.toMap(ConsumedOffset::partition, ConsumedOffset::offset));
        }

        /** Whether {@code positions} include every record of this topic. */
        public boolean caughtUp(List<ConsumedOffset> positions) {
            return lag(included(positions)).values().stream().allMatch(behind -> behind == 0);
        }

        /** Per partition, how many records after {@code included} are still to be applied. */
        public Map<Integer, Long> lag(Map<Integer, Long> included) {
            return new TreeMap<>(end.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                    entry -> Math.max(0, entry.getValue() - included.getOrDefault(entry.getKey(), -1L) - 1))));
        }
    }
}
