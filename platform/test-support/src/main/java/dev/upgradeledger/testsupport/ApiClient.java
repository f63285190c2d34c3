package dev.upgradeledger.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain HTTP client for tests against a running service: JSON in, status, headers and JSON out. It sends a bearer
 * token of {@link TestIssuer}: by default an admin's ({@code admin:*}); {@link #as(String)} sends another one, and
 * {@link #anonymous()} none. Every answer is checked against the service's OpenAPI document ({@link ContractValidator}):
 * one that does not match fails the test.
 */
public final class ApiClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;
    private final String token;

    /** A client that sends the default test admin's token. */
    public ApiClient(String baseUrl) {
        this(baseUrl, TestIssuer.get().admin());
    }

    private ApiClient(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    /** The same service, with another bearer token (see {@link TestIssuer}). */
    public ApiClient as(String bearerToken) {
        return new ApiClient(baseUrl, bearerToken);
    }

    /** The same service, with no token at all. */
    public ApiClient anonymous() {
        return new ApiClient(baseUrl, null);
    }

    public String baseUrl() {
        return baseUrl;
    }

    public ApiResponse get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET().header("Accept", "application/json, application/problem+json"), null);
    }

    /** A GET for a non-JSON resource, such as the Prometheus scrape endpoint. */
    public ApiResponse getText(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET().header("Accept", "text/plain"), null);
    }

    /** Any method, with a JSON body or none ({@code body} null). */
    public ApiResponse send(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Accept", "application/json, application/problem+json");
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return send(request, body);
    }

    public ApiResponse post(String path, String body) {
        return post(path, body, Map.of());
    }

    public ApiResponse post(String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, application/problem+json");
        headers.forEach(request::header);
        return send(request, body);
    }

    private ApiResponse send(HttpRequest.Builder builder, String body) {
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        try {
            HttpRequest request = builder.timeout(Duration.ofSeconds(60)).build();
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            ContractValidator.check(baseUrl, request.method(), request.uri(), request.headers().map(), body,
                    response.statusCode(), response.headers().map(), response.body());
            return new ApiResponse(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    public record ApiResponse(int status, String contentType, Map<String, java.util.List<String>> headers,
                              String body) {

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .flatMap(entry -> entry.getValue().stream())
                    .findFirst().orElse(null);
        }
    }
}
