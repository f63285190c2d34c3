package dev.upgradeledger.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded broker with SASL/SCRAM and ACLs: each user may do what {@link KafkaAccess} allows, and nothing else. */
class KafkaAccessIT {

    @TempDir
    static Path home;
    private static KafkaBroker kafka;

    @BeforeAll
    static void start() throws Exception {
        kafka = KafkaBroker.start(home, freePortPair());
        try (Admin admin = Admin.create(kafka.adminProperties())) {
            admin.createTopics(List.of(KafkaAccess.COMMANDS, KafkaAccess.COMMAND_RESULTS, KafkaAccess.EVENTS,
                    KafkaAccess.STEP_OUTCOMES).stream().map(topic -> new NewTopic(topic, 1, (short) 1)).toList())
                    .all().get(30, TimeUnit.SECONDS);
        }
        Map<String, Object> config = producerConfig(KafkaAccess.ADMIN);
        for (String topic : List.of(KafkaAccess.COMMANDS, KafkaAccess.COMMAND_RESULTS, KafkaAccess.EVENTS,
                KafkaAccess.STEP_OUTCOMES)) {
            send(config, topic);
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void eachUserWritesOnlyItsOwnTopics() throws Exception {
        send(KafkaAccess.CLIENT, KafkaAccess.COMMANDS);
        send(KafkaAccess.EXECUTOR, KafkaAccess.STEP_OUTCOMES);
        send(KafkaAccess.COMMAND_API, KafkaAccess.EVENTS);
        send(KafkaAccess.COMMAND_API, KafkaAccess.COMMAND_RESULTS);

        for (String user : List.of(KafkaAccess.CLIENT, KafkaAccess.PROJECTION, KafkaAccess.COMMAND_API)) {
            assertRefused(() -> send(user, KafkaAccess.STEP_OUTCOMES), TopicAuthorizationException.class);
        }
        for (String user : List.of(KafkaAccess.CLIENT, KafkaAccess.EXECUTOR, KafkaAccess.PROJECTION)) {
            assertRefused(() -> send(user, KafkaAccess.EVENTS), TopicAuthorizationException.class);
        }
        for (String user : List.of(KafkaAccess.EXECUTOR, KafkaAccess.PROJECTION)) {
            assertRefused(() -> send(user, KafkaAccess.COMMANDS), TopicAuthorizationException.class);
        }
    }

    @Test
    void eachServiceReadsOnlyWithItsOwnGroupAndTopics() {
        read(KafkaAccess.COMMAND_API, KafkaAccess.COMMAND_API, KafkaAccess.COMMANDS);
        read(KafkaAccess.COMMAND_API, KafkaAccess.COMMAND_API, KafkaAccess.STEP_OUTCOMES);
        read(KafkaAccess.EXECUTOR, KafkaAccess.EXECUTOR, KafkaAccess.EVENTS);
        read(KafkaAccess.PROJECTION, KafkaAccess.PROJECTION, KafkaAccess.EVENTS);
        read(KafkaAccess.CLIENT, KafkaAccess.CLIENT_GROUP_PREFIX + "-cli", KafkaAccess.COMMAND_RESULTS);

        assertThatThrownBy(() -> read(KafkaAccess.PROJECTION, KafkaAccess.PROJECTION, KafkaAccess.COMMANDS))
                .isInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> read(KafkaAccess.EXECUTOR, KafkaAccess.EXECUTOR, KafkaAccess.STEP_OUTCOMES))
                .isInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> read(KafkaAccess.CLIENT, KafkaAccess.CLIENT_GROUP_PREFIX, KafkaAccess.COMMANDS))
                .isInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> read(KafkaAccess.EXECUTOR, KafkaAccess.COMMAND_API, KafkaAccess.EVENTS))
                .isInstanceOf(GroupAuthorizationException.class);
    }

    @Test
    void aWrongPasswordIsNotAuthenticated() {
        Map<String, Object> config = producerConfig(KafkaAccess.CLIENT);
        config.put(SaslConfigs.SASL_JAAS_CONFIG, KafkaAccess.jaas(KafkaAccess.CLIENT, "guessed"));
        assertRefused(() -> send(config, KafkaAccess.COMMANDS), SaslAuthenticationException.class);
    }

    @Test
    void aClientWithoutSaslGetsNothing() {
        Map<String, Object> config = producerConfig(KafkaAccess.CLIENT);
        config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT");
        config.remove(SaslConfigs.SASL_JAAS_CONFIG);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 3_000);
        assertThatThrownBy(() -> send(config, KafkaAccess.COMMANDS)).isNotNull();
    }

    private static void assertRefused(ThrowingRunnable sending, Class<? extends Exception> expected) {
        assertThatThrownBy(sending::run).satisfies(failure -> assertThat(
                failure instanceof ExecutionException ? failure.getCause() : failure).isInstanceOf(expected));
    }

    private static void send(String user, String topic) throws Exception {
        send(producerConfig(user), topic);
    }

    private static void send(Map<String, Object> config, String topic) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "c1", "{}")).get(30, TimeUnit.SECONDS);
        }
    }

    private static Map<String, Object> producerConfig(String user) {
        Map<String, Object> config = new HashMap<>(KafkaAccess.clientProperties(user));
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return config;
    }

    private static void read(String user, String group, String topic) {
        Map<String, Object> config = new HashMap<>(KafkaAccess.clientProperties(user));
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(Set.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            int records = 0;
            while (records == 0 && System.nanoTime() < deadline) {
                records = consumer.poll(Duration.ofMillis(200)).count();
            }
            assertThat(records).as("%s reads %s as group %s", user, topic, group).isPositive();
        }
    }

    private static int freePortPair() throws IOException {
        for (int tries = 0; tries < 50; tries++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 60_000);
            if (free(port) && free(port + 1)) {
                return port;
            }
        }
        throw new IOException("no two free neighbouring ports");
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
