package dev.upgradeledger.local;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * A single-node Kafka broker in KRaft combined mode, run as a child JVM on this JVM's class path. Its files live in
 * {@code <home>/kafka}; storage is formatted only once (the cluster id is kept in {@code <home>/kafka/cluster-id}), so
 * topics and records survive restarts. Broker output goes to {@code <home>/logs/kafka.log}. The controller listens on
 * {@code port + 1}. No shutdown hook is registered: a JVM that exits without {@link #close()} leaves the broker running.
 *
 * <p>The broker is secured as {@link KafkaAccess} says: its listener takes SASL/SCRAM ({@value KafkaAccess#MECHANISM})
 * only, the standard authorizer denies whatever no ACL allows, and {@value KafkaAccess#ADMIN} is the super user (its
 * credential is formatted into the storage; the controller listener, on 127.0.0.1, takes SASL/PLAIN with the same
 * user). At every start the admin creates or updates the users of {@link KafkaAccess#USERS} and their ACLs. A storage
 * formatted before the broker was secured is migrated once (the super user's credential added), keeping its records.
 */
public final class KafkaBroker implements AutoCloseable {

    /** 60 s, or {@code -Dledger.kafka.startup-timeout-seconds} (a loaded machine may need more). */
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(Long.getLong(
            "ledger.kafka.startup-timeout-seconds", 60));
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final String LOG4J_CONFIG = "dev/upgradeledger/local/kafka-log4j2.xml";
    private static final String LOGBACK_CONFIG = "dev/upgradeledger/local/kafka-logback.xml";

    private final Process process;
    private final int port;
    private final Path logFile;

    private KafkaBroker(Process process, int port, Path logFile) {
        this.process = process;
        this.port = port;
        this.logFile = logFile;
    }

    /** Starts the broker and returns once it answers an Admin describeCluster (at most 60 s). */
    public static KafkaBroker start(Path home, int port) throws IOException, InterruptedException {
        return start(home, port, false);
    }

    static KafkaBroker start(Path home, int port, boolean ownSession) throws IOException, InterruptedException {
        Path root = home.toAbsolutePath();
        Path kafkaDir = root.resolve("kafka");
        Path dataDir = kafkaDir.resolve("data");
        Path properties = kafkaDir.resolve("server.properties");
        Path logFile = root.resolve("logs").resolve("kafka.log");
        Files.createDirectories(dataDir);
        Files.createDirectories(logFile.getParent());
        Files.writeString(properties, serverProperties(dataDir, port), StandardCharsets.UTF_8);

        Path secured = kafkaDir.resolve("sasl");
        if (!Files.exists(dataDir.resolve("meta.properties"))) {
            format(clusterId(kafkaDir.resolve("cluster-id")), properties, logFile);
            Files.writeString(secured, KafkaAccess.MECHANISM + "\n", StandardCharsets.UTF_8);
        } else if (!Files.exists(secured)) {
            migrateToSasl(kafkaDir, dataDir, port, logFile);
            Files.writeString(secured, KafkaAccess.MECHANISM + "\n", StandardCharsets.UTF_8);
        }
        List<String> command = java("kafka.Kafka", List.of(properties.toString()));
        Process process = processBuilder(ownSession ? ChildProcesses.inOwnSession(command) : command, logFile).start();
        KafkaBroker broker = new KafkaBroker(process, port, logFile);
        try {
            broker.awaitReady();
            broker.grantAccess();
        } catch (IOException | InterruptedException | RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    static String serverProperties(Path dataDir, int port) {
        int controllerPort = port + 1;
        String admin = KafkaAccess.ADMIN;
        String adminPassword = KafkaAccess.password(admin);
        return String.join("\n",
                "node.id=1",
                "process.roles=broker,controller",
                "listeners=SASL_PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=SASL_PLAINTEXT://127.0.0.1:" + port,
                "inter.broker.listener.name=SASL_PLAINTEXT",
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "sasl.enabled.mechanisms=" + KafkaAccess.MECHANISM,
                "sasl.mechanism.inter.broker.protocol=" + KafkaAccess.MECHANISM,
                "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config="
                        + KafkaAccess.jaas(admin, adminPassword),
                "sasl.mechanism.controller.protocol=PLAIN",
                "listener.name.controller.sasl.enabled.mechanisms=PLAIN",
                "listener.name.controller.plain.sasl.jaas.config="
                        + "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + admin
                        + "\" password=\"" + adminPassword + "\" user_" + admin + "=\"" + adminPassword + "\";",
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "super.users=User:" + admin,
                "allow.everyone.if.no.acl.found=false",
                "log.dirs=" + dataDir.toAbsolutePath(),
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=false",
                "num.partitions=6",
                "");
    }

    /** The broker as it ran before it was secured: PLAINTEXT on 127.0.0.1, no authorizer (to migrate old storage). */
    static String unsecuredProperties(Path dataDir, int port) {
        int controllerPort = port + 1;
        return String.join("\n",
                "node.id=1",
                "process.roles=broker,controller",
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "inter.broker.listener.name=PLAINTEXT",
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "log.dirs=" + dataDir.toAbsolutePath(),
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "auto.create.topics.enable=false",
                "num.partitions=6",
                "");
    }

    /**
     * A storage formatted before the broker was secured (an older local stack's {@code .ledger-data/kafka}) holds no
     * SCRAM credential for the super user, and KRaft takes one only when formatting or from a running broker. So the
     * broker runs once as it did then (PLAINTEXT on 127.0.0.1, no authorizer), the super user's credential is added
     * through it, and it stops; its topics and records stay. If that fails (a storage whose metadata version knows no
     * SCRAM), the message says how to start afresh.
     */
    private static void migrateToSasl(Path kafkaDir, Path dataDir, int port, Path logFile)
            throws IOException, InterruptedException {
        Path unsecured = kafkaDir.resolve("server-before-sasl.properties");
        Files.writeString(unsecured, unsecuredProperties(dataDir, port), StandardCharsets.UTF_8);
        Process process = processBuilder(java("kafka.Kafka", List.of(unsecured.toString())), logFile).start();
        KafkaBroker broker = new KafkaBroker(process, port, logFile);
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "ledger-local-sasl-migration",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        try {
            while (!broker.acceptsConnections()) {
                broker.checkProgress(deadline);
                Thread.sleep(200);
            }
            try (Admin admin = Admin.create(config)) {
                while (true) {
                    broker.checkProgress(deadline);
                    try {
                        admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(KafkaAccess.ADMIN,
                                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192),
                                KafkaAccess.password(KafkaAccess.ADMIN)))).all().get(10, TimeUnit.SECONDS);
                        break;
                    } catch (ExecutionException | TimeoutException notYet) {
                        Thread.sleep(500);
                    }
                }
            }
        } catch (IOException e) {
            throw new IOException("The Kafka storage in " + kafkaDir + " was formatted without SASL users (before the"
                    + " broker was secured) and adding the admin's SCRAM credential to it failed (" + e.getMessage()
                    + "). The event store in PostgreSQL is the ledger's record: stop everything, delete " + kafkaDir
                    + " and the projection's read models (or the whole data folder), and start again.", e);
        } finally {
            broker.close();
            Files.deleteIfExists(unsecured);
        }
    }

    private static String clusterId(Path file) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        }
        String id = Uuid.randomUuid().toString();
        Files.writeString(file, id + "\n", StandardCharsets.UTF_8);
        return id;
    }

    private static void format(String clusterId, Path properties, Path logFile)
            throws IOException, InterruptedException {
        Process format = processBuilder(java("kafka.tools.StorageTool",
                List.of("format", "-t", clusterId, "-c", properties.toString(), "--add-scram",
                        KafkaAccess.MECHANISM + "=[name=" + KafkaAccess.ADMIN + ",password="
                                + KafkaAccess.password(KafkaAccess.ADMIN) + "]")), logFile).start();
        if (!format.waitFor(STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            format.destroyForcibly();
            throw new IOException("Formatting Kafka storage timed out; see " + logFile);
        }
        if (format.exitValue() != 0) {
            throw new IOException("Formatting Kafka storage failed (exit code " + format.exitValue() + "); see "
                    + logFile);
        }
    }

    static List<String> java(String mainClass, List<String> args) {
        List<String> command = new ArrayList<>(List.of(
                ChildProcesses.java(),
                "-Xmx512m",
                "-Dlog4j2.configurationFile=" + LOG4J_CONFIG,
                "-Dlogback.configurationFile=" + LOGBACK_CONFIG,
                "-cp", absoluteClassPath(),
                mainClass));
        command.addAll(args);
        return command;
    }

    private static ProcessBuilder processBuilder(List<String> command, Path logFile) {
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    }

    private static String absoluteClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty())
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (!acceptsConnections()) {
            checkProgress(deadline);
            Thread.sleep(200);
        }
        try (Admin admin = Admin.create(adminConfig("ledger-local-readiness"))) {
            while (true) {
                checkProgress(deadline);
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException notYet) {
                    Thread.sleep(200);
                }
            }
        }
    }

    private Map<String, Object> adminConfig(String clientId) {
        Map<String, Object> config = new HashMap<>(KafkaAccess.clientProperties(KafkaAccess.ADMIN));
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        return config;
    }

    /** Creates or updates the SCRAM users and the ACLs of {@link KafkaAccess}; both are idempotent. */
    private void grantAccess() throws IOException, InterruptedException {
        List<UserScramCredentialAlteration> users = new ArrayList<>();
        for (String user : KafkaAccess.USERS) {
            users.add(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), KafkaAccess.password(user)));
        }
        try (Admin admin = Admin.create(adminConfig("ledger-local-access"))) {
            admin.alterUserScramCredentials(users).all().get(30, TimeUnit.SECONDS);
            admin.createAcls(KafkaAccess.acls()).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("Could not create the Kafka users and ACLs: " + e.getMessage(), e);
        }
    }

    /** Admin client properties of the super user, for tools and tests. */
    public Map<String, Object> adminProperties() {
        Map<String, Object> config = new HashMap<>(KafkaAccess.clientProperties(KafkaAccess.ADMIN));
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return config;
    }

    private void checkProgress(long deadline) throws IOException {
        if (!process.isAlive()) {
            throw new IOException("Kafka broker exited with code " + process.exitValue() + " during startup; see "
                    + logFile);
        }
        if (System.nanoTime() > deadline) {
            throw new IOException("Kafka broker was not ready within " + STARTUP_TIMEOUT.toSeconds() + " s; see "
                    + logFile);
        }
    }

    private boolean acceptsConnections() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path logFile() {
        return logFile;
    }

    public long pid() {
        return process.pid();
    }

    /** SIGTERM (controlled shutdown), then SIGKILL if the broker has not exited after 30 s. */
    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS);
        }
    }
}
