package dev.upgradeledger.commandapi.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.upgradeledger.commandapi.fleet.FleetUpgradeEvent;
import dev.upgradeledger.commandapi.cluster.ClusterSnapshots;
import dev.upgradeledger.commandapi.fleet.FleetUpgrades;
import dev.upgradeledger.events.LedgerEvent;
import dev.upgradeledger.testsupport.ApiClient;
import dev.upgradeledger.testsupport.ApiClient.ApiResponse;
import dev.upgradeledger.testsupport.LedgerIntegrationTest;
import dev.upgradeledger.testsupport.ServiceIntegrationTest;
import dev.upgradeledger.testsupport.TestIssuer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Upgrade and fleet state changes reach a webhook as signed CloudEvents, once per id for the receiver: the receiver
 * answers 503 to the first delivery of each id, so each one is retried with the same id; a duplicate event adds
 * nothing. Three webhooks: one for everything, one for fleet events of {@link #FLEET_PRODUCT}, one for a product no
 * cluster has.
 */
@LedgerIntegrationTest
class WebhookNotificationsIT extends ServiceIntegrationTest {

    private static final String SECRET = "a-shared-secret-of-at-least-32-characters";
    private static final String FLEET_PRODUCT = "wh-fleet-" + UUID.randomUUID().toString().substring(0, 8);
    private static final HttpServer RECEIVER;
    /** Every delivery as received: id, signature valid, body, status answered. */
    private static final List<Delivery> DELIVERIES = Collections.synchronizedList(new ArrayList<>());
    private static final Map<String, Integer> SEEN = new ConcurrentHashMap<>();

    private record Delivery(String id, boolean signed, String contentType, JsonNode body, int status) {
    }

    static {
        try {
            RECEIVER = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        RECEIVER.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
            boolean signed = id != null && timestamp != null && WebhookSignature.sign(SECRET, id,
                    Long.parseLong(timestamp), body).equals(exchange.getRequestHeaders().getFirst("webhook-signature"));
            int status = SEEN.merge(id == null ? "" : id, 1, Integer::sum) == 1 ? 503 : 200;
            DELIVERIES.add(new Delivery(id, signed, exchange.getRequestHeaders().getFirst("Content-Type"),
                    ApiClient.json(body), status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        RECEIVER.start();
    }

    @DynamicPropertySource
    static void webhook(DynamicPropertyRegistry registry) {
        registry.add("ledger.notifications.webhooks[0].name", () -> "test-receiver");
        registry.add("ledger.notifications.webhooks[0].url",
                () -> "http://127.0.0.1:" + RECEIVER.getAddress().getPort() + "/hook");
        registry.add("ledger.notifications.webhooks[0].secret", () -> SECRET);
        registry.add("ledger.notifications.webhooks[1].name", () -> "fleet-pager");
        registry.add("ledger.notifications.webhooks[1].url",
                () -> "http://127.0.0.1:" + RECEIVER.getAddress().getPort() + "/hook");
        registry.add("ledger.notifications.webhooks[1].secret", () -> SECRET);
        registry.add("ledger.notifications.webhooks[1].products", () -> FLEET_PRODUCT);
        registry.add("ledger.notifications.webhooks[1].events",
                () -> "FleetUpgradeStarted,FleetWaveStarted,FleetUpgradeHalted,FleetUpgradeAborted");
        registry.add("ledger.notifications.webhooks[2].name", () -> "elsewhere");
        registry.add("ledger.notifications.webhooks[2].url",
                () -> "http://127.0.0.1:" + RECEIVER.getAddress().getPort() + "/hook");
        registry.add("ledger.notifications.webhooks[2].secret", () -> SECRET);
        registry.add("ledger.notifications.webhooks[2].products", () -> "no-cluster-has-this-product");
        registry.add("ledger.notifications.webhooks[3].name", () -> "eu-ops");
        registry.add("ledger.notifications.webhooks[3].url",
                () -> "http://127.0.0.1:" + RECEIVER.getAddress().getPort() + "/hook");
        registry.add("ledger.notifications.webhooks[3].secret", () -> SECRET);
        registry.add("ledger.notifications.webhooks[3].labels.region", () -> "eu");
        registry.add("ledger.notifications.initial-backoff", () -> "200ms");
        registry.add("ledger.notifications.poll-interval", () -> "100ms");
    }

    @AfterAll
    static void stopReceiver() {
        RECEIVER.stop(0);
    }

    @Autowired
    UpgradeNotifier notifier;
    @Autowired
    FleetNotifier fleetNotifier;
    @Autowired
    NotificationProperties properties;
    @Autowired
    NotificationOutbox outbox;
    @Autowired
    FleetUpgrades fleets;
    @Autowired
    ClusterSnapshots clusters;
    @Autowired
    EventStore events;
    @Autowired
    JdbcClient jdbc;

    @Test
    void anUpgradesStateChangesArriveSignedRetriedWithTheSameIdAndOnceDelivered() throws InterruptedException {
        // given a registered cluster
        String clusterId = "w-" + UUID.randomUUID().toString().substring(0, 13);
        ApiResponse registered = api.post("/api/v1/clusters", """
                {"clusterId":"%s","product":"webhook-test","version":"1.0",
                 "nodes":[{"id":"n-1","address":"10.0.0.1:1"},{"id":"n-2","address":"10.0.0.2:1"}]}""".formatted(clusterId));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        // when an upgrade runs to completion
        ApiResponse accepted = api.post("/api/v1/clusters/" + clusterId + "/upgrades",
                "{\"upgradeId\":\"u-1\",\"targetVersion\":\"1.1\",\"strategy\":\"ROLLING\","
                        + "\"schemaChange\":\"ADDITIVE\",\"maxUnavailable\":\"1\"}");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
        ApiClient executor = api.as(TestIssuer.get().executor());
        for (JsonNode stage : accepted.json().at("/decision/hops/0/plan/stages")) {
            for (JsonNode step : stage.get("steps")) {
                ApiResponse report = executor.post("/api/v1/clusters/" + clusterId + "/upgrades/u-1/steps/"
                                + step.get("stepId").asString() + "/outcome",
                        "{\"attempt\":1,\"managerEpoch\":0,\"outcome\":\"SUCCEEDED\",\"facts\":{}}");
                assertThat(report.json().get("receipt").asString()).as(report.body()).isEqualTo("ACCEPTED");
            }
        }
        // then the receiver gets UpgradePlanned and UpgradeCompleted, each refused once (503) and delivered once
        List<String> expected = List.of("dev.upgradeledger.UpgradePlanned", "dev.upgradeledger.UpgradeCompleted");
        long deadline = System.currentTimeMillis() + 60_000;
        while (delivered(clusterId).size() < expected.size() && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        List<Delivery> delivered = delivered(clusterId);
        assertThat(delivered).extracting(d -> d.body().get("type").asString()).containsExactlyElementsOf(expected);
        for (Delivery delivery : delivered) {
            List<Delivery> attempts = ofId(delivery.id());
            assertThat(attempts).extracting(Delivery::status).containsExactly(503, 200);
            assertThat(attempts).allSatisfy(attempt -> {
                assertThat(attempt.signed()).as("signature of " + attempt.id()).isTrue();
                assertThat(attempt.contentType()).isEqualTo("application/cloudevents+json");
                assertThat(attempt.body().get("specversion").asString()).isEqualTo("1.0");
                assertThat(attempt.body().get("subject").asString()).isEqualTo(clusterId);
                assertThat(attempt.body().get("source").asString()).isEqualTo(UpgradeNotifier.SOURCE);
                assertThat(attempt.body().at("/data/upgradeId").asString()).isEqualTo("u-1");
            });
            assertThat(attempts.get(0).body()).isEqualTo(attempts.get(1).body());
        }

        // when the same events come to the notifier again (a replay, a duplicate)
        List<? extends DomainEventMessage<?>> history = events.readEvents(clusterId).asStream().toList();
        int rows = outboxRows(clusterId);
        for (DomainEventMessage<?> message : history) {
            notifier.on((LedgerEvent) message.getPayload(), message);
        }
        // then nothing new is queued and nothing more is sent
        assertThat(outboxRows(clusterId)).isEqualTo(rows).isEqualTo(2);
        Thread.sleep(1_000);
        assertThat(DELIVERIES.stream().filter(d -> clusterId.equals(subject(d))).count()).isEqualTo(4);
    }

    @Test
    void aFleetsStateChangesReachTheWebhooksOfAnyOfItsClustersProductsOnceEach() throws InterruptedException {
        // given two clusters of two products, the fleet's canary of another product than FLEET_PRODUCT
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String otherProduct = "wh-other-" + suffix;
        register("wa-" + suffix, otherProduct, "{\"region\":\"eu\",\"tier\":\"gold\"}");
        register("wb-" + suffix, FLEET_PRODUCT);
        String fleetId = "wf-" + suffix;
        String subject = FleetNotifier.SUBJECT_PREFIX + fleetId;

        // when a fleet upgrade takes both by id (no product of its own), starts its canary and is aborted
        ApiResponse started = api.post("/api/v1/fleet-upgrades", """
                {"fleetId":"%s","selector":{"clusters":["wa-%s","wb-%s"]},"targetVersion":"1.1",
                 "upgrade":{"strategy":"OFFLINE"},"waves":{"canary":"1","waveSize":"1","maxConcurrent":1},
                 "failureBudget":"0"}""".formatted(fleetId, suffix, suffix));
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        awaitStored(fleetId, "FleetClusterStarted");
        ApiResponse aborted = api.post("/api/v1/fleet-upgrades/" + fleetId + "/abort", "{\"reason\":\"drill\"}");
        assertThat(aborted.status()).as(aborted.body()).isEqualTo(202);
        awaitStored(fleetId, "FleetUpgradeAborted");

        // then each webhook that wants them gets the fleet's notified events, each refused once and delivered once:
        // fleet-pager through the product of a cluster of the fleet's second wave, the catch-all webhook too
        Map<String, List<String>> expected = Map.of();
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            expected = expectedNotifications(fleetId);
            if (expected.entrySet().stream().allMatch(webhook -> deliveredTo(subject, webhook.getKey()).size()
                    >= webhook.getValue().size())) {
                break;
            }
            Thread.sleep(100);
        }
        Map<String, String> stored = storedFleetEvents(fleetId);
        assertThat(expected.get("fleet-pager")).hasSizeGreaterThanOrEqualTo(3);
        for (Map.Entry<String, List<String>> webhook : expected.entrySet()) {
            List<Delivery> delivered = deliveredTo(subject, webhook.getKey());
            assertThat(delivered).extracting(d -> d.body().get("id").asString()).as(webhook.getKey())
                    .containsExactlyInAnyOrderElementsOf(webhook.getValue());
            for (Delivery delivery : delivered) {
                List<Delivery> attempts = ofId(delivery.id());
                assertThat(attempts).extracting(Delivery::status).containsExactly(503, 200);
                assertThat(attempts).allSatisfy(attempt -> {
                    assertThat(attempt.signed()).as("signature of " + attempt.id()).isTrue();
                    assertThat(attempt.body().get("type").asString())
                            .isEqualTo("dev.upgradeledger." + stored.get(attempt.body().get("id").asString()));
                    assertThat(attempt.body().get(FleetNotifier.FLEET_ID_ATTRIBUTE).asString()).isEqualTo(fleetId);
                    assertThat(attempt.body().at("/data/fleetId").asString()).isEqualTo(fleetId);
                });
                assertThat(attempts.get(0).body()).isEqualTo(attempts.get(1).body());
            }
        }
        assertThat(outboxRows(subject, "elsewhere")).isZero();
        // and the fleet's products read back from the event store (after a restart: no cache) are the same
        FleetNotifier afterRestart = new FleetNotifier(properties, outbox, fleets, clusters);
        assertThat(afterRestart.productsOf(new FleetUpgradeEvent.FleetWaveStarted(fleetId, 0)))
                .containsExactlyInAnyOrder(otherProduct, FLEET_PRODUCT);
        assertThat(afterRestart.labelsOf(new FleetUpgradeEvent.FleetWaveStarted(fleetId, 0)))
                .containsExactly(Map.of("region", "eu", "tier", "gold"));

        // when the fleet's events come to the notifier again (a replay, a duplicate)
        int rows = outboxRows(subject);
        for (DomainEventMessage<?> message : events.readEvents(FleetNotifier.SUBJECT_PREFIX + fleetId, 0).asStream()
                .toList()) {
            fleetNotifier.on((FleetUpgradeEvent) message.getPayload(), message);
            afterRestart.on((FleetUpgradeEvent) message.getPayload(), message);
        }
        // then nothing new is queued and nothing more is sent
        int notified = expected.values().stream().mapToInt(List::size).sum();
        assertThat(outboxRows(subject)).isEqualTo(rows).isEqualTo(notified);
        Thread.sleep(1_000);
        assertThat(DELIVERIES.stream().filter(d -> subject.equals(subject(d))).count()).isEqualTo(2L * notified);
    }

    private void register(String clusterId, String product) {
        register(clusterId, product, "{}");
    }

    private void register(String clusterId, String product, String labels) {
        ApiResponse registered = api.post("/api/v1/clusters", """
                {"clusterId":"%s","product":"%s","version":"1.0","nodes":[{"id":"n-1","address":"10.0.0.1:1"}],
                 "labels":%s}""".formatted(clusterId, product, labels));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
    }

    /**
     * The ids of the fleet's stored events each webhook wants: the catch-all and eu-ops (a cluster of the fleet carries
     * region=eu) every notified one, fleet-pager four.
     */
    private Map<String, List<String>> expectedNotifications(String fleetId) {
        Map<String, String> stored = storedFleetEvents(fleetId);
        List<String> pager = List.of("FleetUpgradeStarted", "FleetWaveStarted", "FleetUpgradeHalted",
                "FleetUpgradeAborted");
        List<String> notified = stored.entrySet().stream()
                .filter(event -> NotificationProperties.NOTIFIED_TYPES.contains(event.getValue()))
                .map(Map.Entry::getKey).toList();
        return Map.of("test-receiver", notified, "eu-ops", notified,
                "fleet-pager", stored.entrySet().stream().filter(event -> pager.contains(event.getValue()))
                        .map(Map.Entry::getKey).toList());
    }

    /** The fleet's stored events: event id to simple type name, in order. */
    private Map<String, String> storedFleetEvents(String fleetId) {
        Map<String, String> stored = new LinkedHashMap<>();
        jdbc.sql("SELECT eventidentifier, payloadtype FROM domainevententry WHERE aggregateidentifier = ?"
                        + " ORDER BY sequencenumber").param(FleetNotifier.SUBJECT_PREFIX + fleetId)
                .query((rs, row) -> stored.put(rs.getString(1),
                        rs.getString(2).substring(rs.getString(2).lastIndexOf('$') + 1))).list();
        return stored;
    }

    private void awaitStored(String fleetId, String type) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!storedFleetEvents(fleetId).containsValue(type)) {
            assertThat(System.currentTimeMillis()).as(fleetId + " records " + type).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private int outboxRows(String subject, String webhook) {
        return jdbc.sql("SELECT count(*) FROM notification_outbox WHERE body LIKE ? AND webhook = ?")
                .params("%\"subject\":\"" + subject + "\"%", webhook).query(Integer.class).single();
    }

    private static List<Delivery> deliveredTo(String subject, String webhook) {
        synchronized (DELIVERIES) {
            return DELIVERIES.stream().filter(d -> d.status() == 200 && subject.equals(subject(d))
                    && d.id().endsWith("/" + webhook)).toList();
        }
    }

    private int outboxRows(String subject) {
        return jdbc.sql("SELECT count(*) FROM notification_outbox WHERE body LIKE ?")
                .param("%\"subject\":\"" + subject + "\"%").query(Integer.class).single();
    }

    private static List<Delivery> delivered(String clusterId) {
        synchronized (DELIVERIES) {
            return DELIVERIES.stream().filter(d -> d.status() == 200 && clusterId.equals(subject(d))).toList();
        }
    }

    private static List<Delivery> ofId(String id) {
        synchronized (DELIVERIES) {
            return DELIVERIES.stream().filter(d -> id.equals(d.id())).toList();
        }
    }

    private static String subject(Delivery delivery) {
        return delivery.body().has("subject") ? delivery.body().get("subject").asString() : null;
    }
}
