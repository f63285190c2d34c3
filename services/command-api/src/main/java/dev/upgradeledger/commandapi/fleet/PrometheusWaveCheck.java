package dev.upgradeledger.commandapi.fleet;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A {@link WaveCheck} that asks Prometheus's HTTP API ({@code GET <base-url>/api/v1/query?query=...}, an instant query
 * evaluated now). The base URL comes from configuration only ({@code ledger.fleet.checks.prometheus.base-url}), never
 * from a request; the query was checked at the edge ({@code WaveGates}: length and characters) and is sent as one
 * encoded query parameter.
 *
 * <p>The query holds when Prometheus answers {@code success} with at least one sample (a filtering comparison such as
 * {@code sum(rate(errors[5m])) < 1} answers its sample when it holds and none when it does not; so a {@code bool}
 * comparison, which always answers a sample, is not a check), or with a scalar that is not 0. No sample, or a scalar
 * of 0, is {@link Verdict#FAILED}; anything else (no connection, a time-out, an error status, an answer of the wrong
 * shape) {@link Verdict#UNREACHABLE}.
 */
public class PrometheusWaveCheck implements WaveCheck {

    private static final Logger log = LoggerFactory.getLogger(PrometheusWaveCheck.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI baseUrl;
    private final RestClient http;
    private final Clock clock;

    public PrometheusWaveCheck(String baseUrl, Duration timeout, Clock clock) {
        this.baseUrl = baseUrl == null || baseUrl.isBlank() ? null : validated(baseUrl);
        this.clock = clock;
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(client);
        requests.setReadTimeout(timeout);
        this.http = RestClient.builder().requestFactory(requests).build();
    }

    private static URI validated(String baseUrl) {
        URI uri = URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getQuery() != null
                || uri.getFragment() != null || uri.getUserInfo() != null) {
            throw new IllegalArgumentException("ledger.fleet.checks.prometheus.base-url is an http(s) URL without"
                    + " credentials, query or fragment, was " + baseUrl);
        }
        return uri;
    }

    @Override
    public boolean available() {
        return baseUrl != null;
    }

    @Override
    public Result evaluate(String query) {
        if (baseUrl == null) {
            return new Result(Verdict.UNREACHABLE, null, "no Prometheus is configured"
                    + " (ledger.fleet.checks.prometheus.base-url)", clock.instant());
        }
        String answer;
        try {
            answer = http.get().uri(baseUrl + "/api/v1/query?query={query}", query).retrieve().body(String.class);
        } catch (RestClientException | IllegalArgumentException e) {
            log.warn("Wave check {} against {}: {}", query, baseUrl, e.toString());
            return new Result(Verdict.UNREACHABLE, null, "Prometheus at " + baseUrl + " did not answer: "
                    + e.getMessage(), clock.instant());
        }
        return read(answer);
    }

    private Result read(String answer) {
        JsonNode root;
        try {
            root = JSON.readTree(answer == null ? "" : answer);
        } catch (RuntimeException e) {
            return new Result(Verdict.UNREACHABLE, null, "Prometheus answered no JSON", clock.instant());
        }
        if (root == null || root.isMissingNode()) {
            return new Result(Verdict.UNREACHABLE, null, "Prometheus answered no JSON", clock.instant());
        }
        if (!"success".equals(root.path("status").asString(""))) {
            return new Result(Verdict.UNREACHABLE, null, "Prometheus answered status "
                    + root.path("status").asString("?") + ": " + root.path("error").asString(""), clock.instant());
        }
        String type = root.at("/data/resultType").asString("");
        JsonNode result = root.at("/data/result");
        switch (type) {
            case "scalar" -> {
                Double value = number(result.path(1));
                if (value == null) {
                    return new Result(Verdict.UNREACHABLE, null, "Prometheus answered a scalar without a value",
                            clock.instant());
                }
                return value != 0 ? new Result(Verdict.PASSED, value, "the query answered " + value, clock.instant())
                        : new Result(Verdict.FAILED, value, "the query answered 0", clock.instant());
            }
            case "vector" -> {
                if (!result.isArray() || result.isEmpty()) {
                    return new Result(Verdict.FAILED, null, "the query answered no sample", clock.instant());
                }
                Double first = number(result.path(0).path("value").path(1));
                if (first == null) {
                    return new Result(Verdict.UNREACHABLE, null, "Prometheus answered a sample without a value",
                            clock.instant());
                }
                return new Result(Verdict.PASSED, first, "the query answered " + result.size() + " sample(s), the"
                        + " first " + first, clock.instant());
            }
            default -> {
                return new Result(Verdict.UNREACHABLE, null, "Prometheus answered a " + type + " result; a check is"
                        + " an instant vector or a scalar", clock.instant());
            }
        }
    }

    private static Double number(JsonNode value) {
        if (value == null || !value.isString()) {
            return null;
        }
        try {
            double parsed = Double.parseDouble(value.asString());
            return Double.isNaN(parsed) ? null : parsed;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
