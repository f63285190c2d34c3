package dev.upgradeledger.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local stack's Kafka storage of a version before the broker took SASL (.ledger-data/kafka formatted without a
 * SCRAM user, a record in ledger.events) is migrated by {@link KafkaBroker#start}: the broker then takes SASL only, the
 * users of {@link KafkaAccess} log in, and the old record is still there.
 */
class KafkaStorageMigrationIT {

    @TempDir
    Path home;

    @Test
    void aStorageFormattedBeforeSaslIsMigratedAndKeepsItsRecords() throws Exception {
        int port = freePortPair();
        Path kafkaDir = Files.createDirectories(home.resolve("kafka"));
        Path dataDir = Files.createDirectories(kafkaDir.resolve("data"));
        Path log = Files.createDirectories(home.resolve("logs")).resolve("kafka-before-sasl.log");
        Path old = kafkaDir.resolve("old.properties");
        Files.writeString(old, KafkaBroker.unsecuredProperties(dataDir, port));
        String clusterId = Uuid.randomUuid().toString();
        Files.writeString(kafkaDir.resolve("cluster-id"), clusterId + "\n");
        run(KafkaBroker.java("kafka.tools.StorageTool", List.of("format", "-t", clusterId, "-c", old.toString())), log);
        Process before = new ProcessBuilder(KafkaBroker.java("kafka.Kafka", List.of(old.toString())))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Map<String, Object> plain = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port);
            awaitTopicCreated(plain);
            Map<String, Object> producer = new HashMap<>(plain);
            producer.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
            try (KafkaProducer<String, String> send = new KafkaProducer<>(producer, new StringSerializer(),
                    new StringSerializer())) {
                send.send(new ProducerRecord<>(KafkaAccess.EVENTS, "c1", "before-sasl")).get(30, TimeUnit.SECONDS);
            }
        } finally {
            before.destroy();
            assertThat(before.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(kafkaDir.resolve("sasl")).doesNotExist();

        try (KafkaBroker broker = KafkaBroker.start(home, port)) {
            assertThat(kafkaDir.resolve("sasl")).exists();
            assertThat(Files.readString(kafkaDir.resolve("cluster-id"), StandardCharsets.UTF_8).trim())
                    .isEqualTo(clusterId);
            Map<String, Object> consumer = new HashMap<>(KafkaAccess.clientProperties(KafkaAccess.PROJECTION));
            consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            consumer.put(ConsumerConfig.GROUP_ID_CONFIG, KafkaAccess.PROJECTION);
            consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            List<String> values = new ArrayList<>();
            try (KafkaConsumer<String, String> read = new KafkaConsumer<>(consumer, new StringDeserializer(),
                    new StringDeserializer())) {
                read.subscribe(List.of(KafkaAccess.EVENTS));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (values.isEmpty() && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> record : read.poll(Duration.ofMillis(500))) {
                        values.add(record.value());
                    }
                }
            }
            assertThat(values).as("the record written before the migration, read by the projection's user")
                    .containsExactly("before-sasl");
        }
        assertThat(kafkaDir.resolve("server-before-sasl.properties")).doesNotExist();
    }

    private static void awaitTopicCreated(Map<String, Object> config) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        try (Admin admin = Admin.create(config)) {
            while (true) {
                try {
                    admin.createTopics(List.of(new NewTopic(KafkaAccess.EVENTS, 1, (short) 1))).all()
                            .get(10, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException) {
                        return; // an earlier attempt that timed out created it
                    }
                    assertThat(System.nanoTime()).as("the broker before SASL takes a topic within 120 s: " + e)
                            .isLessThan(deadline);
                    Thread.sleep(500);
                } catch (java.util.concurrent.TimeoutException notYet) {
                    assertThat(System.nanoTime()).as("the broker before SASL takes a topic within 120 s: " + notYet)
                            .isLessThan(deadline);
                    Thread.sleep(500);
                }
            }
        }
    }

    private static void run(List<String> command, Path log) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(Files.readString(log)).isZero();
    }

    private static int freePortPair() throws IOException {
        for (int i = 0; i < 50; i++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 60_000);
            try (ServerSocket first = new ServerSocket(port); ServerSocket second = new ServerSocket(port + 1)) {
                return port;
            } catch (IOException taken) {
                // another pair
            }
        }
        throw new IOException("no two free ports in a row");
    }
}
