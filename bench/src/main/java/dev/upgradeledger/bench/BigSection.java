package dev.upgradeledger.bench;

import dev.upgradeledger.events.LedgerTopics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One very large cluster (10,000 nodes by default) upgraded ROLLING, 10% at a time (or OFFLINE): the time until the request is
 * answered with the plan, until the upgrade completes (bounded: "did not complete in N s" otherwise), the events,
 * the largest event (stored payload, and record on ledger.events) against the broker's message.max.bytes, and each
 * service's memory. Run last: a plan event larger than the broker accepts can stop command-api's publisher.
 */
final class BigSection {

    private final BenchContext context;

    BigSection(BenchContext context) {
        this.context = context;
    }

    void run(Report.Section section) throws Exception {
        BenchSettings settings = context.settings();
        int nodes = settings.bigNodes();
        long timeout = settings.bigTimeoutSeconds() * 1_000_000_000L;
        long sectionBegin = System.nanoTime();
        String product = "big-" + context.run();
        String id = context.workloads().nextClusterId("big");
        Duration latency = context.fastLatency();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("nodes", nodes);
        data.put("strategy", settings.bigStrategy());
        data.put("maxUnavailable", settings.bigMaxUnavailable());
        try (RecordWatch watch = new RecordWatch(context.stack().kafkaBootstrapServers(), id);
             BigTimeline timeline = new BigTimeline(context.database(), context.stack().kafkaBootstrapServers(),
                     settings.reportFolder().resolve("big-timeline.csv"), watch::partition)) {
            // registration
            long begin = System.nanoTime();
            LedgerApi.Answer registered;
            try {
                registered = context.api().registerCamunda(id, product, nodes);
            } catch (HttpTimeoutException e) {
                section.row("registration", "no answer: " + e.getMessage());
                return;
            }
            long registration = System.nanoTime() - begin;
            section.row("registration of " + nodes + " nodes", String.format(Locale.ROOT, "HTTP %d after %s s",
                    registered.status(), Report.number(registration / 1e9)));
            data.put("registrationSeconds", Report.round(registration / 1e9));
            if (registered.status() != 201) {
                section.row("registration refused", registered.body());
                return;
            }
            long projected = awaitProjected(product, id, sectionBegin + timeout);
            section.row("registration visible in the projection", projected < 0 ? "not within the time-out"
                    : Report.number((projected - begin) / 1e9) + " s after the request");

            // the request, answered with the plan
            begin = System.nanoTime();
            LedgerApi.Answer answer = null;
            String noAnswer = null;
            try {
                answer = context.api().requestUpgrade(id, "u-big", settings.bigStrategy(), settings.bigMaxUnavailable(),
                        Duration.ofNanos(Math.max(1_000_000_000L, sectionBegin + timeout - begin)));
            } catch (IOException e) {
                noAnswer = e.toString();
            }
            long planned = System.nanoTime() - begin;
            PlanShape plan = answer != null && answer.status() == 201 ? PlanShape.of(answer.json())
                    : PlanShape.UNKNOWN;
            section.row("time to plan (request answered)", answer == null ? "no answer after "
                    + Report.number(planned / 1e9) + " s: " + noAnswer : String.format(Locale.ROOT,
                    "HTTP %d after %s s, %s KiB answer; %s", answer.status(), Report.number(planned / 1e9),
                    Report.number(answer.body().length() / 1024.0), plan.describe(latency)));
            data.put("planSeconds", Report.round(planned / 1e9));
            data.put("plan", plan.toMap(latency));

            // until it ends, or the time-out; meanwhile a small cluster is registered every few seconds and timed
            // until the projection shows it: a stall behind the big cluster's events shows here
            SmallArrivals arrivals = new SmallArrivals(context.api(), context.workloads(), "bigsmall-" + context.run(),
                    watch, timeline);
            Thread prober = new Thread(arrivals, "bench-small-arrivals");
            prober.setDaemon(true);
            prober.start();
            String status = "";
            long ended = -1;
            long lastSequence = -1;
            while (answer != null && answer.status() == 201 && System.nanoTime() < sectionBegin + timeout) {
                JsonNode summary = summary(product, id);
                if (summary != null) {
                    status = summary.at("/upgrade/status").asString("");
                    lastSequence = summary.path("lastSequence").asLong(-1);
                    if (Workloads.UPGRADE_ENDS.contains(status)) {
                        ended = System.nanoTime();
                        break;
                    }
                }
                Thread.sleep(1_000);
            }
            arrivals.stop();
            prober.join(SmallArrivals.WAIT.toMillis() + 10_000);
            Stats arrived = Stats.ofNanos(arrivals.arrivals());
            section.row("small clusters meanwhile: registration -> visible in the projection", arrived.count() == 0
                    ? "none measured" : String.format(Locale.ROOT, "%s; %d of %d over 1 s, %d not visible within %d s",
                    arrived.describe(), arrivals.arrivals().stream().filter(n -> n > 1_000_000_000L).count(),
                    arrived.count(), arrivals.lost(), SmallArrivals.WAIT.toSeconds()));
            Stats answered = Stats.ofNanos(arrivals.answers());
            section.row("  of which the registration's answer (201)", answered.count() == 0 ? "none"
                    : answered.describe());
            data.put("smallAnswers", answered.toMap());
            Stats publishedAt = Stats.ofNanos(arrivals.published());
            Stats sharing = Stats.ofNanos(arrivals.sharing());
            section.row("  of which registration -> its record on " + LedgerTopics.EVENTS, publishedAt.count() == 0
                    ? "none seen" : publishedAt.describe());
            section.row("  of which on the big cluster's partition: -> projection", sharing.count() == 0 ? "none"
                    : sharing.describe());
            data.put("smallArrivals", arrived.toMap());
            data.put("smallPublished", publishedAt.toMap());
            data.put("smallOnBigPartition", sharing.toMap());
            data.put("smallArrivalsNotVisible", arrivals.lost());
            section.row("where the events waited (sampled every second)", timeline.summary()
                    + "; each second and each small cluster in big-timeline.csv beside the report");
            data.put("timeline", timeline.summary());
            long stored = -1;
            List<Database.Payload> largest = List.of();
            try {
                stored = context.database().storedEvents(id);
                largest = context.database().largestPayloads(id, 3);
            } catch (SQLException e) {
                section.row("event store", "unavailable: " + e.getMessage());
            }
            double completeSeconds = ended < 0 ? Double.NaN : (ended - begin) / 1e9;
            double elapsed = (System.nanoTime() - begin) / 1e9;
            double critical = plan.criticalPath(latency).toMillis() / 1000.0;
            section.rowVs("upgrade, request -> end", ended >= 0
                            ? String.format(Locale.ROOT, "%s after %s s", status, Report.number(completeSeconds))
                            : String.format(Locale.ROOT, "did not complete in %d s (the section's time-out, from the"
                                    + " registration); projection shows status '%s' %s s after the request",
                            settings.bigTimeoutSeconds(), status, Report.number(elapsed)),
                    ended >= 0 ? Ratio.of(completeSeconds, critical, "the critical path, s")
                            : "more than " + Ratio.of(elapsed, critical, "the critical path, s"));
            double eventsPerSecond = stored < 0 ? Double.NaN : Stats.perSecond(stored, (long) (elapsed * 1e9));
            section.rowVs("events/s while it ran", Double.isNaN(eventsPerSecond) ? "unknown"
                            : String.format(Locale.ROOT, "%s (events stored for the cluster / time since the request)",
                            Report.number(eventsPerSecond)),
                    Ratio.of(eventsPerSecond, context.limits().pgCommits8(), "PG single-row commits/s, 8 clients"));
            section.row("events", String.format(Locale.ROOT, "%d stored for the cluster; %d in the projection; %d"
                            + " records with its key seen on %s", stored, lastSequence + 1, watch.records(),
                    LedgerTopics.EVENTS));
            double maxMessage = context.limits().kafkaMaxMessage();
            if (!largest.isEmpty()) {
                Database.Payload top = largest.get(0);
                section.rowVs("largest event (stored payload)", String.format(Locale.ROOT, "%s (#%d): %s KiB; next %s",
                                top.type(), top.sequence(), Report.number(top.bytes() / 1024.0),
                                largest.subList(1, largest.size()).stream().map(payload -> payload.type() + " "
                                        + Report.number(payload.bytes() / 1024.0) + " KiB").toList()),
                        Ratio.of(top.bytes(), maxMessage, "Kafka message.max.bytes"));
                data.put("largestStoredPayloadBytes", top.bytes());
                data.put("largestStoredPayloadType", top.type());
            }
            section.rowVs("largest record seen on " + LedgerTopics.EVENTS, watch.records() == 0 ? "none"
                            : Report.number(watch.largest() / 1024.0) + " KiB",
                    Ratio.of(watch.largest(), maxMessage, "Kafka message.max.bytes"));
            try {
                LedgerApi.Answer publisher = context.api().publisher();
                section.row("command-api publisher at the end", publisher.body().length() > 400
                        ? publisher.body().substring(0, 400) + "..." : publisher.body());
                data.put("publisher", publisher.body());
            } catch (IOException e) {
                section.row("command-api publisher at the end", "no answer: " + e);
            }
            data.put("completed", ended >= 0);
            data.put("status", status);
            data.put("completeSeconds", ended < 0 ? null : Report.round(completeSeconds));
            data.put("eventsStored", stored);
            data.put("eventsProjected", lastSequence + 1);
            data.put("recordsOnTopic", watch.records());
            data.put("largestRecordBytes", watch.largest());
        }
        section.data("big", data)
                .note("time-out " + settings.bigTimeoutSeconds() + " s from the registration; the summary is polled"
                        + " every second (GET /api/v1/clusters?product=); stored events and payload sizes read from"
                        + " the event store (JDBC), records from " + LedgerTopics.EVENTS + " by a consumer of the"
                        + " harness's own (no group, from the end before the registration)")
                .note("run last: an event larger than the broker accepts can stop command-api's publisher, and every"
                        + " later event with it");
        context.memory().after("big upgrade", section);
    }

    private long awaitProjected(String product, String id, long deadline) throws Exception {
        while (System.nanoTime() < deadline) {
            if (summary(product, id) != null) {
                return System.nanoTime();
            }
            Thread.sleep(200);
        }
        return -1;
    }

    private JsonNode summary(String product, String id) throws InterruptedException {
        try {
            for (JsonNode cluster : context.api().projectedClusters(product)) {
                if (cluster.path("clusterId").asString().equals(id)) {
                    return cluster;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not answered this time; asked again
        }
        return null;
    }

    /**
     * Registers a 1-node cluster every {@link #EVERY} and polls the projection every 20 ms until it shows it (at most
     * {@link #WAIT}): the time each took, and how many never showed within it.
     */
    static final class SmallArrivals implements Runnable {

        static final Duration EVERY = Duration.ofSeconds(5);
        static final Duration WAIT = Duration.ofSeconds(120);

        private final LedgerApi api;
        private final Workloads workloads;
        private final String product;
        private final RecordWatch watch;
        private final BigTimeline timeline;
        private final List<Long> arrivals = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final List<Long> published = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final List<Long> answers = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final List<Long> sharing = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final AtomicLong lost = new AtomicLong();
        private volatile boolean running = true;

        SmallArrivals(LedgerApi api, Workloads workloads, String product, RecordWatch watch, BigTimeline timeline) {
            this.watch = watch;
            this.timeline = timeline;
            this.api = api;
            this.workloads = workloads;
            this.product = product;
        }

        void stop() {
            running = false;
        }

        List<Long> arrivals() {
            return arrivals;
        }

        long lost() {
            return lost.get();
        }

        /** The registrations' answer times (201s). */
        List<Long> answers() {
            return answers;
        }

        /** Registration -> its record on ledger.events, of those that reached the projection. */
        List<Long> published() {
            return published;
        }

        /** Registration -> the projection, of those whose record shared the big cluster's partition. */
        List<Long> sharing() {
            return sharing;
        }

        @Override
        public void run() {
            while (running) {
                long begin = System.nanoTime();
                try {
                    String id = workloads.nextClusterId("small");
                    watch.expect(id);
                    int status = api.registerCamunda(id, product, 1).status();
                    long answered = System.nanoTime();
                    if (status == 201) {
                        answers.add(answered - begin);
                        long deadline = begin + WAIT.toNanos();
                        while (api.projectedCluster(id).status() != 200) {
                            if (System.nanoTime() > deadline) {
                                lost.incrementAndGet();
                                break;
                            }
                            Thread.sleep(20);
                        }
                        if (System.nanoTime() <= deadline) {
                            long now = System.nanoTime();
                            long arrived = now - begin;
                            arrivals.add(arrived);
                            timeline.small(id, begin, answered, watch.seenAt(id), now, watch.partitionOf(id));
                            if (watch.seenAt(id) != 0) {
                                published.add(watch.seenAt(id) - begin);
                            }
                            if (watch.onBigPartition(id)) {
                                sharing.add(arrived);
                            }
                        }
                    }
                    long rest = EVERY.toNanos() - (System.nanoTime() - begin);
                    if (rest > 0) {
                        Thread.sleep(rest / 1_000_000);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (IOException | RuntimeException e) {
                    // not answered this time: the next one is tried
                }
            }
        }
    }

    /** Counts the records of one key on ledger.events from now on, and the largest value's size. */
    static final class RecordWatch implements AutoCloseable {

        private final KafkaConsumer<String, byte[]> consumer;
        private final String key;
        private final AtomicLong records = new AtomicLong();
        private final AtomicLong largest = new AtomicLong();
        private volatile int partition = -1;
        /** Small clusters expected: when their first record was seen (System.nanoTime()) and its partition. */
        private final Map<String, long[]> seen = new java.util.concurrent.ConcurrentHashMap<>();
        private final Thread poller;
        private volatile boolean running = true;

        RecordWatch(String bootstrapServers, String key) {
            this.key = key;
            consumer = new KafkaConsumer<>(BenchKafka.config(
                    bootstrapServers,
                    ConsumerConfig.CLIENT_ID_CONFIG, "ledger-bench-watch",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(),
                    new ByteArrayDeserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(LedgerTopics.EVENTS).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            poller = new Thread(this::poll, "bench-record-watch");
            poller.setDaemon(true);
            poller.start();
        }

        private void poll() {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        records.incrementAndGet();
                        largest.accumulateAndGet(record.serializedValueSize(), Math::max);
                        partition = record.partition();
                    } else if (record.key() != null) {
                        long[] expected = seen.get(record.key());
                        if (expected != null && expected[0] == 0) {
                            expected[1] = record.partition();
                            expected[0] = System.nanoTime();
                        }
                    }
                }
            }
        }

        long records() {
            return records.get();
        }

        /** Watch for the first record of {@code key}. */
        void expect(String key) {
            seen.put(key, new long[] {0, -1});
        }

        /** When the first record of an expected key was seen (System.nanoTime()), or 0. */
        long seenAt(String key) {
            long[] expected = seen.get(key);
            return expected == null ? 0 : expected[0];
        }

        /** Whether the first record of an expected key was on the big cluster's partition. */
        boolean onBigPartition(String key) {
            long[] expected = seen.get(key);
            return expected != null && expected[0] != 0 && expected[1] == partition;
        }

        long largest() {
            return largest.get();
        }

        /** The big cluster's partition, -1 before its first record. */
        int partition() {
            return partition;
        }

        /** The partition of an expected key's first record, -1 before it was seen. */
        int partitionOf(String key) {
            long[] expected = seen.get(key);
            return expected == null ? -1 : (int) expected[1];
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            poller.join(5_000);
            consumer.close();
        }
    }
}
