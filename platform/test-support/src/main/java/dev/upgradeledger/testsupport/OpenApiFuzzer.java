package dev.upgradeledger.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Malformed requests generated from a service's OpenAPI document: for every operation, bad path values, broken and
 * wrongly typed bodies (each field of the request schema with a value of the wrong kind, left out, null, huge),
 * extra fields, wrong content types, wrong methods and paths that do not exist. Each {@link Case} is sent raw (the
 * JDK's HTTP client, so nothing is cleaned up on the way) and its answer kept for the test to judge.
 */
public final class OpenApiFuzzer {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final String HUGE = "x".repeat(100_000);
    /** Path values that are malformed or hostile (already URL-encoded where a raw character is not allowed). */
    public static final List<String> BAD_IDS = List.of("%00", "..", "%2e%2e", "%2f", "a%2fb", "UPPER_case",
            "-oProxyCommand=x", "%24(id)", "%60id%60", "a%20b", "%0a", "x".repeat(300), "%C3%A9t%C3%A9",
            "%F0%9F%92%A5", "%25", "null", "-1", "a;b", "%7B%7D", "%27%20OR%201=1--");

    private final String baseUrl;
    private final JsonNode document;
    private Map<String, String> bodyValues = Map.of();

    /** A generated request and, once sent, its answer. */
    public record Case(String what, String method, String path, String contentType, String body) {
    }

    public record Answer(Case request, int status, String contentType, String body) {
    }

    public OpenApiFuzzer(String baseUrl, String openApiJson) {
        this.baseUrl = baseUrl;
        this.document = JSON.readTree(openApiJson);
    }

    /**
     * Every case for every operation. {@code pathValues} gives the well-formed value of a path variable (by name) on
     * which the malformed variants are built; {@code skip} leaves out operations (by "METHOD path") not to be touched.
     */
    public List<Case> cases(Map<String, String> pathValues, java.util.function.Predicate<String> skip) {
        return cases(pathValues, Map.of(), skip);
    }

    /**
     * As {@link #cases(Map, java.util.function.Predicate)}, with {@code bodyValues} replacing the document's example
     * values of top-level body fields (such as a {@code clusterId} that already exists, so that a variant that is
     * still well-formed meets "already registered" instead of registering a cluster).
     */
    public List<Case> cases(Map<String, String> pathValues, Map<String, String> bodyValues,
                            java.util.function.Predicate<String> skip) {
        this.bodyValues = bodyValues;
        List<Case> cases = new ArrayList<>();
        JsonNode paths = document.path("paths");
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String template = entry.getKey();
            for (Iterator<Map.Entry<String, JsonNode>> ops = entry.getValue().properties().iterator(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                String method = op.getKey().toUpperCase(java.util.Locale.ROOT);
                if (!List.of("GET", "POST", "PUT", "DELETE", "PATCH").contains(method) || skip.test(method + " "
                        + template)) {
                    continue;
                }
                cases.addAll(casesOf(method, template, op.getValue(), pathValues));
            }
        }
        return cases;
    }

    private List<Case> casesOf(String method, String template, JsonNode operation, Map<String, String> values) {
        List<Case> cases = new ArrayList<>();
        String path = fill(template, values, null, null);
        JsonNode bodySchema = resolve(operation.at("/requestBody/content/application~1json/schema"));
        String validBody = bodySchema.isMissingNode() ? null : JSON.writeValueAsString(bodyExample(bodySchema));
        // bad path values, one variable at a time, with the well-formed body
        for (String variable : variables(template)) {
            for (String bad : BAD_IDS) {
                cases.add(new Case("bad " + variable + " " + bad, method, fill(template, values, variable, bad),
                        validBody == null ? null : "application/json", validBody));
            }
        }
        // bad query values
        for (JsonNode parameter : operation.path("parameters")) {
            if ("query".equals(parameter.path("in").asString(""))) {
                String name = parameter.path("name").asString();
                for (String bad : List.of("%00", "x".repeat(5000), "-1", "abc", "%7B", "2024-13-45T99:99")) {
                    cases.add(new Case("bad query " + name + "=" + bad, method, path + "?" + name + "=" + bad,
                            null, null));
                }
            }
        }
        if (!List.of("POST", "PUT", "PATCH").contains(method)) {
            cases.add(new Case("a body where none is expected", method, path, "application/json", "{\"x\":1}"));
            cases.add(new Case("trailing junk in the path", method, path + "/%00/..%2f", null, null));
            return cases;
        }
        // broken JSON and wrong content types
        for (String broken : List.of("{", "}", "[", "{\"a\":}", "{\"a\" 1}", "nul", "\"text\"", "42", "[]", "null",
                "{\"a\":\"\u0000\"", "\u00ff\u00fe", "[".repeat(5_000) + "]".repeat(5_000),
                "{\"a\":" + "[".repeat(2_000) + "]".repeat(2_000) + "}", "{'single':'quotes'}", "")) {
            cases.add(new Case("broken JSON " + abbreviate(broken), method, path, "application/json", broken));
        }
        String sample = validBody == null ? "{}" : validBody;
        for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/json; charset=ebcdic", "*/*")) {
            cases.add(new Case("content type " + type, method, path, type, sample));
        }
        cases.add(new Case("no content type", method, path, null, sample));
        cases.add(new Case("a 3 MB body", method, path, "application/json",
                "{\"padding\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}"));
        cases.add(new Case("wrong method PATCH", "PATCH", path, "application/json", sample));
        cases.add(new Case("unknown path", method, path + "/no-such-thing", "application/json", sample));
        if (bodySchema.isMissingNode() || !(bodyExample(bodySchema) instanceof ObjectNode valid)) {
            return cases;
        }
        // each field: wrong kinds, left out, null, huge; and an extra field
        for (Map.Entry<String, String> spoiled : spoilEachField(valid, resolve(bodySchema))) {
            cases.add(new Case(spoiled.getKey(), method, path, "application/json", spoiled.getValue()));
        }
        ObjectNode extra = valid.deepCopy();
        extra.put("unexpected", HUGE);
        cases.add(new Case("an extra field", method, path, "application/json", JSON.writeValueAsString(extra)));
        return cases;
    }

    /**
     * Malformed JSON values for the schema at {@code pointer} (such as {@code /components/schemas/PauseUpgrade}): its
     * well-formed example with each field spoiled in every way of {@link #cases}, as (what, JSON) pairs, each
     * passed through {@code adjust} first (to point it at a cluster, say).
     */
    public List<Map.Entry<String, String>> spoiledValues(String pointer, java.util.function.UnaryOperator<ObjectNode>
            adjust) {
        List<Map.Entry<String, String>> values = new ArrayList<>();
        JsonNode schema = resolve(document.at(pointer));
        if (!(example(schema, 0) instanceof ObjectNode example)) {
            return values;
        }
        values.addAll(spoilEachField(adjust.apply(example), schema));
        return values;
    }

    /** {@code valid} with each of the schema's fields spoiled in every way of {@link #mutations}, as (what, JSON). */
    private static List<Map.Entry<String, String>> spoilEachField(ObjectNode valid, JsonNode schema) {
        List<Map.Entry<String, String>> values = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = schema.path("properties").properties().iterator();
             fields.hasNext(); ) {
            String name = fields.next().getKey();
            for (Map.Entry<String, Function<JsonNode, JsonNode>> mutation : mutations().entrySet()) {
                ObjectNode copy = valid.deepCopy();
                JsonNode mutated = mutation.getValue().apply(copy.get(name));
                if (mutated == null) {
                    copy.remove(name);
                } else {
                    copy.set(name, mutated);
                }
                values.add(Map.entry(name + ": " + mutation.getKey(), JSON.writeValueAsString(copy)));
            }
        }
        return values;
    }

    /** Ways to spoil one field's value (null result: leave the field out). */
    private static Map<String, Function<JsonNode, JsonNode>> mutations() {
        Map<String, Function<JsonNode, JsonNode>> mutations = new LinkedHashMap<>();
        mutations.put("left out", value -> null);
        mutations.put("null", value -> NODES.nullNode());
        mutations.put("a number instead", value -> value != null && value.isNumber() ? NODES.stringNode("NaN")
                : NODES.numberNode(-9_999_999_999L));
        mutations.put("an object instead", value -> NODES.objectNode().put("nested", true));
        mutations.put("an array instead", value -> NODES.arrayNode().add(1).add("two"));
        mutations.put("a boolean instead", value -> NODES.booleanNode(true));
        mutations.put("a huge string", value -> NODES.stringNode(HUGE));
        mutations.put("shell syntax", value -> NODES.stringNode("$(reboot)`id`\n-oProxyCommand=x"));
        mutations.put("an empty string", value -> NODES.stringNode(""));
        return mutations;
    }

    /** Sends every case and answers what came back; a connection the server drops is answered as status 0. */
    public List<Answer> send(List<Case> cases, Function<Case, String> bearerToken) {
        List<Answer> answers = new ArrayList<>();
        for (Case request : cases) {
            answers.add(send(request, bearerToken.apply(request)));
        }
        return answers;
    }

    private Answer send(Case request, String token) {
        HttpRequest.BodyPublisher body = request.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(request.body());
        HttpRequest.Builder builder;
        try {
            builder = HttpRequest.newBuilder(URI.create(baseUrl + request.path()));
        } catch (IllegalArgumentException notAUri) {
            return new Answer(request, -1, "", "not sendable: " + notAUri.getMessage());
        }
        builder.method(request.method(), body).timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json, application/problem+json");
        if (request.contentType() != null) {
            builder.header("Content-Type", request.contentType());
        }
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(request, response.statusCode(), response.headers().firstValue("Content-Type")
                    .orElse(""), response.body());
        } catch (IOException e) {
            return new Answer(request, 0, "", "no answer: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode bodyExample(JsonNode schema) {
        JsonNode example = example(schema, 0);
        if (example instanceof ObjectNode object) {
            bodyValues.forEach((field, value) -> {
                if (object.has(field)) {
                    object.put(field, value);
                }
            });
        }
        return example;
    }

    /** A well-formed value for a schema: enums take their first value, strings a short word, numbers 1. */
    private JsonNode example(JsonNode schema, int depth) {
        JsonNode resolved = resolve(schema);
        if (depth > 6) {
            return NODES.nullNode();
        }
        if (resolved.has("example")) {
            return resolved.get("example");
        }
        if (resolved.has("enum")) {
            return resolved.get("enum").get(0);
        }
        for (String combinator : List.of("oneOf", "anyOf", "allOf")) {
            if (resolved.has(combinator) && !resolved.get(combinator).isEmpty()) {
                return example(resolved.get(combinator).get(0), depth + 1);
            }
        }
        String type = resolved.path("type").asString(resolved.has("properties") ? "object" : "string");
        return switch (type) {
            case "object" -> {
                ObjectNode object = NODES.objectNode();
                resolved.path("properties").properties().forEach(property ->
                        object.set(property.getKey(), example(property.getValue(), depth + 1)));
                yield object;
            }
            case "array" -> {
                ArrayNode array = NODES.arrayNode();
                array.add(example(resolved.path("items"), depth + 1));
                yield array;
            }
            case "integer", "number" -> NODES.numberNode(1);
            case "boolean" -> NODES.booleanNode(false);
            default -> NODES.stringNode("fuzz-1");
        };
    }

    private JsonNode resolve(JsonNode schema) {
        JsonNode current = schema;
        for (int hops = 0; hops < 10 && current.has("$ref"); hops++) {
            current = document.at(current.get("$ref").asString().substring(1));
        }
        return current;
    }

    private static List<String> variables(String template) {
        List<String> variables = new ArrayList<>();
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(template);
        while (matcher.find()) {
            variables.add(matcher.group(1));
        }
        return variables;
    }

    private static String fill(String template, Map<String, String> values, String variable, String bad) {
        String path = template;
        for (String name : variables(template)) {
            String value = name.equals(variable) ? bad : values.getOrDefault(name, "fuzz-" + name.toLowerCase(
                    java.util.Locale.ROOT));
            path = path.replace("{" + name + "}", value);
        }
        return path;
    }

    private static String abbreviate(String text) {
        String printable = text.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 20 ? printable.substring(0, 20) + "..." : printable;
    }

    /** The OpenAPI document of a service, read with a token. */
    public static String openApiDocument(ApiClient api) {
        ApiClient.ApiResponse answer = api.get("/v3/api-docs");
        if (answer.status() != 200) {
            throw new UncheckedIOException(new IOException("no OpenAPI document: " + answer.status()));
        }
        return answer.body();
    }
}
