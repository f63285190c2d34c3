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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A token store made when the publisher had one segment (a ledger from before 2026-12-07) is split up to the four of
 * {@code ledger.publisher.segments} while commands keep storing events, and every event stored before, during and
 * after the splits reaches {@value LedgerTopics#EVENTS} exactly once.
 */
@LedgerIntegrationTest
class PublisherSegmentSplitIT extends ServiceIntegrationTest {

    private static final String PUBLISHER = "kafka-publisher";
    private static final int WRITERS = 4;

    @Autowired
    JdbcClient jdbc;
    @Autowired
    EventProcessingConfiguration processing;

    private final EnvelopeCodec codec = new EnvelopeCodec();

    @Test
    void aStoreOfOneSegmentIsSplitWhilePublishingWithNothingLostOrSentTwice() throws Exception {
        TrackingEventProcessor publisher = processing.eventProcessor(PUBLISHER, TrackingEventProcessor.class)
                .orElseThrow();
        await().atMost(Duration.ofSeconds(30)).until(() -> publisher.processingStatus().size() == 4
                && publisher.processingStatus().values().stream().allMatch(EventTrackerStatus::isCaughtUp));
        publisher.shutDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> !publisher.isRunning());
        // What a ledger of one publishing segment left: segment 0's row only (every segment had published
        // everything when they were released, so segment 0's token stands where the one segment would)
        jdbc.sql("delete from tokenentry where processorname = ? and segment <> 0").param(PUBLISHER).update();
        assertThat(segmentRows()).containsExactly(0);

        Set<String> clusters = ConcurrentHashMap.newKeySet();
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            running.add(writers.submit(() -> {
                while (writing.get()) {
                    String clusterId = CommandApiIT.uniqueClusterId();
                    assertThat(api.post("/api/v1/clusters", CommandApiIT.registration(clusterId)).status())
                            .isEqualTo(201);
                    clusters.add(clusterId);
                }
                return null;
            }));
        }
        // some clusters stored while nothing publishes, then the publisher starts on the one segment
        await().atMost(Duration.ofSeconds(30)).until(() -> clusters.size() >= 20);
        publisher.start();
        // the splitter (every second here) splits segment 0 into two, then each half again
        await().atMost(Duration.ofSeconds(60)).until(() -> segmentRows().size() == 4
                && publisher.processingStatus().size() == 4);
        Thread.sleep(1_000);
        writing.set(false);
        for (Future<?> writer : running) {
            writer.get();
        }
        writers.shutdown();
        assertThat(writers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(segmentRows()).containsExactly(0, 1, 2, 3);
        assertThat(publisher.processingStatus().values())
                .allSatisfy(status -> assertThat(status.getSegment().getMask()).isEqualTo(3));

        Set<String> stored = new StoredEvents(jdbc).eventIds(clusters);
        assertThat(stored).hasSize(clusters.size());
        Map<String, Integer> published;
        try (TopicReader reader = new TopicReader(LedgerTopics.EVENTS)) {
            published = timesPublished(reader.readUntil(all -> timesPublished(all, clusters).keySet()
                    .containsAll(stored), Duration.ofSeconds(60)), clusters);
        }
        assertThat(published.keySet()).as("published events of the test's clusters").isEqualTo(stored);
        assertThat(published).as("times each event was published").allSatisfy((id, times) ->
                assertThat(times).isEqualTo(1));
    }

    private List<Integer> segmentRows() {
        return jdbc.sql("select segment from tokenentry where processorname = ? order by segment")
                .param(PUBLISHER).query(Integer.class).list();
    }

    private Map<String, Integer> timesPublished(List<ConsumerRecord<String, String>> records, Set<String> clusters) {
        Map<String, Integer> times = new HashMap<>();
        records.stream().filter(r -> clusters.contains(r.key()))
                .forEach(r -> times.merge(codec.decode(r.value()).eventId(), 1, Integer::sum));
        return times;
    }
}
