package dev.upgradeledger.testsupport;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Holds every answer a test gets through {@link ApiClient} against the OpenAPI document of the service that gave it
 * (its {@code /v3/api-docs}, read once per service), with Atlassian's swagger-request-validator, so that the
 * documents cannot drift from the code: an answer whose status is not declared, whose body does not match the
 * declared schema or whose headers break theirs is an {@link AssertionError} in the test that got it. A request the
 * service accepted (2xx) is checked too: a document that would have refused it is as wrong as one that mis-describes
 * the answer. Refused requests are not, since tests send invalid ones on purpose.
 *
 * <p>Not checked: what is not part of the API ({@code /actuator/**}, {@code /v3/api-docs/**}, {@code /contracts/**},
 * static pages, the SRE console's pages and its {@code /console/config.json}) and the answers of paths or methods the
 * document does not have, when they are the 400, 404 or 405 of an unknown path or the 401 or 403 that deny it by
 * default; a 2xx from a path the document lacks is a mismatch.
 */
final class ContractValidator {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Map<String, OpenApiInteractionValidator> VALIDATORS = new ConcurrentHashMap<>();
    private static final List<String> OUTSIDE_THE_API = List.of("/actuator", "/v3/api-docs", "/contracts/",
            "/swagger-ui", "/dashboard.html", "/favicon.ico", "/console/");
    private static final List<String> UNKNOWN_PATH = List.of("validation.request.path.missing",
            "validation.request.operation.notAllowed");

    private ContractValidator() {
    }

    /**
     * Checks one exchange; throws {@link AssertionError} naming every mismatch. {@code requestHeaders} and
     * {@code requestBody} are what was sent (body null when none).
     */
    static void check(String baseUrl, String method, URI uri, Map<String, List<String>> requestHeaders,
                      String requestBody, int status, Map<String, List<String>> responseHeaders, String responseBody) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (OUTSIDE_THE_API.stream().anyMatch(path::startsWith)) {
            return;
        }
        OpenApiInteractionValidator validator = validator(baseUrl);
        if (validator == null) {
            return;
        }
        Request.Method verb = Request.Method.valueOf(method.toUpperCase(Locale.ROOT));
        SimpleResponse.Builder response = SimpleResponse.Builder.status(status);
        responseHeaders.forEach((name, values) -> {
            if (name != null && !name.startsWith(":")) {
                response.withHeader(name, values);
            }
        });
        if (responseBody != null && !responseBody.isEmpty()) {
            response.withBody(responseBody);
        }
        ValidationReport report;
        if (status >= 200 && status < 300) {
            SimpleRequest.Builder request = new SimpleRequest.Builder(verb, path);
            requestHeaders.forEach(request::withHeader);
            if (requestBody != null && !requestBody.isEmpty()) {
                request.withBody(requestBody);
            }
            queryParameters(uri).forEach(request::withQueryParam);
            report = validator.validate(request.build(), response.build());
        } else {
            report = validator.validateResponse(path, verb, response.build());
        }
        // a path or method the API does not have: Tomcat's 400, the 404 or 405, or the 401/403 of deny-by-default
        boolean httpLevel = java.util.Set.of(400, 401, 403, 404, 405).contains(status);
        List<String> mismatches = report.getMessages().stream()
                .filter(message -> message.getLevel() == ValidationReport.Level.ERROR)
                .filter(message -> !(httpLevel && UNKNOWN_PATH.contains(message.getKey())))
                // Query parameters are read more leniently than the document says (enums in any case, a repeated
                // parameter as a list), which the validator cannot express: parameters are not held against a 2xx.
                .filter(message -> !message.getKey().startsWith("validation.request.parameter."))
                .map(message -> message.getKey() + ": " + message.getMessage())
                .toList();
        if (!mismatches.isEmpty()) {
            throw new AssertionError("The answer to " + verb + " " + uri + " (" + status + ") does not match the"
                    + " OpenAPI document of " + baseUrl + ": fix the document (or the code), not the test.\n  "
                    + String.join("\n  ", mismatches) + "\n  answer: " + abbreviate(responseBody));
        }
    }

    /** Forgets the documents read so far (a test that restarts a service with other settings). */
    static void forget(String baseUrl) {
        VALIDATORS.remove(baseUrl);
    }

    private static OpenApiInteractionValidator validator(String baseUrl) {
        OpenApiInteractionValidator known = VALIDATORS.get(baseUrl);
        if (known != null) {
            return known;
        }
        String document = document(baseUrl);
        if (document == null) {
            // The service does not answer its document right now (it is restarting, or stopped by the test): the
            // exchange at hand got no answer of the API worth holding against it either.
            return null;
        }
        OpenApiInteractionValidator validator = OpenApiInteractionValidator.createForInlineApiSpecification(document)
                .build();
        VALIDATORS.put(baseUrl, validator);
        return validator;
    }

    private static String document(String baseUrl) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/v3/api-docs"))
                .timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + TestIssuer.get().admin()).GET().build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, List<String>> queryParameters(URI uri) {
        String query = uri.getRawQuery();
        if (query == null || query.isEmpty()) {
            return Map.of();
        }
        return java.util.Arrays.stream(query.split("&")).filter(pair -> !pair.isEmpty())
                .map(pair -> pair.split("=", 2))
                .collect(Collectors.groupingBy(pair -> decode(pair[0]), java.util.LinkedHashMap::new,
                        Collectors.mapping(pair -> pair.length > 1 ? decode(pair[1]) : "", Collectors.toList())));
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    private static String abbreviate(String body) {
        if (body == null) {
            return "(none)";
        }
        return body.length() > 600 ? body.substring(0, 600) + "..." : body;
    }
}
