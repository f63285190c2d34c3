package dev.upgradeledger.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.LedgerTopics;
import dev.upgradeledger.local.ServiceProcess;
import dev.upgradeledger.support.envelope.EnvelopeCodec;
import dev.upgradeledger.testsupport.ApiClient;
import dev.upgradeledger.testsupport.LedgerInfrastructure;
import dev.upgradeledger.testsupport.TopicReader;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The whole write-to-read path with the real service jars as processes: a registration over command-api's REST API
 * is stored, published to Kafka and shown by the projection; a command-api killed with SIGKILL right after a
 * registration loses nothing when started again; a replay of the publisher republishes everything and the
 * projection stays as it was.
 */
class LedgerSystemIT {

    private static final Logger log = LoggerFactory.getLogger(LedgerSystemIT.class);
    private static final Duration READY = Duration.ofSeconds(180);

    private static ServiceProcess commandApi;
    private static ServiceProcess projection;
    private static ApiClient commands;
    private static ApiClient queries;

    private final EnvelopeCodec codec = new EnvelopeCodec();

    @BeforeAll
    static void startServices() throws Exception {
        LedgerInfrastructure infrastructure = LedgerInfrastructure.get();
        Map<String, String> environment = Map.of(
                "LEDGER_DB_URL", infrastructure.jdbcUrl(),
                "LEDGER_DB_USER", infrastructure.username(),
                "LEDGER_DB_PASSWORD", infrastructure.password(),
                "LEDGER_KAFKA_BOOTSTRAP_SERVERS", infrastructure.bootstrapServers());
        Path jars = Path.of(System.getProperty("ledger.services.dir", "target/services"));
        Path logs = Path.of(System.getProperty("ledger.logs.dir", "target/service-logs"));
        commandApi = new ServiceProcess("command-api", jars.resolve("command-api.jar"), freePort(), environment,
                logs.resolve("command-api.log"));
        projection = new ServiceProcess("projection", jars.resolve("projection.jar"), freePort(), environment,
                logs.resolve("projection.log"));
        commandApi.start();
        projection.start();
        commandApi.awaitReady(READY);
        projection.awaitReady(READY);
        commands = new ApiClient(commandApi.baseUrl().toString());
        queries = new ApiClient(projection.baseUrl().toString());
    }

    @AfterAll
    static void stopServices() {
        if (commandApi != null) {
            commandApi.stop();
        }
        if (projection != null) {
            projection.stop();
        }
    }

    @Test
    void aClusterRegisteredOverRestIsStoredPublishedAndProjected() {
        String clusterId = uniqueClusterId();

        registerAndAwaitProjection(clusterId);
        registerAndAwaitProjection(uniqueClusterId());

        JsonNode cluster = queries.get("/api/v1/clusters/" + clusterId).json();
        assertThat(cluster.at("/cluster/product").asString()).isEqualTo("camunda");
        assertThat(cluster.at("/cluster/version").asString()).isEqualTo("7.5");
        assertThat(cluster.get("nodes")).hasSize(3);
        assertThat(envelopesOf(Set.of(clusterId), 1).get(clusterId).get(0).actor()).isEqualTo("system-test");
    }

    @Test
    void aRollingUpgradeDrivenOverRestIsWatchedToCompletionInTheProjection() {
        String clusterId = uniqueClusterId();
        StringBuilder nodes = new StringBuilder();
        for (int i = 1; i <= 6; i++) {
            nodes.append(i > 1 ? "," : "").append("{\"id\":\"engine-").append(i).append("\",\"address\":\"10.0.0.")
                    .append(i).append(":8080\"}");
        }
        assertThat(commands.post("/api/v1/clusters", """
                {"clusterId":"%s","product":"camunda","version":"7.5","nodes":[%s],
                 "catalog":{"lines":[{"name":"7.5","versions":["7.5"]},{"name":"7.6","versions":["7.6"]}],
                            "rules":{"noRollingAcrossLines":false}}}""".formatted(clusterId, nodes)).status())
                .isEqualTo(201);
        String upgrades = "/api/v1/clusters/" + clusterId + "/upgrades";

        ApiClient.ApiResponse accepted = commands.post(upgrades, """
                {"upgradeId":"u-1","targetVersion":"7.6","strategy":"ROLLING","schemaChange":"ADDITIVE",
                 "maxUnavailable":"33%"}""");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).until(() -> "RUNNING".equals(
                queries.get("/api/v1/clusters/" + clusterId).json().at("/cluster/upgrade/status").asString()));
        for (JsonNode stage : accepted.json().at("/decision/hops/0/plan/stages")) {
            for (JsonNode step : stage.get("steps")) {
                assertThat(commands.post(upgrades + "/u-1/steps/" + step.get("stepId").asString() + "/outcome",
                        "{\"attempt\":1,\"managerEpoch\":0,\"outcome\":\"SUCCEEDED\"}").json()
                        .get("receipt").asString()).isEqualTo("ACCEPTED");
            }
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> "COMPLETED".equals(
                queries.get("/api/v1/clusters/" + clusterId).json().at("/cluster/upgrade/status").asString()));
        JsonNode completed = queries.get("/api/v1/clusters/" + clusterId).json();
        assertThat(completed.at("/cluster/version").asString()).isEqualTo("7.6");
        assertThat(completed.get("nodes").findValuesAsString("version")).hasSize(6).containsOnly("7.6");
        assertThat(completed.get("nodes").findValuesAsString("state")).containsOnly("IN_SERVICE");
        assertThat(completed.at("/cluster/mixedVersionWindow").asBoolean()).isTrue();

        assertThat(commands.post(upgrades + "/u-1/finalize", "").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> !queries.get("/api/v1/clusters/" + clusterId).json()
                .at("/cluster/mixedVersionWindow").asBoolean());
    }

    @Test
    void killingCommandApiRightAfterRegistrationsLosesNoEvent() throws Exception {
        List<String> clusters = IntStream.range(0, 5).mapToObj(i -> uniqueClusterId()).toList();
        clusters.forEach(id -> assertThat(register(id).status()).isEqualTo(201));

        commandApi.kill();
        commandApi.start();
        commandApi.awaitReady(READY);

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() ->
                clusters.stream().allMatch(id -> queries.get("/api/v1/clusters/" + id).status() == 200));
        List<String> listed = queries.get("/api/v1/clusters").json().findValuesAsString("clusterId");
        clusters.forEach(id -> assertThat(listed).containsOnlyOnce(id));
        String afterRestart = uniqueClusterId();
        assertThat(register(afterRestart).status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> queries.get("/api/v1/clusters/" + afterRestart).status() == 200);
    }

    @Test
    void replayingThePublisherRepublishesEverythingAndTheProjectionStaysAsItWas() {
        List<String> clusters = IntStream.range(0, 3).mapToObj(i -> uniqueClusterId()).toList();
        clusters.forEach(id -> assertThat(register(id).status()).isEqualTo(201));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                clusters.stream().allMatch(id -> queries.get("/api/v1/clusters/" + id).status() == 200));
        Map<String, String> before = clusters.stream()
                .collect(Collectors.toMap(Function.identity(), id -> queries.get("/api/v1/clusters/" + id).body()));

        assertThat(commands.post("/api/v1/admin/publisher/replay", "").status()).isEqualTo(202);

        Map<String, List<EventEnvelope>> published = envelopesOf(Set.copyOf(clusters), 2);
        clusters.forEach(id -> {
            assertThat(published.get(id)).hasSizeGreaterThanOrEqualTo(2);
            assertThat(published.get(id)).extracting(EventEnvelope::eventId).containsOnly(
                    published.get(id).get(0).eventId());
        });
        // A replay ends with the first event stored after the reset point (Axon's ReplayToken).
        String marker = uniqueClusterId();
        assertThat(register(marker).status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> queries.get("/api/v1/clusters/" + marker).status() == 200);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                !commands.get("/api/v1/admin/publisher").json().at("/segments/0/replaying").asBoolean());
        clusters.forEach(id -> assertThat(queries.get("/api/v1/clusters/" + id).body()).isEqualTo(before.get(id)));
        List<String> listed = queries.get("/api/v1/clusters").json().findValuesAsString("clusterId");
        clusters.forEach(id -> assertThat(listed).containsOnlyOnce(id));
    }

    private static void registerAndAwaitProjection(String clusterId) {
        long started = System.nanoTime();
        assertThat(register(clusterId).status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                .until(() -> queries.get("/api/v1/clusters/" + clusterId).status() == 200);
        log.info("Registration of {} visible in the projection after {} ms", clusterId,
                (System.nanoTime() - started) / 1_000_000);
    }

    private Map<String, List<EventEnvelope>> envelopesOf(Set<String> clusterIds, int atLeastEach) {
        try (TopicReader reader = new TopicReader(LedgerTopics.EVENTS)) {
            List<ConsumerRecord<String, String>> records = reader.readUntil(all -> clusterIds.stream().allMatch(
                            id -> all.stream().filter(r -> id.equals(r.key())).count() >= atLeastEach),
                    Duration.ofSeconds(60));
            return records.stream()
                    .filter(r -> clusterIds.contains(r.key()))
                    .collect(Collectors.groupingBy(ConsumerRecord::key,
                            Collectors.mapping(r -> codec.decode(r.value()), Collectors.toCollection(ArrayList::new))));
        }
    }

    private static ApiClient.ApiResponse register(String clusterId) {
        return commands.post("/api/v1/clusters", """
                {"clusterId":"%s","product":"camunda","version":"7.5",
                 "nodes":[{"id":"engine-1","address":"10.0.0.11:8080"},{"id":"engine-2","address":"10.0.0.12:8080"},
                          {"id":"engine-3","address":"10.0.0.13:8080"}]}""".formatted(clusterId),
                Map.of("X-Actor", "system-test"));
    }

    private static String uniqueClusterId() {
        return "s-" + UUID.randomUUID().toString().substring(0, 13);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
