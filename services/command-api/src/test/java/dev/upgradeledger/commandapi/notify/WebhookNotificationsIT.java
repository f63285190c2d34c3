package dev.upgradeledger.commandapi.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
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
 * Upgrade state changes reach a webhook as signed CloudEvents, once per id for the receiver: the receiver answers 503
 * to the first delivery of each id, so each one is retried with the same id; a duplicate event adds nothing.
 */
@LedgerIntegrationTest
class WebhookNotificationsIT extends ServiceIntegrationTest {

    private static final String SECRET = "a-shared-secret-of-at-least-32-characters";
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

    private int outboxRows(String clusterId) {
        return jdbc.sql("SELECT count(*) FROM notification_outbox WHERE body LIKE ?")
                .param("%\"subject\":\"" + clusterId + "\"%").query(Integer.class).single();
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
