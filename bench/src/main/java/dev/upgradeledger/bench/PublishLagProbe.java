package dev.upgradeledger.bench;

import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.LedgerTopics;
import dev.upgradeledger.support.envelope.EnvelopeCodec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Publish lag, read off {@value LedgerTopics#EVENTS} by a consumer of its own (no group, all partitions, from the end):
 * for each event of the clusters whose id starts with a prefix, the envelope's {@code timestamp} (when command-api
 * created the event, just before its transaction commits) against the record's create time (when command-api's
 * publisher handed it to its Kafka producer) and against when this consumer received it.
 */
final class PublishLagProbe implements AutoCloseable {

    private final EnvelopeCodec codec = new EnvelopeCodec();
    private final KafkaConsumer<String, String> consumer;
    private final String keyPrefix;
    private final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
    private final Thread poller;
    private volatile boolean running = true;

    PublishLagProbe(String bootstrapServers, String keyPrefix) {
        this.keyPrefix = keyPrefix;
        consumer = new KafkaConsumer<>(BenchKafka.config(
                bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "ledger-bench-lag",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50), new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(LedgerTopics.EVENTS).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        poller = new Thread(this::poll, "bench-publish-lag");
        poller.setDaemon(true);
        poller.start();
    }

    private void poll() {
        while (running) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                Instant received = Instant.now();
                if (record.key() == null || !record.key().startsWith(keyPrefix)) {
                    continue;
                }
                EventEnvelope envelope = codec.decode(record.value());
                Instant created = Instant.ofEpochMilli(record.timestamp());
                samples.add(new Sample(envelope.eventType(),
                        ChronoUnit.MICROS.between(envelope.timestamp(), created) * 1000,
                        ChronoUnit.MICROS.between(envelope.timestamp(), received) * 1000));
            }
        }
    }

    /**
     * One event seen: its type, nanoseconds from its timestamp to the record's create time (millisecond resolution),
     * and to this consumer receiving it.
     */
    record Sample(String eventType, long toProducer, long toConsumer) {
    }

    /** The samples of the events whose type passes the filter. */
    List<Sample> samples(Predicate<String> eventType) {
        synchronized (samples) {
            return samples.stream().filter(sample -> eventType.test(sample.eventType())).toList();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        poller.join(5_000);
        consumer.close();
    }
}
