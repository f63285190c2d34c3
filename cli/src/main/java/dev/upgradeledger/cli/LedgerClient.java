package dev.upgradeledger.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The three services' REST APIs over HTTP: JSON in, JSON out, an error status becomes a {@link ProblemException}.
 * Sends {@code X-Actor}, a fresh {@code X-Correlation-Id} per invocation, and {@code Authorization: Bearer} when a
 * token is set.
 */
final class LedgerClient {

    enum Service {
        COMMAND_API("command-api"), PROJECTION("projection"), EXECUTOR("executor");

        final String label;

        Service(String label) {
            this.label = label;
        }
    }

    /** A 2xx answer: its status, headers and JSON body (a null node when empty). */
    record Reply(int status, Map<String, List<String>> headers, JsonNode body) {

        String header(String name) {
            return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .flatMap(entry -> entry.getValue().stream()).findFirst().orElse(null);
        }
    }

    private static final String VERSION = version();

    private final Settings settings;
    private final String correlationId = "ledger-cli-" + UUID.randomUUID();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    LedgerClient(Settings settings) {
        this.settings = settings;
    }

    Reply get(Service service, String path) {
        return send(service, "GET", path, null, Map.of());
    }

    Reply post(Service service, String path, JsonNode body) {
        return post(service, path, body, Map.of());
    }

    Reply post(Service service, String path, JsonNode body, Map<String, String> headers) {
        return send(service, "POST", path, body, headers);
    }

    Reply put(Service service, String path, JsonNode body) {
        return send(service, "PUT", path, body, Map.of());
    }

    Reply delete(Service service, String path) {
        return send(service, "DELETE", path, null, Map.of());
    }

    /**
     * Opens a server-sent event stream ({@code text/event-stream}) and answers its lines as they come; resumes after
     * {@code lastEventId} when not null. An error status becomes a {@link ProblemException}.
     */
    java.util.stream.Stream<String> stream(Service service, String path, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base(service) + path))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "text/event-stream, application/problem+json")
                .header("User-Agent", "ledger-cli/" + VERSION)
                .header("X-Correlation-Id", correlationId)
                .GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        if (settings.token() != null) {
            request.header("Authorization", "Bearer " + settings.token());
        }
        HttpResponse<java.util.stream.Stream<String>> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            throw new UnreachableException(service.label, base(service), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (response.statusCode() >= 400) {
            String body;
            try (java.util.stream.Stream<String> lines = response.body()) {
                body = String.join("\n", lines.toList());
            }
            throw new ProblemException(service.label, response.statusCode(), parse(body), body);
        }
        return response.body();
    }

    URI base(Service service) {
        return switch (service) {
            case COMMAND_API -> settings.server();
            case PROJECTION -> settings.projectionServer();
            case EXECUTOR -> settings.executorServer();
        };
    }

    private Reply send(Service service, String method, String path, JsonNode body, Map<String, String> headers) {
        URI url = URI.create(base(service) + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json, application/problem+json")
                .header("User-Agent", "ledger-cli/" + VERSION)
                .header("X-Correlation-Id", correlationId)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (settings.actor() != null) {
            request.header("X-Actor", settings.actor());
        }
        if (settings.token() != null) {
            request.header("Authorization", "Bearer " + settings.token());
        }
        headers.forEach(request::header);
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new UnreachableException(service.label, base(service), e);
        } catch (IOException e) {
            throw new UnreachableException(service.label, base(service), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        JsonNode json = parse(response.body());
        if (response.statusCode() >= 400) {
            throw new ProblemException(service.label, response.statusCode(), json, response.body());
        }
        return new Reply(response.statusCode(), response.headers().map(), json);
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }

    private static String version() {
        String version = LedgerClient.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
