package dev.upgradeledger.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for Prometheus's HTTP API in the test JVM: {@code GET /api/v1/query?query=...} answers what a test set
 * for that query ({@link #answer}), in Prometheus's response format; a query nobody set answers 503. Services under
 * test reach it through {@code ledger.fleet.checks.prometheus.base-url} ({@link LedgerInfrastructureConfiguration}).
 * Tests use queries of their own (e.g. naming a unique label), so they do not meet each other's answers.
 */
public final class TestPrometheus {

    private static TestPrometheus instance;

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<String> queries = new CopyOnWriteArrayList<>();

    private record Answer(int status, String body) {
    }

    private TestPrometheus() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/api/v1/query", this::query);
        server.setExecutor(null);
        server.start();
    }

    public static synchronized TestPrometheus get() {
        if (instance == null) {
            instance = new TestPrometheus();
        }
        return instance;
    }

    /** The base URL, as {@code ledger.fleet.checks.prometheus.base-url} takes it. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** From now on, {@code query} answers an instant vector of one sample of {@code value}. */
    public void holds(String query, double value) {
        answer(query, 200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},"
                + "\"value\":[" + System.currentTimeMillis() / 1000.0 + ",\"" + value + "\"]}]}}");
    }

    /** From now on, {@code query} answers an empty instant vector: a filtering comparison that does not hold. */
    public void fails(String query) {
        answer(query, 200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}");
    }

    /** From now on, {@code query} answers this status and body. */
    public void answer(String query, int status, String body) {
        answers.put(query, new Answer(status, body));
    }

    /** Every query asked so far, in order. */
    public List<String> queries() {
        return List.copyOf(queries);
    }

    private void query(HttpExchange exchange) throws IOException {
        String raw = exchange.getRequestURI().getRawQuery();
        String query = null;
        for (String parameter : raw == null ? new String[0] : raw.split("&")) {
            if (parameter.startsWith("query=")) {
                query = URLDecoder.decode(parameter.substring(6), StandardCharsets.UTF_8);
            }
        }
        if (query != null) {
            queries.add(query);
        }
        Answer answer = query == null ? null : answers.get(query);
        if (answer == null) {
            answer = new Answer(503, "{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"no answer set"
                    + " for this query\"}");
        }
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
