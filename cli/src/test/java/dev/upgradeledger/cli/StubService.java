package dev.upgradeledger.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A canned HTTP service for unit tests: answers per "METHOD path" (or "METHOD path?query": a request with a query and no
 * answer of its own gets its path's) in order (the last one repeats), records requests.
 */
final class StubService implements AutoCloseable {

    record Answer(int status, String contentType, String body) {
    }

    record Request(String method, String pathAndQuery, Map<String, List<String>> headers, String body) {

        String header(String name) {
            return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .flatMap(entry -> entry.getValue().stream()).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final Map<String, Deque<Answer>> answers = new HashMap<>();
    private final List<Request> requests = new ArrayList<>();

    StubService() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String key = exchange.getRequestMethod() + " " + exchange.getRequestURI();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Answer answer;
            synchronized (this) {
                requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                        exchange.getRequestHeaders(), body));
                Deque<Answer> queue = answers.get(key);
                if (queue == null && exchange.getRequestURI().getRawQuery() != null) {
                    // a request with a query and no answer of its own gets its path's
                    queue = answers.get(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath());
                }
                answer = queue == null ? new Answer(404, "application/problem+json",
                        "{\"type\":\"urn:upgrade-ledger:problem:not-found\",\"title\":\"Not Found\",\"status\":404,"
                                + "\"detail\":\"no stub for " + key + "\"}")
                        : queue.size() > 1 ? queue.poll() : queue.peek();
            }
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", answer.contentType());
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        server.start();
    }

    StubService answer(String methodAndPath, int status, String json) {
        answers.computeIfAbsent(methodAndPath, key -> new ArrayDeque<>()).add(new Answer(status,
                status >= 400 ? "application/problem+json" : "application/json", json));
        return this;
    }

    /** A server-sent event stream answered at once, whole, then closed (the client sees the stream end). */
    StubService events(String methodAndPath, String stream) {
        answers.computeIfAbsent(methodAndPath, key -> new ArrayDeque<>()).add(new Answer(200, "text/event-stream",
                stream));
        return this;
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** All three services at this stub. */
    Map<String, String> env() {
        return Map.of("LEDGER_SERVER", url(), "LEDGER_PROJECTION_SERVER", url(), "LEDGER_EXECUTOR_SERVER", url(),
                "HOME", "/nonexistent", "USER", "sre-alice");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
