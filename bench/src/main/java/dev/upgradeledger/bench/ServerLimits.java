package dev.upgradeledger.bench;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * PostgreSQL's and Kafka's own limits, measured on the benchmark's servers before the services start: JDBC inserts in a
 * scratch schema (dropped afterwards) shaped like event appends, and a producer and a consumer on a scratch topic
 * (deleted afterwards) with ~500 B records, as the services' producers are configured.
 */
final class ServerLimits {

    static final int RECORD_BYTES = 500;
    private static final String SCHEMA = "bench_limits";
    private static final int PARTITIONS = 6;
    private static final int WARM_UP_RECORDS = 5_000;

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String bootstrapServers;
    private final long nanosPerProbe;

    ServerLimits(String jdbcUrl, String user, String password, String bootstrapServers, int secondsPerProbe) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.bootstrapServers = bootstrapServers;
        this.nanosPerProbe = secondsPerProbe * 1_000_000_000L;
    }

    Limits measure(Report.Section section) throws InterruptedException {
        double commits1 = Double.NaN;
        double commits8 = Double.NaN;
        double batch1 = Double.NaN;
        try {
            createScratchSchema();
            try {
                Rate one = singleRowCommits(1);
                commits1 = one.perSecond();
                section.row("PostgreSQL: single-row commits, 1 client", one.describe("commits") + String.format(
                                Locale.ROOT, "; %s ms per commit", Report.number(1000.0 / commits1)))
                        .data("pgSingleRowCommits1", one.toMap());
                Rate eight = singleRowCommits(8);
                commits8 = eight.perSecond();
                section.row("PostgreSQL: single-row commits, 8 clients", eight.describe("commits"))
                        .data("pgSingleRowCommits8", eight.toMap());
                Rate batch = batchInserts(100);
                batch1 = batch.perSecond();
                section.row("PostgreSQL: 100-row batch inserts, 1 client", batch.describe("rows"))
                        .data("pgBatch100Rows1", batch.toMap());
            } finally {
                dropScratchSchema();
            }
        } catch (SQLException e) {
            section.row("PostgreSQL limits", "FAILED: " + e.getMessage());
        }
        double produce = Double.NaN;
        double consume = Double.NaN;
        double sendP50 = Double.NaN;
        double maxMessage = Double.NaN;
        String topic = "bench.limits." + Long.toString(System.nanoTime() & 0xffffff, 36);
        try (Admin admin = Admin.create(BenchKafka.config(bootstrapServers))) {
            maxMessage = brokerMaxMessageBytes(admin);
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
            try {
                Rate produced = produce(topic);
                produce = produced.perSecond();
                section.row("Kafka: produce, acks=all, idempotent, " + RECORD_BYTES + " B, " + PARTITIONS
                                + " partitions", produced.describe("records"))
                        .data("kafkaProduce", produced.toMap());
                Rate consumed = consume(topic, produced.count() + WARM_UP_RECORDS);
                consume = consumed.perSecond();
                section.row("Kafka: consume the same records, 1 consumer", consumed.describe("records"))
                        .data("kafkaConsume", consumed.toMap());
                Stats roundTrip = Stats.ofNanos(roundTrips(topic));
                sendP50 = roundTrip.p50Ms();
                section.row("Kafka: one record at a time, send -> ack (acks=all)", roundTrip.describe())
                        .data("kafkaSendRoundTrip", roundTrip.toMap());
                section.row("Kafka: broker message.max.bytes", Report.number(maxMessage) + " bytes")
                        .data("kafkaMessageMaxBytes", (long) maxMessage);
            } finally {
                admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            section.row("Kafka limits", "FAILED: " + e);
        }
        section.note("PostgreSQL: JDBC on the benchmark's own server, a scratch schema " + SCHEMA + " (dropped"
                        + " afterwards) with an event-store-like table (identity key, unique (aggregate, sequence), "
                        + RECORD_BYTES + " B payload); each probe " + nanosPerProbe / 1_000_000_000L + " s")
                .note("Kafka: the benchmark's own broker, a scratch topic (deleted afterwards), producer settings as the"
                        + " services' (acks=all, idempotent, linger.ms 0); consume = assign every partition, read from the"
                        + " beginning until all are read");
        return new Limits(commits1, commits8, batch1, produce, consume, sendP50, maxMessage, Double.NaN, Double.NaN);
    }

    /** A count done in a time, from one or more threads. */
    record Rate(long count, long nanos, int clients) {
        double perSecond() {
            return Stats.perSecond(count, nanos);
        }

        String describe(String what) {
            return String.format(Locale.ROOT, "%s %s/s (%d in %s s, %d client%s)", Report.number(perSecond()), what,
                    count, Report.number(nanos / 1e9), clients, clients == 1 ? "" : "s");
        }

        Map<String, Object> toMap() {
            return Map.of("count", count, "seconds", Report.round(nanos / 1e9), "clients", clients,
                    "perSecond", Report.round(perSecond()));
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }

    private void createScratchSchema() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            statement.execute("CREATE SCHEMA " + SCHEMA);
            statement.execute("CREATE TABLE " + SCHEMA + ".event (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
                    + " aggregate VARCHAR(255) NOT NULL, sequence BIGINT NOT NULL, payload BYTEA NOT NULL,"
                    + " UNIQUE (aggregate, sequence))");
        }
    }

    private void dropScratchSchema() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }

    private static final String INSERT = "INSERT INTO " + SCHEMA + ".event (aggregate, sequence, payload) VALUES (?, ?, ?)";

    private Rate singleRowCommits(int clients) throws SQLException, InterruptedException {
        AtomicLong done = new AtomicLong();
        AtomicReference<SQLException> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        long[] begin = new long[1];
        long end = System.nanoTime() + nanosPerProbe + 200_000_000L;
        java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(clients);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        for (int c = 0; c < clients; c++) {
            String aggregate = "single-" + clients + "-" + c;
            Thread thread = new Thread(() -> {
                try (Connection connection = connect(); PreparedStatement insert = connection.prepareStatement(INSERT)) {
                    byte[] payload = payload(aggregate.hashCode());
                    long sequence = 0;
                    for (; sequence < 50; sequence++) {
                        // warm-up, not counted
                        insert.setString(1, aggregate);
                        insert.setLong(2, sequence);
                        insert.setBytes(3, payload);
                        insert.executeUpdate();
                    }
                    ready.countDown();
                    go.await();
                    long deadline = begin[0] + nanosPerProbe;
                    for (; System.nanoTime() < deadline; sequence++) {
                        insert.setString(1, aggregate);
                        insert.setLong(2, sequence);
                        insert.setBytes(3, payload);
                        insert.executeUpdate();
                        done.incrementAndGet();
                    }
                } catch (SQLException e) {
                    failure.compareAndSet(null, e);
                    ready.countDown();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "bench-pg-" + c);
            thread.start();
            threads.add(thread);
        }
        ready.await();
        begin[0] = System.nanoTime();
        go.countDown();
        for (Thread thread : threads) {
            thread.join(Math.max(1, (end - System.nanoTime()) / 1_000_000 + 30_000));
        }
        long took = System.nanoTime() - begin[0];
        if (failure.get() != null) {
            throw failure.get();
        }
        return new Rate(done.get(), took, clients);
    }

    private Rate batchInserts(int rowsPerTransaction) throws SQLException {
        try (Connection connection = connect(); PreparedStatement insert = connection.prepareStatement(INSERT)) {
            connection.setAutoCommit(false);
            byte[] payload = payload(7);
            long rows = 0;
            for (int warmUp = 0; warmUp < 5; warmUp++) {
                rows = insertBatch(connection, insert, payload, rows, rowsPerTransaction);
            }
            long counted = rows;
            long begin = System.nanoTime();
            long deadline = begin + nanosPerProbe;
            while (System.nanoTime() < deadline) {
                rows = insertBatch(connection, insert, payload, rows, rowsPerTransaction);
            }
            return new Rate(rows - counted, System.nanoTime() - begin, 1);
        }
    }

    /** One transaction of {@code size} rows (50 per aggregate); answers the rows inserted so far. */
    private static long insertBatch(Connection connection, PreparedStatement insert, byte[] payload, long rows,
                                    int size) throws SQLException {
        for (int i = 0; i < size; i++) {
            insert.setString(1, "batch-" + (rows / 50));
            insert.setLong(2, rows % 50);
            insert.setBytes(3, payload);
            insert.addBatch();
            rows++;
        }
        insert.executeBatch();
        connection.commit();
        return rows;
    }

    private static byte[] payload(long seed) {
        byte[] payload = new byte[RECORD_BYTES];
        Random random = new Random(seed);
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) ('a' + random.nextInt(26));
        }
        return payload;
    }

    private KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(BenchKafka.config(
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.CLIENT_ID_CONFIG, "ledger-bench-limits"), new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    private Rate produce(String topic) throws ExecutionException, InterruptedException {
        byte[] value = payload(11);
        byte[][] keys = new byte[1000][];
        for (int k = 0; k < keys.length; k++) {
            keys[k] = ("cluster-" + k).getBytes(StandardCharsets.UTF_8);
        }
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            producer.partitionsFor(topic);
            // A short warm-up, not counted (also read back by the consumer, which counts what it finds).
            for (int i = 0; i < WARM_UP_RECORDS; i++) {
                producer.send(new ProducerRecord<>(topic, keys[i % keys.length], value));
            }
            producer.flush();
            AtomicReference<Exception> failure = new AtomicReference<>();
            long count = 0;
            long begin = System.nanoTime();
            long deadline = begin + nanosPerProbe;
            while (System.nanoTime() < deadline) {
                for (int i = 0; i < 100; i++) {
                    producer.send(new ProducerRecord<>(topic, keys[(int) (count % keys.length)], value),
                            (metadata, e) -> {
                                if (e != null) {
                                    failure.compareAndSet(null, e);
                                }
                            });
                    count++;
                }
            }
            producer.flush();
            long took = System.nanoTime() - begin;
            if (failure.get() != null) {
                throw new ExecutionException(failure.get());
            }
            return new Rate(count, took, 1);
        }
    }

    private Rate consume(String topic, long expected) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(BenchKafka.config(
                bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "ledger-bench-limits",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            partitions.forEach(consumer::position);
            // Timed from the first records received (connecting and the first fetch are not the consume rate);
            // those first records are not counted.
            long count = 0;
            long first = 0;
            long begin = 0;
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (count < expected && System.nanoTime() < deadline) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                if (begin == 0 && !records.isEmpty()) {
                    begin = System.nanoTime();
                    first = records.count();
                }
                count += records.count();
            }
            return new Rate(count - first, begin == 0 ? 0 : System.nanoTime() - begin, 1);
        }
    }

    private Collection<Long> roundTrips(String topic) throws ExecutionException, InterruptedException {
        List<Long> nanos = new ArrayList<>();
        byte[] value = payload(13);
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            producer.partitionsFor(topic);
            for (int i = 0; i < 50; i++) {
                producer.send(new ProducerRecord<>(topic, value)).get();
            }
            long deadline = System.nanoTime() + Math.min(nanosPerProbe, 2_000_000_000L);
            while (System.nanoTime() < deadline) {
                long begin = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, ("k" + nanos.size()).getBytes(StandardCharsets.UTF_8),
                        value)).get();
                nanos.add(System.nanoTime() - begin);
            }
        }
        return nanos;
    }

    private static double brokerMaxMessageBytes(Admin admin) throws ExecutionException, InterruptedException,
            TimeoutException {
        String broker = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).iterator().next().idString();
        ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, broker);
        Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
        var entry = config.get("message.max.bytes");
        return entry == null || entry.value() == null ? Double.NaN : Double.parseDouble(entry.value());
    }
}
