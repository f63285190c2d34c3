package dev.upgradeledger.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.upgradeledger.events.LedgerTopics;
import dev.upgradeledger.local.ServiceProcess;
import dev.upgradeledger.testsupport.ApiClient;
import dev.upgradeledger.testsupport.ApiClient.ApiResponse;
import dev.upgradeledger.testsupport.LedgerInfrastructure;
import dev.upgradeledger.testsupport.TestIssuer;
import dev.upgradeledger.testsupport.TopicReader;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two command-api replicas on one PostgreSQL and one Kafka behave like one: conflicting commands sent to both at
 * once are decided one after another (one accepted, the rest refused by the cluster's rule, none a 500), and when a
 * replica that holds publishing segments is killed, the other takes them over.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CommandApiReplicasIT {

    private static final Logger log = LoggerFactory.getLogger(CommandApiReplicasIT.class);
    private static final Duration READY = Duration.ofSeconds(180);
    private static final int REQUESTS = 20;
    /** command-api's publishing segments ({@code ledger.publisher.segments}). */
    private static final int SEGMENTS = 4;

    private static final List<ServiceProcess> replicas = new ArrayList<>();
    private static final List<ApiClient> clients = new ArrayList<>();

    @BeforeAll
    static void startReplicas() throws Exception {
        ThreeServices.stopIfStarted(); // this class runs services of its own on the same database and broker
        LedgerInfrastructure infrastructure = LedgerInfrastructure.get();
        Map<String, String> environment = Map.of(
                "LEDGER_DB_URL", infrastructure.jdbcUrl(),
                "LEDGER_DB_USER", infrastructure.username(),
                "LEDGER_DB_PASSWORD", infrastructure.password(),
                "LEDGER_KAFKA_BOOTSTRAP_SERVERS", infrastructure.bootstrapServers(),
                "LEDGER_OIDC_ISSUER_URI", TestIssuer.get().issuerUri());
        Path jars = Path.of(System.getProperty("ledger.services.dir", "target/services"));
        Path logs = Path.of(System.getProperty("ledger.logs.dir", "target/service-logs"));
        for (int i = 1; i <= 2; i++) {
            replicas.add(new ServiceProcess("command-api-replica-" + i, jars.resolve("command-api.jar"), freePort(),
                    infrastructure.serviceEnvironment("command-api", environment), logs.resolve("command-api-replica-" + i + ".log")));
        }
        for (ServiceProcess replica : replicas) {
            replica.start();
        }
        for (ServiceProcess replica : replicas) {
            replica.awaitReady(READY);
            clients.add(new ApiClient(replica.baseUrl().toString()));
        }
    }

    @AfterAll
    static void stopReplicas() {
        replicas.forEach(ServiceProcess::stop);
    }

    @Test
    @Order(1)
    void conflictingUpgradeRequestsOverBothReplicasAreOneAcceptedAndTheRestRefusedNeverA500() throws Exception {
        String clusterId = uniqueClusterId();
        assertThat(clients.get(0).post("/api/v1/clusters", registration(clusterId)).status()).isEqualTo(201);

        ExecutorService callers = Executors.newFixedThreadPool(REQUESTS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ApiResponse>> answers = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            ApiClient client = clients.get(i % 2);
            String body = "{\"upgradeId\":\"u-" + i + "\",\"targetVersion\":\"7.6\",\"strategy\":\"ROLLING\","
                    + "\"maxUnavailable\":\"1\"}";
            answers.add(callers.submit(() -> {
                start.await();
                return client.post("/api/v1/clusters/" + clusterId + "/upgrades", body);
            }));
        }
        start.countDown();
        List<ApiResponse> responses = new ArrayList<>();
        for (Future<ApiResponse> answer : answers) {
            responses.add(answer.get());
        }
        callers.shutdown();

        Map<Integer, Long> byStatus = responses.stream()
                .collect(Collectors.groupingBy(ApiResponse::status, Collectors.counting()));
        log.info("{} conflicting upgrade requests over two replicas answered {}", REQUESTS, byStatus);
        assertThat(byStatus).containsExactlyInAnyOrderEntriesOf(Map.of(201, 1L, 409, (long) REQUESTS - 1));
        assertThat(responses.stream().filter(r -> r.status() == 409).map(r -> r.json().get("type").asString()))
                .containsOnly("urn:upgrade-ledger:problem:upgrade-in-progress");
        assertThat(eventTypes(clusterId)).filteredOn("UpgradeRequested"::equals).hasSize(1);
    }

    @Test
    @Order(2)
    void whenAReplicaDiesTheOtherTakesItsPublishingSegmentsOver() throws Exception {
        String before = uniqueClusterId();
        assertThat(clients.get(0).post("/api/v1/clusters", registration(before)).status()).isEqualTo(201);
        awaitPublished(before, Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(30)).until(() -> !publisherOwners().containsValue(null));
        Map<Integer, String> owners = publisherOwners();
        assertThat(owners).as("the publishing segments").hasSize(SEGMENTS);
        // the replica holding the most segments dies (it holds at least two of the four)
        int victim = owners.values().stream().filter(owner -> pidOf(owner) == replicas.get(0).pid()).count()
                >= SEGMENTS / 2 ? 0 : 1;
        int survivor = 1 - victim;
        long victimPid = replicas.get(victim).pid();
        // a cluster whose events fall into one of the victim's segments
        String after = uniqueClusterId();
        while (pidOf(owners.get(segmentOf(after))) != victimPid) {
            after = uniqueClusterId();
        }

        replicas.get(victim).kill();
        long killed = System.nanoTime();
        assertThat(clients.get(survivor).post("/api/v1/clusters", registration(after)).status()).isEqualTo(201);

        awaitPublished(after, Duration.ofSeconds(60));
        log.info("Publishing failed over to the other replica: the first event of the dead replica's segment {} was"
                + " on {} {} ms after the kill", segmentOf(after), LedgerTopics.EVENTS,
                (System.nanoTime() - killed) / 1_000_000);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(publisherOwners().values())
                .as("every segment held by the survivor").allMatch(owner -> owner != null
                        && pidOf(owner) == replicas.get(survivor).pid()));
    }

    /**
     * The publishing segment of a cluster's events: Axon's sequencing per aggregate puts an event in the segment whose
     * id is its aggregate id's hash code under the segment's mask, {@code SEGMENTS - 1} for evenly split segments.
     */
    private static int segmentOf(String clusterId) {
        return clusterId.hashCode() & (SEGMENTS - 1);
    }

    private static void awaitPublished(String clusterId, Duration within) {
        try (TopicReader reader = new TopicReader(LedgerTopics.EVENTS)) {
            assertThat(reader.readUntil(all -> all.stream().anyMatch(r -> clusterId.equals(r.key())), within))
                    .as("%s published within %s", clusterId, within)
                    .anyMatch(r -> clusterId.equals(r.key()));
        }
    }

    /** Each publishing segment's owner, {@code <pid>@<host>} (the JVM's name), or null while nobody holds it. */
    private static Map<Integer, String> publisherOwners() throws SQLException {
        Map<Integer, String> owners = new TreeMap<>();
        query("select segment, owner from eventstore.tokenentry where processorname = 'kafka-publisher'",
                statement -> { }, rs -> owners.put(rs.getInt(1), rs.getString(2)));
        return owners;
    }

    private static long pidOf(String owner) {
        return Long.parseLong(owner.substring(0, owner.indexOf('@')));
    }

    private static List<String> eventTypes(String clusterId) throws SQLException {
        return query("select payloadtype from eventstore.domainevententry where aggregateidentifier = ?"
                        + " order by sequencenumber", statement -> statement.setString(1, clusterId),
                rs -> rs.getString(1).substring(rs.getString(1).lastIndexOf('.') + 1));
    }

    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private static <T> List<T> query(String sql, Binder binder, Row<T> row) throws SQLException {
        LedgerInfrastructure infrastructure = LedgerInfrastructure.get();
        try (Connection connection = DriverManager.getConnection(infrastructure.jdbcUrl(), infrastructure.username(),
                infrastructure.password()); PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(row.read(rs));
                }
            }
            return rows;
        }
    }

    private static String registration(String clusterId) {
        return """
                {"clusterId":"%s","product":"camunda","version":"7.5",
                 "nodes":[{"id":"engine-1","address":"10.0.0.1:8080"},{"id":"engine-2","address":"10.0.0.2:8080"},
                          {"id":"engine-3","address":"10.0.0.3:8080"}],
                 "catalog":{"lines":[{"name":"7.5","versions":["7.5"]},{"name":"7.6","versions":["7.6"]}],
                            "rules":{"consecutiveWithinLine":false,"noRollingAcrossLines":false}}}
                """.formatted(clusterId);
    }

    private static String uniqueClusterId() {
        return "r-" + UUID.randomUUID().toString().substring(0, 13);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
