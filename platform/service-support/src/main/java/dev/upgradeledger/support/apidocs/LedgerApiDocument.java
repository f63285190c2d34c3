package dev.upgradeledger.support.apidocs;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.OAuthFlow;
import io.swagger.v3.oas.models.security.OAuthFlows;
import io.swagger.v3.oas.models.security.Scopes;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import java.util.Locale;

/**
 * What a client generator needs beyond what springdoc derives: a title and version that name the service, a summary on
 * every operation, every error answer as {@code application/problem+json} with one {@code Problem} schema, the
 * problems any operation may answer (400 for a bad parameter or body, 404 for an unknown id, 500), the headers of
 * command-api ({@code Idempotency-Key}, {@code X-Correlation-Id}), a schema on every response header, and the
 * security schemes every operation needs (a bearer JWT, got with OAuth2 client credentials from the issuer's token
 * URL) with their 401 and 403 problems. Actuator's health, the one thing open without a token, is not in the document.
 */
final class LedgerApiDocument {

    static final String PROBLEM_JSON = "application/problem+json";
    static final String PROBLEM = "Problem";
    private static final String PROBLEM_REF = "#/components/schemas/" + PROBLEM;

    static final String BEARER = "bearerJwt";
    static final String OAUTH2 = "oauth2ClientCredentials";

    private final String service;
    private final String version;
    private final String tokenUrl;

    LedgerApiDocument(String service, String version, String tokenUrl) {
        this.service = service;
        this.version = version;
        this.tokenUrl = tokenUrl;
    }

    void complete(OpenAPI openApi) {
        openApi.info(new Info().title("Upgrade Ledger " + service + " API").version(version)
                .description(description()));
        if (openApi.getComponents() == null) {
            openApi.components(new io.swagger.v3.oas.models.Components());
        }
        openApi.getComponents().addSchemas(PROBLEM, problemSchema());
        openApi.getComponents().addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                .scheme("bearer").bearerFormat("JWT").description("A JWT of the configured OpenID issuer, sent as"
                        + " Authorization: Bearer; its grants (viewer, operator, admin, executor, per cluster or"
                        + " product) decide what it may do"));
        openApi.getComponents().addSecuritySchemes(OAUTH2, new SecurityScheme().type(SecurityScheme.Type.OAUTH2)
                .description("The same JWT, got from the issuer with OAuth2 client credentials")
                .flows(new OAuthFlows().clientCredentials(new OAuthFlow().tokenUrl(tokenUrl).scopes(new Scopes()))));
        // Either scheme: they are one token, however the client got it.
        openApi.security(List.of(new SecurityRequirement().addList(BEARER), new SecurityRequirement().addList(OAUTH2)));
        if (openApi.getPaths() == null) {
            return;
        }
        // Spring's error dispatch, not an API: it answers what the handlers above it decided.
        openApi.getPaths().remove("/error");
        openApi.getPaths().forEach((path, item) -> item.readOperationsMap()
                .forEach((method, operation) -> complete(path, method, operation)));
        // Spring's own problem type, which springdoc adds for the exception handlers: every problem is Problem here.
        if (!io.swagger.v3.core.util.Json.pretty(openApi).contains("#/components/schemas/ProblemDetail\"")) {
            openApi.getComponents().getSchemas().remove("ProblemDetail");
        }
        openApi.getComponents().getSchemas().values().forEach(LedgerApiDocument::stringExamplesAsStrings);
    }

    /** {@code @Schema(example = "7.5")} on a string comes out as the number 7.5: a string's example is a string. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void stringExamplesAsStrings(Schema schema) {
        if (schema.getExample() instanceof Number number && ("string".equals(schema.getType())
                || (schema.getTypes() != null && schema.getTypes().contains("string")))) {
            schema.setExample(number.toString());
        }
        if (schema.getProperties() != null) {
            ((java.util.Map<String, Schema>) schema.getProperties()).values()
                    .forEach(LedgerApiDocument::stringExamplesAsStrings);
        }
        if (schema.getItems() != null) {
            stringExamplesAsStrings(schema.getItems());
        }
    }

    private void complete(String path, PathItem.HttpMethod method, Operation operation) {
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        operation.setResponses(responses);
        boolean takesInput = operation.getRequestBody() != null
                || (operation.getParameters() != null && !operation.getParameters().isEmpty());
        if (takesInput) {
            responses.putIfAbsent("400", problem("A parameter or the body breaks a rule (invalid-request), or the body"
                    + " is not the expected JSON (malformed-request)"));
        }
        if (path.contains("{")) {
            responses.putIfAbsent("404", problem("Nothing is known by that id (for example cluster-not-found)"));
        }
        boolean command = "command-api".equals(service) && path.startsWith("/api/v1/")
                && method != PathItem.HttpMethod.GET;
        if (command) {
            responses.putIfAbsent("409", problem("The cluster refuses the command in its current state; rule names"
                    + " the rule (for example upgrade-in-progress, cluster-already-registered)"));
            responses.putIfAbsent("422", problem("An Idempotency-Key sent again with another request"
                    + " (idempotency-key-reused), or an upgrade the version policy refuses (upgrade-rejected)"));
            addHeader(operation, "Idempotency-Key", "A repeat with this key (1-200 of A-Za-z0-9._:-) gets the"
                    + " first answer, with Idempotent-Replayed: true, and changes nothing", "^[A-Za-z0-9._:-]{1,200}$");
            addHeader(operation, "X-Actor", "Who acts; recorded on every event the command causes", null);
            addHeader(operation, "X-Correlation-Id", "Recorded on every event the command causes and echoed;"
                    + " generated when absent", null);
        }
        if ("projection".equals(service) && path.startsWith("/admin/") && method != PathItem.HttpMethod.GET) {
            responses.putIfAbsent("409", problem("Another snapshot, recovery or rebuild is running"
                    + " (operation-in-progress), or the records a replay needs are gone (replay-source-incomplete,"
                    + " no-usable-snapshot)"));
        }
        responses.putIfAbsent("401", problem("No token, or one that is expired, forged or from another issuer"
                + " (unauthenticated); the answer carries WWW-Authenticate: Bearer"));
        responses.putIfAbsent("403", problem("The token's grants do not allow this request (forbidden)"));
        if (responses.get("401").getHeaders() == null || !responses.get("401").getHeaders()
                .containsKey("WWW-Authenticate")) {
            responses.get("401").addHeaderObject("WWW-Authenticate", new Header().description("Bearer, with the"
                    + " error when a token was sent (RFC 6750)").schema(new StringSchema()));
        }
        if (operation.getRequestBody() != null) {
            responses.putIfAbsent("413", problem("The body is larger than ledger.http.max-body-size"
                    + " (payload-too-large)"));
            responses.putIfAbsent("415", problem("The body is not application/json (unsupported-media-type)"));
        }
        responses.putIfAbsent("503", problem("The database cannot be reached right now (service-unavailable), or"
                + " the projection's read models are being recovered (read-models-recovering); retry after"
                + " Retry-After seconds"));
        if (responses.get("503").getHeaders() == null || !responses.get("503").getHeaders()
                .containsKey("Retry-After")) {
            responses.get("503").addHeaderObject("Retry-After", new Header().description("seconds to wait before"
                    + " trying again").schema(new IntegerSchema()));
        }
        responses.putIfAbsent("406", problem("The Accept header allows neither JSON nor problem+json"
                + " (not-acceptable)"));
        responses.putIfAbsent("500", problem("A bug: detail carries a reference that is in the log"
                + " (internal-error)"));
        responses.forEach((status, response) -> {
            if (status.startsWith("4") || status.startsWith("5")) {
                response.setContent(new Content().addMediaType(PROBLEM_JSON,
                        new MediaType().schema(new Schema<>().$ref(PROBLEM_REF))));
            }
            if (response.getHeaders() != null) {
                response.getHeaders().values().stream().filter(header -> header.getSchema() == null
                        && header.get$ref() == null).forEach(header -> header.setSchema(new StringSchema()));
            }
            if (response.getDescription() == null || response.getDescription().isBlank()) {
                response.setDescription(status.startsWith("2") ? "Done" : "A problem (RFC 9457)");
            }
        });
    }

    private static void addHeader(Operation operation, String name, String description, String pattern) {
        boolean present = operation.getParameters() != null && operation.getParameters().stream()
                .anyMatch(parameter -> "header".equals(parameter.getIn()) && name.equalsIgnoreCase(parameter.getName()));
        if (!present) {
            StringSchema schema = new StringSchema();
            if (pattern != null) {
                schema.pattern(pattern);
            }
            Parameter parameter = new HeaderParameter().name(name).required(false).description(description)
                    .schema(schema);
            operation.addParametersItem(parameter);
        }
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse().description(description);
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema<?> problemSchema() {
        ObjectSchema schema = new ObjectSchema();
        schema.description("An RFC 9457 problem. type is urn:upgrade-ledger:problem:<slug>, stable; detail says why in"
                + " words for people; rule (and for upgrade-rejected allowedPath) say it for programs.");
        schema.addProperty("type", new StringSchema().description("urn:upgrade-ledger:problem:<slug>"));
        schema.addProperty("title", new StringSchema());
        schema.addProperty("status", new IntegerSchema().format("int32"));
        schema.addProperty("detail", new StringSchema());
        schema.addProperty("instance", new StringSchema());
        schema.addProperty("rule", new StringSchema().description("the rule the request breaks"));
        schema.addProperty("allowedPath", new ArraySchema().items(new StringSchema())
                .description("upgrade-rejected: the shortest allowed path of versions, empty when there is none"));
        schema.additionalProperties(Boolean.TRUE);
        schema.required(List.of("type", "title", "status"));
        return schema;
    }

    private String description() {
        return switch (service) {
            case "command-api" -> "Commands of the Upgrade Ledger: register clusters, request upgrades, report step"
                    + " outcomes, pause, resume, abort, roll back, finalize; the publisher's admin. Every refusal is"
                    + " application/problem+json with a stable type.";
            case "projection" -> "Read models of the Upgrade Ledger: clusters, nodes, upgrade progress, history, the"
                    + " live stream, time travel and diagnosis; snapshots, recovery and rebuilds (admin).";
            case "executor" -> "The Upgrade Ledger's executor: the steps it performed, its cursors, the simulated"
                    + " fleet and its fault injection.";
            default -> "Part of the Upgrade Ledger.";
        };
    }

    /** {@code takeSnapshot} -> {@code Take snapshot}. */
    static String sentence(String methodName) {
        String words = methodName.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
        return words.isEmpty() ? methodName : Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
