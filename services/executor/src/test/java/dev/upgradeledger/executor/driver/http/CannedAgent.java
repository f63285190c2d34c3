package dev.upgradeledger.executor.driver.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A misbehaving agent for tests: answers every request with the same status and body, after a delay. */
final class CannedAgent implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile HttpExchange lastExchange;
    private volatile String lastBody;
    private final int status;
    private final byte[] body;
    private final Duration delay;

    private CannedAgent(int status, String body, Duration delay) throws IOException {
        this.status = status;
        this.body = body.getBytes(StandardCharsets.UTF_8);
        this.delay = delay;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    static CannedAgent answering(int status, String body) throws IOException {
        return new CannedAgent(status, body, Duration.ZERO);
    }

    static CannedAgent answeringAfter(Duration delay, int status, String body) throws IOException {
        return new CannedAgent(status, body, delay);
    }

    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    int requests() {
        return requests.get();
    }

    /** The body of the last request. */
    String lastBody() {
        return lastBody;
    }

    /** A header of the last request, or null. */
    String lastHeader(String name) {
        return lastExchange.getRequestHeaders().getFirst(name);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        lastBody = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        lastExchange = exchange;
        requests.incrementAndGet();
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.close();
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream response = exchange.getResponseBody()) {
            response.write(body);
        }
    }
}
