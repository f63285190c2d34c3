package dev.upgradeledger.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands docs/security.md gives for "SASL on an existing Kafka", and the compose file's broker, run for real:
 * {@code deploy/compose/kafka/start-broker.sh} starts a broker from Kafka's jars with the compose file's
 * {@code server.properties} (only its address and data folder moved to this machine), then
 * {@code deploy/kafka/ledger-access.sh} (the documented commands, through {@code kafka-configs.sh} and
 * {@code kafka-acls.sh}, here Kafka's own command classes) creates the users and ACLs. The broker then holds exactly
 * the ACLs of {@link KafkaAccess}, which the local stack and the tests use ({@link KafkaAccessIT} checks what they
 * allow), and each user logs in with its own password.
 */
class ExistingKafkaSaslIT {

    private static final Path DEPLOY = Path.of(System.getProperty("ledger.deploy.dir", "..")).toAbsolutePath()
            .normalize();
    private static final String ADMIN_PASSWORD = "compose-admin-secret";

    @TempDir
    static Path work;
    private static Process broker;
    private static String bootstrap;

    @BeforeAll
    static void startTheComposeBrokerAndRunTheDocumentedCommands() throws Exception {
        Path kafkaHome = kafkaHome();
        int port = freePort();
        int controllerPort = freePort();
        bootstrap = "127.0.0.1:" + port;
        Path extra = work.resolve("this-machine.properties");
        Files.writeString(extra, String.join("\n",
                "listeners=SASL_PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=SASL_PLAINTEXT://" + bootstrap,
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "log.dirs=" + work.resolve("data"), ""));
        Path log = work.resolve("broker.log");
        ProcessBuilder start = new ProcessBuilder("bash", DEPLOY.resolve("compose/kafka/start-broker.sh").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        start.environment().putAll(Map.of("KAFKA_HOME", kafkaHome.toString(), "KAFKA_ADMIN_PASSWORD", ADMIN_PASSWORD,
                "KAFKA_CLUSTER_ID", "3Lq8ZuXqTjq0h1mY2k7Z1A", "KAFKA_EXTRA_PROPERTIES", extra.toString(),
                "KAFKA_CONFIG_DIR", work.toString()));
        broker = start.start();
        awaitBroker(log);

        Path passwords = Files.createDirectories(work.resolve("passwords"));
        for (String user : KafkaAccess.USERS) {
            Files.writeString(passwords.resolve(user + ".password"), user + "-own-password");
        }
        Path adminConfig = work.resolve("admin.properties");
        Files.writeString(adminConfig, String.join("\n", "security.protocol=SASL_PLAINTEXT",
                "sasl.mechanism=SCRAM-SHA-512",
                "sasl.jaas.config=" + KafkaAccess.jaas(KafkaAccess.ADMIN, ADMIN_PASSWORD), ""));
        ProcessBuilder access = new ProcessBuilder("bash", DEPLOY.resolve("kafka/ledger-access.sh").toString())
                .redirectErrorStream(true);
        access.environment().putAll(Map.of("KAFKA_HOME", kafkaHome.toString(), "KAFKA_BOOTSTRAP", bootstrap,
                "KAFKA_ADMIN_CONFIG", adminConfig.toString(), "LEDGER_PASSWORDS_DIR", passwords.toString()));
        Process running = access.start();
        String output = new String(running.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(running.waitFor(600, TimeUnit.SECONDS)).isTrue();
        assertThat(running.exitValue()).as(output).isZero();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (broker != null && broker.isAlive()) {
            broker.destroy();
            if (!broker.waitFor(30, TimeUnit.SECONDS)) {
                broker.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void theBrokerHoldsExactlyTheAclsOfTheLocalStackAndTheTests() throws Exception {
        try (Admin admin = Admin.create(login(KafkaAccess.ADMIN, ADMIN_PASSWORD))) {
            Set<AclBinding> granted = new HashSet<>(admin.describeAcls(AclBindingFilter.ANY).values()
                    .get(30, TimeUnit.SECONDS));
            assertThat(granted).containsExactlyInAnyOrderElementsOf(new HashSet<>(KafkaAccess.acls()));
        }
    }

    @Test
    void eachUserLogsInWithItsOwnPasswordAndNoOther() throws Exception {
        for (String user : KafkaAccess.USERS) {
            try (Admin admin = Admin.create(login(user, user + "-own-password"))) {
                assertThat(admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS)).isNotBlank();
            }
        }
        try (Admin admin = Admin.create(login(KafkaAccess.EXECUTOR, KafkaAccess.password(KafkaAccess.EXECUTOR)))) {
            assertThatThrownBy(() -> admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void theComposeBrokerFileHoldsNoPasswordAndTakesOnlySaslFromClients() throws IOException {
        String properties = Files.readString(DEPLOY.resolve("compose/kafka/server.properties"));
        assertThat(properties).doesNotContain("password=").doesNotContainPattern("(?<!SASL_)PLAINTEXT://")
                .contains("allow.everyone.if.no.acl.found=false", "super.users=User:admin");
        assertThat(Files.getPosixFilePermissions(work.resolve("server.properties")))
                .as("the written configuration holds the admin's password: only its owner reads it")
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void docsSecurityShowsTheCommandsTheScriptRuns() throws IOException {
        String script = Files.readString(DEPLOY.resolve("kafka/ledger-access.sh"));
        String commands = script.substring(script.indexOf('\n', script.indexOf("# --- the commands")) + 1).trim();
        String docs = Files.readString(DEPLOY.resolveSibling("docs/security.md"));
        String section = docs.substring(docs.indexOf("### SASL on an existing Kafka"));
        int start = section.indexOf("```bash\n") + 8;
        String block = section.substring(start, section.indexOf("\n```", start));
        assertThat(block).contains(commands);
    }

    /** Kafka's command-line tools as a Kafka distribution's bin/ has them, run on this JVM's class path. */
    private static Path kafkaHome() throws IOException {
        Path bin = Files.createDirectories(work.resolve("kafka-home/bin"));
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString()).collect(Collectors.joining(":"));
        Map<String, String> tools = Map.of("kafka-storage.sh", "kafka.tools.StorageTool",
                "kafka-server-start.sh", "kafka.Kafka",
                "kafka-configs.sh", "kafka.admin.ConfigCommand",
                "kafka-acls.sh", "org.apache.kafka.tools.AclCommand");
        for (Map.Entry<String, String> tool : tools.entrySet()) {
            Path script = bin.resolve(tool.getKey());
            Files.writeString(script, "#!/usr/bin/env bash\nexec '" + ChildProcesses.java()
                    + "' -Xmx256m -XX:TieredStopAtLevel=1 -Dlog4j2.configurationFile=dev/upgradeledger/local/kafka-log4j2.xml"
                    + " -cp '" + classPath + "' " + tool.getValue() + " \"$@\"\n");
            script.toFile().setExecutable(true);
        }
        return work.resolve("kafka-home");
    }

    private static void awaitBroker(Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        try (Admin admin = Admin.create(login(KafkaAccess.ADMIN, ADMIN_PASSWORD))) {
            while (true) {
                assertThat(broker.isAlive()).as("the broker runs; " + log + ":\n" + tail(log)).isTrue();
                try {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException | java.util.concurrent.TimeoutException notYet) {
                    assertThat(System.nanoTime()).as("the broker is ready within 120 s; " + tail(log))
                            .isLessThan(deadline);
                    Thread.sleep(500);
                }
            }
        }
    }

    private static Map<String, Object> login(String user, String password) {
        Map<String, Object> config = new HashMap<>(KafkaAccess.clientProperties(user));
        config.put(SaslConfigs.SASL_JAAS_CONFIG, KafkaAccess.jaas(user, password));
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        return config;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
