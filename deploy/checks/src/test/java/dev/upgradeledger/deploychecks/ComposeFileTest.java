package dev.upgradeledger.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/compose/compose.yaml (read as YAML; no Docker engine here to run {@code docker compose config}): PostgreSQL
 * with durable commits, Kafka in KRaft mode, the three services on the ports they listen on, waiting for healthy
 * servers, each with a health check, and only environment variables the services read.
 */
class ComposeFileTest {

    private static final Map<String, Integer> PORTS = Map.of("command-api", 8080, "projection", 8081, "executor", 8082);

    private final Map<String, Map<String, Object>> services = services();

    @Test
    void runsPostgresKafkaAndTheThreeServicesEachWithAHealthCheck() {
        assertThat(services).containsKeys("postgres", "kafka", "command-api", "projection", "executor");
        assertThat(List.of("postgres", "kafka", "command-api", "projection", "executor")).allSatisfy(name ->
                assertThat(map(services.get(name), "healthcheck")).as(name).containsKey("test"));
    }

    @Test
    void theServicesListenOnTheirConfiguredPortsAndProbeTheirReadinessGroup() {
        PORTS.forEach((name, port) -> {
            assertThat(configuredPort(name)).as(name + " server.port").isEqualTo(port);
            assertThat(services.get(name).get("ports")).asString().contains(port + ":" + port);
            assertThat(map(services.get(name), "healthcheck").get("test")).asString()
                    .contains("/dev/tcp/127.0.0.1/" + port, "/actuator/health/readiness");
        });
    }

    @Test
    void theServicesWaitForAHealthyDatabaseAndBroker() {
        PORTS.keySet().forEach(name -> {
            Map<String, Object> dependsOn = map(services.get(name), "depends_on");
            assertThat(map(dependsOn, "postgres")).containsEntry("condition", "service_healthy");
            assertThat(map(dependsOn, "kafka")).containsEntry("condition", "service_healthy");
        });
        assertThat(map(services.get("kafka"), "healthcheck").get("test")).asString()
                .contains("--command-config /tmp/admin.properties");
    }

    @Test
    void postgresCommitsDurablyAndKafkaRunsInKraftModeWithSaslAndAclsOnly() throws java.io.IOException {
        assertThat(services.get("postgres").get("command")).asString()
                .contains("fsync=on", "synchronous_commit=on");
        assertThat(services.get("kafka").get("entrypoint")).asString().contains("/ledger/kafka/start-broker.sh");
        assertThat(services.get("kafka").get("volumes")).asString().contains("./kafka:/ledger/kafka:ro");
        java.util.Properties broker = new java.util.Properties();
        broker.load(new java.io.StringReader(DeployFiles.read(DeployFiles.deploy().resolve("compose/kafka/server.properties"))));
        assertThat(broker.getProperty("process.roles")).isEqualTo("broker,controller");
        assertThat(broker).containsKey("controller.quorum.voters").doesNotContainKey("zookeeper.connect");
        assertThat(broker.getProperty("listeners")).startsWith("SASL_PLAINTEXT://:9092,")
                .doesNotContainPattern("(?<!SASL_)PLAINTEXT://");
        assertThat(broker.getProperty("advertised.listeners")).isEqualTo("SASL_PLAINTEXT://kafka:9092");
        assertThat(broker.getProperty("sasl.enabled.mechanisms")).isEqualTo("SCRAM-SHA-512");
        assertThat(broker.getProperty("authorizer.class.name"))
                .isEqualTo("org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        assertThat(broker.getProperty("allow.everyone.if.no.acl.found")).isEqualTo("false");
        assertThat(map(services.get("kafka"), "environment").get("KAFKA_ADMIN_PASSWORD")).asString().startsWith("${");
        assertThat(services.get("kafka")).as("the broker is reached on the compose network only")
                .doesNotContainKey("ports");
    }

    @Test
    void theUsersAndAclsOfDocsSecurityAreCreatedBeforeTheServicesStart() {
        Map<String, Object> access = services.get("kafka-access");
        assertThat(access.get("entrypoint")).asString().contains("/ledger/kafka/grant-access.sh");
        assertThat(access.get("volumes")).asString()
                .contains("../kafka/ledger-access.sh:/ledger/kafka-access/ledger-access.sh:ro");
        assertThat(map(map(access, "depends_on"), "kafka")).containsEntry("condition", "service_healthy");
        assertThat(access.get("secrets")).asString().contains("target=command-api.password",
                "target=executor.password", "target=projection.password", "target=ledger-client.password");
        assertThat(DeployFiles.read(DeployFiles.deploy().resolve("compose/kafka/grant-access.sh")))
                .contains("exec bash /ledger/kafka-access/ledger-access.sh");
        PORTS.keySet().forEach(name -> assertThat(map(map(services.get(name), "depends_on"), "kafka-access"))
                .as(name).containsEntry("condition", "service_completed_successfully"));
    }

    @Test
    void eachServiceLogsInToKafkaAsItsOwnUserAndExportsTracesWhereTold() {
        PORTS.keySet().forEach(name -> {
            Map<String, Object> environment = map(services.get(name), "environment");
            assertThat(String.valueOf(environment.get("LEDGER_KAFKA_SECURITY_PROTOCOL"))).contains("SASL_PLAINTEXT");
            assertThat(environment).containsEntry("LEDGER_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
                    .containsEntry("LEDGER_KAFKA_USERNAME", name);
            assertThat(String.valueOf(environment.get("LEDGER_KAFKA_PASSWORD")))
                    .startsWith("${LEDGER_KAFKA_" + name.toUpperCase(java.util.Locale.ROOT).replace('-', '_')
                            + "_PASSWORD:?");
            assertThat(environment).containsKeys("LEDGER_OTLP_ENDPOINT", "LEDGER_TRACE_SAMPLING");
        });
    }

    @Test
    void theServicesRunTheImagesTheBuildWrites() {
        PORTS.keySet().forEach(name -> assertThat(services.get(name).get("image"))
                .isEqualTo("upgrade-ledger/" + name + ":0.1.0-SNAPSHOT"));
        assertThat(DeployFiles.read(DeployFiles.repository().resolve("pom.xml")))
                .contains("<image>upgrade-ledger/${project.artifactId}:${project.version}</image>");
    }

    @Test
    void everyServiceVariableIsOneTheServicesReadAndTheyReachTheServersByTheirComposeNames() {
        PORTS.keySet().forEach(name -> {
            Map<String, Object> environment = map(services.get(name), "environment");
            assertThat(environment).containsKeys("LEDGER_DB_URL", "LEDGER_DB_USER", "LEDGER_DB_PASSWORD",
                    "LEDGER_KAFKA_BOOTSTRAP_SERVERS");
            assertThat(environment.keySet()).allSatisfy(variable ->
                    assertThat(DeployFiles.readByTheServices(variable)).as(name + ": " + variable).isTrue());
            assertThat(String.valueOf(environment.get("LEDGER_DB_URL"))).startsWith("jdbc:postgresql://postgres:");
            assertThat(String.valueOf(environment.get("LEDGER_KAFKA_BOOTSTRAP_SERVERS"))).startsWith("kafka:");
            assertThat(String.valueOf(environment.get("LEDGER_DB_PASSWORD")))
                    .as("the password comes from the environment, not the file").startsWith("${");
        });
    }

    @Test
    void prometheusLoadsTheAlertRulesFromDeployPrometheus() {
        assertThat(services.get("prometheus").get("volumes")).asString().contains("../prometheus:/etc/prometheus");
        assertThat(DeployFiles.read(DeployFiles.deploy().resolve("prometheus/prometheus.yml")))
                .contains("ledger-alerts.yml", "command-api:8080", "projection:8081", "executor:8082");
    }

    private static int configuredPort(String service) {
        Matcher matcher = Pattern.compile("(?m)^server:\\s*\\n\\s+port:\\s*(\\d+)").matcher(DeployFiles.read(
                DeployFiles.repository().resolve("services/" + service + "/src/main/resources/application.yml")));
        assertThat(matcher.find()).as(service + " sets server.port").isTrue();
        return Integer.parseInt(matcher.group(1));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services() {
        Map<String, Object> compose = new Yaml().load(DeployFiles.read(DeployFiles.deploy()
                .resolve("compose/compose.yaml")));
        return (Map<String, Map<String, Object>>) compose.get("services");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertThat(value).as(key).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }
}
