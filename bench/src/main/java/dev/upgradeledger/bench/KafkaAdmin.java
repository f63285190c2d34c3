package dev.upgradeledger.bench;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The broker's view: a topic's end offsets and consumer groups' members. */
final class KafkaAdmin implements AutoCloseable {

    private final Admin admin;

    KafkaAdmin(String bootstrapServers) {
        admin = Admin.create(BenchKafka.config(bootstrapServers));
    }

    /** Per partition, the offset the next record will get (the number of records ever written to it). */
    Map<Integer, Long> endOffsets(String topic) throws ExecutionException, InterruptedException, TimeoutException {
        List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                .get(topic).partitions().stream().map(info -> new TopicPartition(topic, info.partition())).toList();
        Map<TopicPartition, OffsetSpec> latest = partitions.stream()
                .collect(Collectors.toMap(Function.identity(), partition -> OffsetSpec.latest()));
        Map<Integer, Long> ends = new TreeMap<>();
        admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS)
                .forEach((partition, info) -> ends.put(partition.partition(), info.offset()));
        return ends;
    }

    /** A consumer group's state and number of members, e.g. "STABLE, 4 members". */
    String group(String groupId) throws ExecutionException, InterruptedException, TimeoutException {
        ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(groupId)).all()
                .get(30, TimeUnit.SECONDS).get(groupId);
        return group.groupState() + ", " + group.members().size() + " members";
    }

    /** A consumer group's members now. */
    int members(String groupId) throws ExecutionException, InterruptedException, TimeoutException {
        return admin.describeConsumerGroups(List.of(groupId)).all().get(30, TimeUnit.SECONDS).get(groupId).members()
                .size();
    }

    /** Waits until a group is stable with at least {@code members} members; answers its state at the end. */
    String awaitGroup(String groupId, int members, long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        String state = "unknown";
        while (System.nanoTime() < deadline) {
            try {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(groupId)).all()
                        .get(30, TimeUnit.SECONDS).get(groupId);
                state = group.groupState() + ", " + group.members().size() + " members";
                if (group.groupState() == GroupState.STABLE && group.members().size() >= members) {
                    return state;
                }
            } catch (ExecutionException | TimeoutException e) {
                state = e.getMessage();
            }
            Thread.sleep(500);
        }
        return state + " (waited " + timeoutNanos / 1_000_000_000L + " s)";
    }

    /** Records not yet included: per partition end - 1 - applied (a partition without an applied offset: all). */
    static long lag(Map<Integer, Long> ends, Map<Integer, Long> applied) {
        long lag = 0;
        for (Map.Entry<Integer, Long> end : ends.entrySet()) {
            lag += Math.max(0, end.getValue() - 1 - applied.getOrDefault(end.getKey(), -1L));
        }
        return lag;
    }

    static long total(Map<Integer, Long> ends) {
        return ends.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public void close() {
        admin.close();
    }
}
