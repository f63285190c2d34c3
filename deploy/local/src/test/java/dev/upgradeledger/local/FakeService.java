package dev.upgradeledger.local;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** Stands in for a Spring Boot service: serves a readiness endpoint on SERVER_PORT, or fails on request. */
public final class FakeService {

    private FakeService() {
    }

    public static void main(String[] args) throws IOException {
        String failure = System.getenv("FAKE_FAILURE");
        if (failure != null) {
            System.out.println(failure);
            System.exit(3);
        }
        long readyAt = System.currentTimeMillis()
                + Long.parseLong(System.getenv().getOrDefault("FAKE_READY_DELAY_MS", "0"));
        HttpServer server = HttpServer.create(
                new InetSocketAddress("127.0.0.1", Integer.parseInt(System.getenv("SERVER_PORT"))), 0);
        server.createContext("/actuator/health/readiness", exchange -> {
            boolean ready = System.currentTimeMillis() >= readyAt;
            byte[] body = (ready ? "{\"status\":\"UP\"}" : "{\"status\":\"OUT_OF_SERVICE\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(ready ? 200 : 503, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        System.out.println("fake service listening on " + server.getAddress().getPort());
    }
}
