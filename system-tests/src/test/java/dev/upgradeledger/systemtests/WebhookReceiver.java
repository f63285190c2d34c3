package dev.upgradeledger.systemtests;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A webhook receiver, as an SRE's chat or pager bridge is one: accepts {@code POST /hook} CloudEvents, checks each
 * delivery's Standard Webhooks signature ({@code webhook-signature: v1,<base64 HMAC-SHA256(secret,
 * id.timestamp.body)>}, computed here independently of the sender's code) and keeps every delivery, answering 200.
 * The shared command-api of {@link ThreeServices} sends it the fleet notifications ({@link #environment}).
 */
final class WebhookReceiver {

    /** The fleet event types the shared command-api notifies to this receiver (all it notifies of a fleet). */
    static final List<String> FLEET_TYPES = List.of("FleetUpgradeStarted", "FleetWaveStarted",
            "FleetWaveAwaitingApproval", "FleetWaveApproved", "FleetWaveChecked", "FleetUpgradeHalted",
            "FleetUpgradeResumed", "FleetUpgradeAborted", "FleetUpgradeCompleted", "FleetRollbackStarted",
            "FleetUpgradeRolledBack");
    private static final String SECRET = "system-tests-webhook-secret-of-32-characters-or-more";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One delivery as received: its {@code webhook-id}, whether its signature held, its body (raw and parsed). */
    record Delivery(String id, boolean signed, String rawBody, JsonNode body) {
    }

    private final HttpServer server;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", this::receive);
        server.start();
    }

    /** command-api's settings for one webhook to this receiver, for the fleet's event types, polled every 200 ms. */
    Map<String, String> environment() {
        return Map.of(
                "LEDGER_NOTIFICATIONS_WEBHOOKS_0_NAME", "system-tests",
                "LEDGER_NOTIFICATIONS_WEBHOOKS_0_URL", "http://127.0.0.1:" + server.getAddress().getPort() + "/hook",
                "LEDGER_NOTIFICATIONS_WEBHOOKS_0_SECRET", SECRET,
                "LEDGER_NOTIFICATIONS_WEBHOOKS_0_EVENTS", String.join(",", FLEET_TYPES),
                "LEDGER_NOTIFICATIONS_POLLINTERVAL", "200ms",
                "LEDGER_NOTIFICATIONS_INITIALBACKOFF", "200ms");
    }

    /** Every delivery whose CloudEvent {@code subject} is {@code subject}, in the order received. */
    List<Delivery> deliveriesFor(String subject) {
        return deliveries.stream().filter(delivery -> subject.equals(delivery.body().path("subject").asString()))
                .toList();
    }

    void stop() {
        server.stop(0);
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
            String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
            boolean signed = id != null && timestamp != null && signature != null
                    && MessageDigest.isEqual(signature.getBytes(StandardCharsets.UTF_8),
                    sign(id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            deliveries.add(new Delivery(id, signed, body, JSON.readTree(body)));
            exchange.sendResponseHeaders(200, -1);
        }
    }

    private static String sign(String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
