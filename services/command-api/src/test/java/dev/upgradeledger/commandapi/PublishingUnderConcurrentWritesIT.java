package dev.upgradeledger.commandapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.upgradeledger.events.LedgerTopics;
import dev.upgradeledger.support.envelope.EnvelopeCodec;
import dev.upgradeledger.testsupport.LedgerIntegrationTest;
import dev.upgradeledger.testsupport.ServiceIntegrationTest;
import dev.upgradeledger.testsupport.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Many commands stored at once while the publisher is stopped and started again and again: every stored event
 * still reaches {@value LedgerTopics#EVENTS}. Concurrent transactions commit out of the order of their global index
 * (the reader sees gaps that fill later), which is where a tracking reader could skip an event.
 */
@LedgerIntegrationTest
class PublishingUnderConcurrentWritesIT extends ServiceIntegrationTest {

    private static final int WRITERS = 16;
    private static final int REGISTRATIONS_PER_WRITER = 40;

    @Autowired
    JdbcClient jdbc;
    @Autowired
    EventProcessingConfiguration processing;

    private final EnvelopeCodec codec = new EnvelopeCodec();

    @Test
    void everyEventStoredByConcurrentWritersIsPublishedAcrossPublisherRestarts() throws Exception {
        Set<String> clusters = ConcurrentHashMap.newKeySet();
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            running.add(writers.submit(() -> {
                for (int i = 0; i < REGISTRATIONS_PER_WRITER; i++) {
                    String clusterId = CommandApiIT.uniqueClusterId();
                    assertThat(api.post("/api/v1/clusters", CommandApiIT.registration(clusterId)).status())
                            .isEqualTo(201);
                    clusters.add(clusterId);
                }
            }));
        }
        TrackingEventProcessor publisher = processing
                .eventProcessor("kafka-publisher", TrackingEventProcessor.class).orElseThrow();
        while (running.stream().anyMatch(f -> !f.isDone())) {
            Thread.sleep(200);
            restart(publisher);
        }
        for (Future<?> writer : running) {
            writer.get();
        }
        writers.shutdown();
        assertThat(writers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

        Set<String> stored = new StoredEvents(jdbc).eventIds(clusters);
        assertThat(stored).hasSize(WRITERS * REGISTRATIONS_PER_WRITER);
        Set<String> published;
        try (TopicReader reader = new TopicReader(LedgerTopics.EVENTS)) {
            published = eventIds(reader.readUntil(all -> eventIds(all, clusters).containsAll(stored),
                    Duration.ofSeconds(60)), clusters);
        }
        Set<String> missing = new HashSet<>(stored);
        missing.removeAll(published);
        assertThat(missing).as("stored but never published").isEmpty();
    }

    /** Stops the publisher (it releases its token claim) and starts it again, as a redeployment would. */
    private static void restart(TrackingEventProcessor publisher) {
        publisher.shutDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> !publisher.isRunning());
        publisher.start();
        // every publishing segment claimed again (four: kafka-publisher's initial-segment-count)
        await().atMost(Duration.ofSeconds(30)).until(() -> publisher.processingStatus().size() == 4);
    }

    private Set<String> eventIds(List<ConsumerRecord<String, String>> records, Set<String> clusters) {
        Set<String> ids = new HashSet<>();
        records.stream().filter(r -> clusters.contains(r.key())).forEach(r -> ids.add(codec.decode(r.value()).eventId()));
        return ids;
    }
}
