package dev.upgradeledger.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.upgradeledger.events.LedgerTopics;
import dev.upgradeledger.local.ServiceProcess;
import dev.upgradeledger.testsupport.ApiClient;
import dev.upgradeledger.testsupport.LedgerInfrastructure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

/**
 * Every metric that the alert rules ({@code deploy/prometheus/ledger-alerts.yml}) and the Grafana dashboard
 * ({@code deploy/grafana/upgrade-ledger.json}) query is exported by the real services: the three jars run on real
 * PostgreSQL and Kafka, an upgrade runs to the end, and their {@code /actuator/prometheus} pages are scraped. A metric
 * renamed in the code, or misspelt in a rule, fails here. A few of the new meters are also checked for what they
 * count: commands by outcome and rule, the publisher's lag, the projection's lag per partition, dead letters.
 */
class MonitoringIT {

    /** Series names in PromQL: ours, and the Kafka clients' (Prometheus' own {@code up} is not exported by anyone). */
    private static final Pattern METRIC = Pattern.compile("\\b((?:ledger|kafka|http|jvm|hikaricp|process)_[a-z0-9_]+)\\b");
    private static final Path DEPLOY = Path.of("..", "deploy");

    private static ServiceProcess commandApi;
    private static ServiceProcess projection;
    private static ServiceProcess executor;
    private static ApiClient commands;
    private static ApiClient queries;

    @BeforeAll
    static void startServices() throws Exception {
        ThreeServices services = ThreeServices.get();
        commandApi = services.commandApi;
        projection = services.projection;
        executor = services.executor;
        commands = new ApiClient(commandApi.baseUrl().toString());
        queries = new ApiClient(projection.baseUrl().toString());
    }

    @Test
    void everyMetricTheAlertsAndTheDashboardQueryIsExportedByTheServices() throws IOException {
        Set<String> queried = new TreeSet<>();
        queried.addAll(metricsIn(alertExpressions()));
        queried.addAll(metricsIn(dashboardExpressions()));
        assertThat(queried).as("the metrics the alert rules and the dashboard query").contains(
                "ledger_commands_seconds_count", "ledger_publisher_lag", "ledger_kafka_dead_letters_total",
                "kafka_consumer_fetch_manager_records_lag", "ledger_projection_upgrades_paused_oldest_seconds",
                "ledger_executor_action_duration_seconds_count");

        runAnUpgradeToTheEnd();

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(exported()).as("series exported by command-api, projection and executor")
                        .containsAll(queried));
    }

    @Test
    void theProjectionsConsumerLagIsExportedPerPartitionOfLedgerEvents() {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(scrape(projection).lines()
                        .filter(line -> line.startsWith("kafka_consumer_fetch_manager_records_lag{"))
                        .filter(line -> line.contains("topic=\"ledger.events\"")))
                        .anySatisfy(line -> assertThat(line).containsPattern("partition=\"\\d+\"")
                                .contains("application=\"projection\"")));
    }

    @Test
    void commandApiCountsCommandsByTypeAndOutcomeAndReportsThePublishersLag() {
        String clusterId = register();
        ApiClient.ApiResponse again = commands.post("/api/v1/clusters", registration(clusterId));
        assertThat(again.status()).as(again.body()).isEqualTo(409);

        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            String page = scrape(commandApi);
            assertThat(page).containsPattern("ledger_commands_seconds_count\\{[^}]*outcome=\"accepted\""
                    + "[^}]*transport=\"rest\"[^}]*type=\"RegisterCluster\"");
            assertThat(page).containsPattern("ledger_commands_seconds_count\\{[^}]*outcome=\"refused\""
                    + "[^}]*rule=\"cluster-already-registered\"");
            assertThat(page).containsPattern("(?m)^ledger_publisher_lag\\{[^}]*\\} 0\\.0$");
            // the one replica holds every publishing segment (four by default)
            assertThat(page).containsPattern("(?m)^ledger_publisher_segments\\{[^}]*\\} 4\\.0$");
            assertThat(page).containsPattern("(?m)^ledger_publisher_segments_configured\\{[^}]*\\} 4\\.0$");
        });
    }

    @Test
    void aPoisonRecordOnLedgerEventsIsCountedAsADeadLetterByEachConsumerGroup() throws Exception {
        Map<String, Object> config = LedgerInfrastructure.get().kafkaProperties();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(LedgerTopics.EVENTS, "mon-poison", "{ not an envelope")).get();
        }

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            assertThat(deadLetters(projection, "projection")).isGreaterThanOrEqualTo(1);
            assertThat(deadLetters(executor, "executor")).isGreaterThanOrEqualTo(1);
        });
    }

    private static double deadLetters(ServiceProcess service, String group) {
        Matcher matcher = Pattern.compile("(?m)^ledger_kafka_dead_letters_total\\{[^}]*group=\"" + group
                + "\"[^}]*\\} (\\S+)$").matcher(scrape(service));
        assertThat(matcher.find()).as(group + " exports ledger_kafka_dead_letters_total{group=" + group + "}")
                .isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    private static void runAnUpgradeToTheEnd() {
        String clusterId = register();
        ApiClient.ApiResponse upgrade = commands.post("/api/v1/clusters/" + clusterId + "/upgrades", """
                {"upgradeId":"u-1","targetVersion":"7.6","strategy":"ROLLING","maxUnavailable":"1"}""");
        assertThat(upgrade.status()).as(upgrade.body()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> "COMPLETED".equals(
                queries.get("/api/v1/clusters/" + clusterId).json().at("/cluster/upgrade/status").asString()));
    }

    private static String register() {
        String clusterId = "mon-" + UUID.randomUUID().toString().substring(0, 8);
        ApiClient.ApiResponse response = commands.post("/api/v1/clusters", registration(clusterId));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return clusterId;
    }

    private static String registration(String clusterId) {
        return """
                {"clusterId":"%s","product":"camunda","version":"7.5",
                 "nodes":[{"id":"engine-1","address":"10.0.0.1:8080"},{"id":"engine-2","address":"10.0.0.2:8080"}],
                 "catalog":{"lines":[{"name":"7.5","versions":["7.5"]},{"name":"7.6","versions":["7.6"]}],
                            "rules":{"noRollingAcrossLines":false}}}""".formatted(clusterId);
    }

    private static Set<String> exported() {
        Set<String> names = new TreeSet<>();
        for (ServiceProcess service : List.of(commandApi, projection, executor)) {
            scrape(service).lines().filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .map(line -> line.split("[{ ]", 2)[0]).forEach(names::add);
        }
        return names;
    }

    private static String scrape(ServiceProcess service) {
        ApiClient.ApiResponse page = new ApiClient(service.baseUrl().toString()).getText("/actuator/prometheus");
        assertThat(page.status()).as(service + " /actuator/prometheus").isEqualTo(200);
        return page.body();
    }

    @SuppressWarnings("unchecked")
    private static List<String> alertExpressions() throws IOException {
        Map<String, Object> rules = new Yaml().load(Files.readString(DEPLOY.resolve("prometheus/ledger-alerts.yml")));
        return ((List<Map<String, Object>>) rules.get("groups")).stream()
                .flatMap(group -> ((List<Map<String, Object>>) group.get("rules")).stream())
                .map(rule -> String.valueOf(rule.get("expr")))
                .toList();
    }

    private static List<String> dashboardExpressions() throws IOException {
        JsonNode dashboard = ApiClient.json(Files.readString(DEPLOY.resolve("grafana/upgrade-ledger.json")));
        return dashboard.findValues("expr").stream().map(JsonNode::asString).toList();
    }

    private static Set<String> metricsIn(List<String> expressions) {
        Set<String> names = new TreeSet<>();
        for (String expression : expressions) {
            Matcher matcher = METRIC.matcher(expression);
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
        }
        return names;
    }
}
