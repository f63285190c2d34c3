package dev.upgradeledger.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * docs/api.md's endpoint table is checked against the OpenAPI documents (docs/openapi/, what the services serve): every
 * operation of a service's document has a row of that service naming its method and its path's last fixed segment,
 * and every path a row names is in the document. A reference that leaves an endpoint out, or keeps one the services
 * no longer have, fails here.
 */
class ApiReferenceTest {

    private static final Map<String, String> DOCUMENTS = Map.of("command-api", "command-api.json",
            "projection", "projection.json", "executor", "executor.json");
    private static final List<String> METHODS = List.of("get", "post", "put", "delete", "patch");

    private final Path repository = DeployFiles.repository();

    @Test
    void everyOperationOfTheDocumentsHasARowInTheApiReference() {
        List<String> rows = endpointRows();
        List<String> missing = new ArrayList<>();
        DOCUMENTS.forEach((service, file) -> operations(file).forEach(operation -> {
            String method = operation.split(" ", 2)[0];
            String path = operation.split(" ", 2)[1];
            String segment = lastFixedSegment(path);
            boolean covered = rows.stream().filter(row -> row.startsWith("| " + service + " "))
                    .anyMatch(row -> row.contains(method) && (row.contains("/" + segment) || row.contains("`" + segment
                            + "`")));
            if (!covered) {
                missing.add(service + ": " + operation);
            }
        }));

        assertThat(rows).hasSizeGreaterThan(20);
        assertThat(missing).as("operations of docs/openapi/ without a row in docs/api.md's endpoint table").isEmpty();
    }

    @Test
    void everyApiPathTheReferenceNamesInFullIsInItsServicesDocument() {
        List<String> unknown = new ArrayList<>();
        for (String row : endpointRows()) {
            String service = row.substring(1, row.indexOf('|', 1)).strip();
            if (!DOCUMENTS.containsKey(service)) {
                continue;
            }
            List<String> paths = operations(DOCUMENTS.get(service)).stream()
                    .map(operation -> template(operation.split(" ", 2)[1])).toList();
            java.util.regex.Matcher named = java.util.regex.Pattern
                    .compile("(?:GET|POST|PUT|DELETE|PATCH)(?:`?/`?(?:GET|POST|PUT|DELETE|PATCH))* (/(?:api|admin)/[^`\\[? ]*)")
                    .matcher(row);
            while (named.find()) {
                String path = template(named.group(1));
                if (!paths.contains(path) && paths.stream().noneMatch(known -> known.startsWith(path + "/"))) {
                    unknown.add(service + ": " + named.group(1));
                }
            }
        }

        assertThat(unknown).as("paths in docs/api.md that the service's OpenAPI document does not have").isEmpty();
    }

    /** The rows of the endpoint table ("| service | endpoint | what |"). */
    private List<String> endpointRows() {
        String reference = DeployFiles.read(repository.resolve("docs/api.md"));
        int start = reference.indexOf("### Endpoints");
        assertThat(start).as("docs/api.md has an Endpoints section").isNotNegative();
        return reference.substring(start).lines().takeWhile(line -> !line.startsWith("Register body"))
                .filter(line -> line.startsWith("| ") && !line.startsWith("| service")).toList();
    }

    /** "GET /api/v1/clusters/{clusterId}", one per operation of the document. */
    private List<String> operations(String file) {
        JsonNode document = JsonMapper.builder().build()
                .readTree(DeployFiles.read(repository.resolve("docs/openapi").resolve(file)));
        List<String> operations = new ArrayList<>();
        document.path("paths").properties().forEach(path -> METHODS.stream()
                .filter(method -> path.getValue().has(method))
                .forEach(method -> operations.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));
        assertThat(operations).as(file + " has operations").isNotEmpty();
        return operations;
    }

    private static String lastFixedSegment(String path) {
        String[] segments = path.split("/");
        for (int i = segments.length - 1; i >= 0; i--) {
            if (!segments[i].startsWith("{") && !segments[i].isEmpty()) {
                return segments[i];
            }
        }
        return "/";
    }

    /** Parameter names do not matter: {@code {id}} and {@code {clusterId}} are one place. */
    private static String template(String path) {
        return path.replaceAll("\\{[^}]*}", "{}").replaceAll("/$", "");
    }
}
