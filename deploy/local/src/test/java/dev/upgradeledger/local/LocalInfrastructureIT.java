package dev.upgradeledger.local;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Real PostgreSQL and Kafka, started twice on the same folder: the second start must find the first one's data. */
class LocalInfrastructureIT {

    private static final String TOPIC = "ledger.it";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);

    @TempDir
    Path home;

    @Test
    void dataSurvivesARestart() throws Exception {
        int postgresPort = ServiceProcessTest.freePort();
        int kafkaPort = freePortPair();
        long systemIdentifier;

        try (EmbeddedPostgresServer postgres = timed("PostgreSQL first start (binaries unpacked, initdb)",
                () -> EmbeddedPostgresServer.start(home, postgresPort));
             KafkaBroker kafka = timed("Kafka first start (storage formatted)",
                     () -> KafkaBroker.start(home, kafkaPort))) {
            assertThat(postgres.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:" + postgresPort + "/ledger");
            execute(postgres, "CREATE TABLE upgrade (id INT PRIMARY KEY, note TEXT)",
                    "INSERT INTO upgrade VALUES (1, 'kept across restarts')");
            systemIdentifier = systemIdentifier(postgres);
            try (Admin admin = admin(kafka)) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
            }
            try (KafkaProducer<String, String> producer = producer(kafka)) {
                producer.send(new ProducerRecord<>(TOPIC, "upgrade-1", "UpgradePlanned")).get();
            }
            assertThat(readAll(kafka)).containsExactly("upgrade-1=UpgradePlanned");
        }
        String clusterId = Files.readString(home.resolve("kafka/cluster-id"));
        long initdbRuns = initdbRuns();

        try (EmbeddedPostgresServer postgres = timed("PostgreSQL restart",
                () -> EmbeddedPostgresServer.start(home, postgresPort));
             KafkaBroker kafka = timed("Kafka restart", () -> KafkaBroker.start(home, kafkaPort))) {
            assertThat(initdbRuns()).isEqualTo(initdbRuns).isEqualTo(1);
            assertThat(systemIdentifier(postgres)).isEqualTo(systemIdentifier);
            try (Connection connection = connect(postgres);
                 Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("SELECT note FROM upgrade WHERE id = 1")) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString(1)).isEqualTo("kept across restarts");
            }
            try (Admin admin = admin(kafka)) {
                assertThat(admin.listTopics().names().get()).contains(TOPIC);
            }
            assertThat(readAll(kafka)).containsExactly("upgrade-1=UpgradePlanned");
        }
        assertThat(Files.readString(home.resolve("kafka/cluster-id"))).isEqualTo(clusterId);
        assertThat(home.resolve("logs/kafka.log")).isNotEmptyFile();
    }

    private long initdbRuns() throws Exception {
        try (Stream<String> lines = Files.lines(home.resolve("logs/postgres.log"))) {
            return lines.filter(line -> line.startsWith("The files belonging to this database system")).count();
        }
    }

    private static long systemIdentifier(EmbeddedPostgresServer postgres) throws Exception {
        try (Connection connection = connect(postgres);
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT system_identifier FROM pg_control_system()")) {
            row.next();
            return row.getLong(1);
        }
    }

    private static <T> T timed(String what, Callable<T> start) throws Exception {
        long begin = System.nanoTime();
        T started = start.call();
        System.out.printf("%s: %.2f s%n", what, (System.nanoTime() - begin) / 1e9);
        return started;
    }

    private static void execute(EmbeddedPostgresServer postgres, String... statements) throws Exception {
        try (Connection connection = connect(postgres); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static Connection connect(EmbeddedPostgresServer postgres) throws Exception {
        return DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
    }

    private static Admin admin(KafkaBroker kafka) {
        return Admin.create(kafka.adminProperties());
    }

    private static KafkaProducer<String, String> producer(KafkaBroker kafka) {
        Map<String, Object> config = new HashMap<>(kafka.adminProperties());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static List<String> readAll(KafkaBroker kafka) {
        Map<String, Object> config = new HashMap<>(kafka.adminProperties());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config,
                new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(Set.of(PARTITION));
            consumer.seekToBeginning(Set.of(PARTITION));
            long end = consumer.endOffsets(Set.of(PARTITION)).get(PARTITION);
            List<String> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(PARTITION) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    records.add(record.key() + "=" + record.value());
                }
            }
            return records;
        }
    }

    private static int freePortPair() throws Exception {
        for (int attempt = 0; attempt < 20; attempt++) {
            int port = ServiceProcessTest.freePort();
            try (ServerSocket controller = new ServerSocket(port + 1)) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no two adjacent free ports");
    }
}
