package dev.upgradeledger.testsupport;

import dev.upgradeledger.local.KafkaAccess;
import dev.upgradeledger.local.KafkaBroker;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.apache.kafka.clients.CommonClientConfigs;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * One real PostgreSQL and one real Kafka broker per test JVM, started on first use and stopped when the JVM exits.
 *
 * <p>The switch is the system property (or environment variable) {@value #SWITCH}:
 * {@code docker} uses Testcontainers, {@code embedded} uses zonky's embedded PostgreSQL and the local stack's KRaft
 * broker (a child process, so it can be restarted), and {@code auto} (the default) uses Docker when an engine answers
 * and the embedded servers otherwise.
 * Either way the servers are real; only where their binaries come from differs.
 *
 * <p>The embedded broker is secured like the local stack's ({@link KafkaAccess}: SASL/SCRAM users and ACLs): the
 * service under test authenticates as its own user, and tests that play another part (publish events, send
 * commands, read any topic) use {@link #kafkaProperties()} or {@link #kafkaTemplate()}, the super user's. The Docker
 * broker is PLAINTEXT without ACLs.
 */
public final class LedgerInfrastructure {

    public static final String SWITCH = "ledger.test.infrastructure";
    public static final String POSTGRES_IMAGE = System.getProperty("ledger.test.postgres-image", "postgres:17-alpine");
    public static final String KAFKA_IMAGE = System.getProperty("ledger.test.kafka-image", "apache/kafka:4.1.0");

    private static final Logger log = LoggerFactory.getLogger(LedgerInfrastructure.class);
    private static final int PARTITIONS = 6;
    private static LedgerInfrastructure instance;

    public enum Mode { DOCKER, EMBEDDED }

    private final Mode mode;
    private volatile EmbeddedKafka embeddedKafka;
    private final Map<String, KafkaTemplate<String, String>> kafkaTemplates = new HashMap<>();
    private final String jdbcUrl;
    private final String username;
    private final String password;
    private final String bootstrapServers;

    private LedgerInfrastructure(Mode mode, String jdbcUrl, String username, String password,
                                 String bootstrapServers) {
        this.mode = mode;
        this.jdbcUrl = jdbcUrl;
        this.username = username;
        this.password = password;
        this.bootstrapServers = bootstrapServers;
    }

    public static synchronized LedgerInfrastructure get() {
        if (instance == null) {
            long started = System.nanoTime();
            Mode mode = chooseMode(setting());
            instance = mode == Mode.DOCKER ? startContainers() : startEmbedded();
            log.info("Test infrastructure ({}) ready in {} ms: {} and Kafka at {}", mode,
                    (System.nanoTime() - started) / 1_000_000, instance.jdbcUrl, instance.bootstrapServers);
        }
        return instance;
    }

    static Mode chooseMode(String setting) {
        return switch (setting.toLowerCase(Locale.ROOT)) {
            case "docker" -> Mode.DOCKER;
            case "embedded" -> Mode.EMBEDDED;
            case "auto", "" -> DockerClientFactory.instance().isDockerAvailable() ? Mode.DOCKER : Mode.EMBEDDED;
            default -> throw new IllegalArgumentException(
                    SWITCH + " must be auto, docker or embedded, was '" + setting + "'");
        };
    }

    private static String setting() {
        String property = System.getProperty(SWITCH);
        if (property != null) {
            return property;
        }
        String env = System.getenv("LEDGER_TEST_INFRASTRUCTURE");
        return env == null ? "auto" : env;
    }

    private static LedgerInfrastructure startContainers() {
        PostgreSQLContainer postgres = new PostgreSQLContainer(POSTGRES_IMAGE);
        KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE)
                .withEnv("KAFKA_NUM_PARTITIONS", String.valueOf(PARTITIONS));
        postgres.start();
        kafka.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.stop();
            postgres.stop();
        }, "ledger-test-containers-stop"));
        return new LedgerInfrastructure(Mode.DOCKER, postgres.getJdbcUrl(), postgres.getUsername(),
                postgres.getPassword(), kafka.getBootstrapServers());
    }

    private static LedgerInfrastructure startEmbedded() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
            EmbeddedKafka kafka = EmbeddedKafka.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                kafka.stop();
                try {
                    postgres.close();
                } catch (IOException e) {
                    log.warn("Embedded PostgreSQL did not stop cleanly", e);
                }
            }, "ledger-test-embedded-stop"));
            LedgerInfrastructure infrastructure = new LedgerInfrastructure(Mode.EMBEDDED,
                    postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", kafka.bootstrapServers());
            infrastructure.embeddedKafka = kafka;
            return infrastructure;
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL or Kafka did not start", e);
        }
    }

    /**
     * Stops the Kafka broker and starts it again on the same port and data, as an operator restarting it would.
     * Only the embedded broker can do this; with Testcontainers the broker's port would change.
     */
    public void restartKafka() {
        if (embeddedKafka == null) {
            throw new UnsupportedOperationException("only the embedded Kafka broker can be restarted in place");
        }
        embeddedKafka.restart();
    }

    /** The local stack's broker in a temporary folder, on a port whose neighbour (the controller) is free too. */
    private static final class EmbeddedKafka {

        private final Path home;
        private final int port;
        private KafkaBroker broker;

        private EmbeddedKafka(Path home, int port) {
            this.home = home;
            this.port = port;
        }

        static EmbeddedKafka start() throws IOException {
            EmbeddedKafka kafka = new EmbeddedKafka(Files.createTempDirectory("ledger-test-kafka"), freePortPair());
            kafka.startBroker();
            return kafka;
        }

        String bootstrapServers() {
            return "127.0.0.1:" + port;
        }

        synchronized void restart() {
            stop();
            startBroker();
        }

        synchronized void stop() {
            try {
                if (broker != null) {
                    broker.close();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private synchronized void startBroker() {
            try {
                broker = KafkaBroker.start(home, port);
            } catch (IOException e) {
                throw new UncheckedIOException("embedded Kafka did not start; see " + home.resolve("logs"), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private static int freePortPair() throws IOException {
            for (int tries = 0; tries < 50; tries++) {
                int port = ThreadLocalRandom.current().nextInt(20_000, 60_000);
                if (free(port) && free(port + 1)) {
                    return port;
                }
            }
            throw new IOException("no two free neighbouring ports found for Kafka");
        }

        private static boolean free(int port) {
            try (ServerSocket socket = new ServerSocket(port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        }
    }

    public Mode mode() {
        return mode;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Whether the broker takes SASL only (the embedded one). */
    public boolean kafkaSecured() {
        return mode == Mode.EMBEDDED;
    }

    /** Kafka client properties (bootstrap servers and, on the secured broker, the super user's SASL login). */
    public Map<String, Object> kafkaProperties() {
        return kafkaProperties(KafkaAccess.ADMIN);
    }

    /** Kafka client properties that authenticate as {@code user} of {@link KafkaAccess} on the secured broker. */
    public Map<String, Object> kafkaProperties(String user) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        if (kafkaSecured()) {
            properties.putAll(KafkaAccess.clientProperties(user));
        }
        return properties;
    }

    /** The {@code LEDGER_KAFKA_*} environment of a service process that authenticates as {@code user}. */
    public Map<String, String> serviceEnvironment(String user) {
        Map<String, String> environment = new HashMap<>();
        environment.put("LEDGER_KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        if (kafkaSecured()) {
            environment.putAll(KafkaAccess.serviceEnvironment(user));
        }
        return environment;
    }

    /** {@code base} with the {@code LEDGER_KAFKA_*} environment of a service process logging in as {@code user}. */
    public Map<String, String> serviceEnvironment(String user, Map<String, String> base) {
        Map<String, String> environment = new HashMap<>(base);
        environment.putAll(serviceEnvironment(user));
        return environment;
    }

    /** A producer as the super user, for tests that write any topic (events, commands, garbage). */
    public KafkaTemplate<String, String> kafkaTemplate() {
        return kafkaTemplate(KafkaAccess.ADMIN);
    }

    /** A producer that logs in as {@code user} of {@link KafkaAccess}: it may write what that user may. */
    public synchronized KafkaTemplate<String, String> kafkaTemplate(String user) {
        return kafkaTemplates.computeIfAbsent(user, name -> {
            Map<String, Object> config = kafkaProperties(name);
            config.put("key.serializer", org.apache.kafka.common.serialization.StringSerializer.class);
            config.put("value.serializer", org.apache.kafka.common.serialization.StringSerializer.class);
            config.put("acks", "all");
            config.put("linger.ms", 0);
            config.put("max.block.ms", 15_000);
            config.put("delivery.timeout.ms", 30_000);
            return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config));
        });
    }
}
