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
    }

    @Test
    void postgresCommitsDurablyAndKafkaRunsInKraftMode() {
        assertThat(services.get("postgres").get("command")).asString()
                .contains("fsync=on", "synchronous_commit=on");
        Map<String, Object> kafka = map(services.get("kafka"), "environment");
        assertThat(String.valueOf(kafka.get("KAFKA_PROCESS_ROLES"))).contains("broker", "controller");
        assertThat(kafka).containsKey("KAFKA_CONTROLLER_QUORUM_VOTERS").doesNotContainKey("KAFKA_ZOOKEEPER_CONNECT");
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
