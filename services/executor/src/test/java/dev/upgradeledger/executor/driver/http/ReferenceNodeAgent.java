package dev.upgradeledger.executor.driver.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A reference node agent: the contract of {@code package-info} on the JDK's HTTP server, bound to 127.0.0.1 on a
 * random port, acting on in-memory state. One agent serves any number of nodes (keyed by node id) and clusters (for
 * cluster-wide actions, keyed by cluster id).
 */
public final class ReferenceNodeAgent implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final byte[] expectedAuthorization;
    private final Map<String, State> states = new HashMap<>();
    private final Map<String, String> lastExportChecksum = new HashMap<>();
    private final Map<String, String> exportsByDump = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Answer> answers = new HashMap<>();
    private final List<Received> received = new ArrayList<>();
    private final List<Received> performed = new ArrayList<>();
    private final Map<String, Integer> failuresToInject = new HashMap<>();
    private int requests;

    private ReferenceNodeAgent(String token) throws IOException {
        this.expectedAuthorization = token == null ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(HttpNodeDriver.ACTIONS_PATH, this::handle);
        server.setExecutor(threads);
        server.start();
    }

    /** An agent that accepts requests without a token. */
    public static ReferenceNodeAgent start() throws IOException {
        return new ReferenceNodeAgent(null);
    }

    /** An agent that answers 401 to requests without {@code Authorization: Bearer <token>}. */
    public static ReferenceNodeAgent requiringToken(String token) throws IOException {
        return new ReferenceNodeAgent(token);
    }

    /** {@code 127.0.0.1:<port>}. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** The state of a node, or of a cluster for cluster-wide actions; null when nothing acted on it yet. */
    public synchronized State state(String nodeOrClusterId) {
        return states.get(nodeOrClusterId);
    }

    /** How many HTTP requests reached the agent, refused ones included. */
    public synchronized int requests() {
        return requests;
    }

    /** Every authorised request, repeated ones included. */
    public synchronized List<Received> received() {
        return List.copyOf(received);
    }

    /** The new requests, one per Idempotency-Key: the actions acted on or refused. */
    public synchronized List<Received> performed() {
        return List.copyOf(performed);
    }

    /** Makes the next {@code times} new requests for the action answer a retryable FAILED {@code injected}. */
    public synchronized void failNext(String action, int times) {
        failuresToInject.put(action, times);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Answer answer = answer(exchange);
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.httpStatus(), body.length);
        try (var response = exchange.getResponseBody()) {
            response.write(body);
        }
    }

    private synchronized Answer answer(HttpExchange exchange) throws IOException {
        requests++;
        if (!"POST".equals(exchange.getRequestMethod())) {
            return Answer.error(405, "method-not-allowed");
        }
        if (!authorised(exchange.getRequestHeaders().getFirst("Authorization"))) {
            return Answer.error(401, "unauthorized");
        }
        String action = exchange.getRequestURI().getPath().substring(HttpNodeDriver.ACTIONS_PATH.length());
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        JsonNode request = read(exchange.getRequestBody());
        if (key == null || key.isBlank() || request == null) {
            return Answer.error(400, "bad-request");
        }
        JsonNode node = request.path("node");
        String target = node.isObject() ? node.path("id").asString() : request.path("clusterId").asString();
        received.add(new Received(action, key, target));
        Answer first = answers.get(key);
        if (first != null) {
            return first;
        }
        Answer answer = injectedFailure(action) ? Answer.failed("injected", "failing " + action + " as told", true)
                : act(action, target, node.path("version").asString(null), request);
        if (answer.httpStatus() == 200) {
            answers.put(key, answer);
            performed.add(new Received(action, key, target));
        }
        return answer;
    }

    private boolean authorised(String authorization) {
        return expectedAuthorization == null || authorization != null
                && MessageDigest.isEqual(expectedAuthorization, authorization.getBytes(StandardCharsets.UTF_8));
    }

    private boolean injectedFailure(String action) {
        int left = failuresToInject.getOrDefault(action, 0);
        if (left > 0) {
            failuresToInject.put(action, left - 1);
        }
        return left > 0;
    }

    private Answer act(String action, String target, String knownVersion, JsonNode request) {
        State state = states.getOrDefault(target, new State(knownVersion, false, false, null));
        String clusterId = request.path("clusterId").asString();
        JsonNode parameters = request.path("parameters");
        Map<String, String> facts = new LinkedHashMap<>();
        switch (action) {
            case "halt-workloads", "resume-workloads" -> state = new State(state.version(), state.isolated(),
                    action.equals("halt-workloads"), state.schemaVersion());
            case "isolate-node", "reintegrate-node" -> state = new State(state.version(),
                    action.equals("isolate-node"), state.workloadsHalted(), state.schemaVersion());
            case "move-workloads", "remove-peer", "rejoin-peer", "stop-node", "start-node" -> {
            }
            case "check-state" -> facts.put("checksum", sha256(clusterId + "@" + state.schemaVersion()));
            // the Inmanta migration's orchestrator actions, on the cluster endpoint
            case "verify-target" -> facts.put("version", parameters.path("version").asString(""));
            case "stop-server", "start-server", "check-environments", "resume-environment" -> {
            }
            case "recompile-environment" -> facts.put("compile", "succeeded");
            // the Replicante live move's actions, on the cluster endpoint
            case "remove-discovery-group", "rolling-restart", "add-discovery-group" -> {
            }
            // the IPFS disaster recovery: a peer cleaned, or set up afresh on the export's version
            case "clean-peer" -> {
                String version = parameters.path("version").asString(null);
                if (version != null) {
                    state = new State(version, state.isolated(), state.workloadsHalted(), state.schemaVersion());
                    facts.put("version", version);
                }
            }
            case "verify-node" -> {
                String expected = parameters.path("version").asString(null);
                if (expected != null && !expected.equals(state.version())) {
                    return Answer.failed("version-mismatch", "runs " + state.version() + ", not " + expected, false);
                }
                facts.put("version", String.valueOf(state.version()));
            }
            case "upgrade-node", "roll-back-node" -> {
                state = new State(parameters.path("version").asString(), state.isolated(), state.workloadsHalted(),
                        state.schemaVersion());
                facts.put("version", state.version());
            }
            case "apply-mission-revisions" -> facts.put("missionRevisionsFrom",
                    parameters.path("previousVersion").asString(""));
            case "migrate-schema" -> {
                state = new State(state.version(), state.isolated(), state.workloadsHalted(),
                        parameters.path("schemaVersion").asString());
                facts.put("schemaVersion", state.schemaVersion());
            }
            case "export-state" -> {
                String checksum = sha256(clusterId + "@" + parameters.path("schemaVersion").asString());
                lastExportChecksum.put(clusterId, checksum);
                facts.put("checksum", checksum);
                String dumpRef = "memory://" + clusterId + "/" + received.size();
                exportsByDump.put(dumpRef, checksum);
                facts.put("dumpRef", dumpRef);
            }
            case "import-state" -> {
                // a RESTORE names the dump it imports; a migration the cluster it imports from
                String dumpRef = parameters.path("dumpRef").asString(null);
                String checksum = dumpRef != null ? exportsByDump.get(dumpRef)
                        : lastExportChecksum.get(parameters.path("from").asString());
                if (checksum == null) {
                    return Answer.failed("nothing-to-import", "no export of " + parameters.path("from"), false);
                }
                facts.put("checksum", checksum);
            }
            default -> {
                return Answer.error(404, "unknown-action");
            }
        }
        states.put(target, state);
        return Answer.succeeded(facts);
    }

    private static JsonNode read(InputStream body) throws IOException {
        try {
            JsonNode request = JSON.readTree(body.readAllBytes());
            return request != null && request.isObject() ? request : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the agent holds for a node, or for a cluster. */
    public record State(String version, boolean isolated, boolean workloadsHalted, String schemaVersion) {
    }

    /** A request as the agent saw it: the action, its Idempotency-Key and the node (or cluster) id. */
    public record Received(String action, String idempotencyKey, String target) {
    }

    private record Answer(int httpStatus, String body) {

        static Answer succeeded(Map<String, String> facts) {
            return new Answer(200, JSON.writeValueAsString(Map.of("status", "SUCCEEDED", "facts", facts)));
        }

        static Answer failed(String code, String message, boolean retryable) {
            return new Answer(200, JSON.writeValueAsString(
                    Map.of("status", "FAILED", "code", code, "message", message, "retryable", retryable)));
        }

        static Answer error(int httpStatus, String error) {
            return new Answer(httpStatus, JSON.writeValueAsString(Map.of("error", error)));
        }
    }
}
