package dev.upgradeledger.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import dev.upgradeledger.testsupport.ApiClient;
import dev.upgradeledger.testsupport.ApiClient.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI documents the three services publish are ones a client generator can trust: they parse without a
 * message, every operation has a summary and an id and declares its problem answers, every header has a schema, every
 * reference resolves; and real answers of each service, successes and problems, match its document.
 */
class ApiContractsIT {

    private static final Logger log = LoggerFactory.getLogger(ApiContractsIT.class);
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    private static final ObjectWriter PRETTY = JsonMapper.builder().build().writer().with(new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n")));

    private static Map<String, ApiClient> clients;

    @BeforeAll
    static void startServices() throws Exception {
        ThreeServices services = ThreeServices.get();
        clients = Map.of(
                "command-api", new ApiClient(services.commandApi.baseUrl().toString()),
                "projection", new ApiClient(services.projection.baseUrl().toString()),
                "executor", new ApiClient(services.executor.baseUrl().toString()));
    }

    @Test
    void everyServicesDocumentNamesItselfAndDeclaresSummariesProblemsAndHeaderSchemas() {
        for (Map.Entry<String, ApiClient> service : clients.entrySet()) {
            String text = service.getValue().get("/v3/api-docs").body();
            JsonNode document = ApiClient.json(text);
            List<String> findings = new ArrayList<>();

            SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(text);
            findings.addAll(parsed.getMessages());
            if (!document.at("/info/title").asString().equals("Upgrade Ledger " + service.getKey() + " API")
                    || document.at("/info/version").asString().equals("v0")) {
                findings.add("info: " + document.get("info"));
            }
            document.get("paths").properties().forEach(path -> path.getValue().properties().stream()
                    .filter(method -> METHODS.contains(method.getKey())).forEach(method -> {
                        String where = method.getKey().toUpperCase() + " " + path.getKey();
                        JsonNode operation = method.getValue();
                        if (operation.path("summary").asString("").isBlank()) {
                            findings.add(where + ": no summary");
                        }
                        if (operation.path("operationId").asString("").isBlank()) {
                            findings.add(where + ": no operationId");
                        }
                        boolean problem = operation.path("responses").properties().stream()
                                .anyMatch(response -> response.getKey().startsWith("4") && response.getValue()
                                        .at("/content/application~1problem+json/schema").isObject());
                        if (!problem) {
                            findings.add(where + ": no 4xx application/problem+json response");
                        }
                        operation.path("responses").properties().forEach(response -> response.getValue()
                                .path("headers").properties().forEach(header -> {
                                    if (!header.getValue().has("schema") && !header.getValue().has("$ref")) {
                                        findings.add(where + " " + response.getKey() + ": header " + header.getKey()
                                                + " has no schema");
                                    }
                                }));
                    }));
            java.util.Collection<String> schemas = document.at("/components/schemas").propertyNames();
            references(document).stream().filter(ref -> ref.startsWith("#/components/schemas/"))
                    .filter(ref -> !schemas.contains(ref.substring("#/components/schemas/".length())))
                    .forEach(ref -> findings.add("unresolved " + ref));

            log.info("{}: {} operations, findings {}", service.getKey(), document.get("paths").size(), findings);
            assertThat(findings).as(service.getKey() + "'s /v3/api-docs").isEmpty();
        }
    }

    @Test
    void realAnswersOfEveryServiceMatchItsDocument() {
        Map<String, OpenApiInteractionValidator> validators = clients.entrySet().stream().collect(Collectors.toMap(
                Map.Entry::getKey, service -> OpenApiInteractionValidator.createForInlineApiSpecification(
                        service.getValue().get("/v3/api-docs").body()).build()));
        List<String> mismatches = new ArrayList<>();
        String cluster = "contract-" + UUID.randomUUID().toString().substring(0, 8);
        String registration = """
                {"clusterId":"%s","product":"camunda","version":"7.5",
                 "nodes":[{"id":"engine-1","address":"10.0.0.1:8080","group":"zone-a"},
                          {"id":"engine-2","address":"10.0.0.2:8080","group":"zone-b"}],
                 "catalog":{"lines":[{"name":"7.4","versions":["7.4"]},{"name":"7.5","versions":["7.5"]},
                                     {"name":"7.6","versions":["7.6"]}],
                            "rules":{"consecutiveWithinLine":false,"noRollingAcrossLines":false}}}""".formatted(cluster);
        String upgrades = "/api/v1/clusters/" + cluster + "/upgrades";
        Contract contract = new Contract(validators, mismatches);

        contract.post("command-api", "/api/v1/clusters", registration, 201);
        contract.post("command-api", "/api/v1/clusters", registration, 409);
        contract.post("command-api", "/api/v1/clusters", "{\"clusterId\":\"Bad Id\"}", 400);
        contract.post("command-api", upgrades, "{\"targetVersion\":\"7.6\",\"strategy\":\"ROLLING\","
                + "\"maxUnavailable\":\"1\",\"dryRun\":true}", 200);
        contract.post("command-api", upgrades, "{\"targetVersion\":\"7.4\",\"strategy\":\"OFFLINE\"}", 422);
        contract.post("command-api", upgrades, "{\"upgradeId\":\"u-1\",\"targetVersion\":\"7.6\","
                + "\"strategy\":\"ROLLING\",\"maxUnavailable\":\"1\"}", 201);
        contract.post("command-api", upgrades + "/u-1/finalize", "", 409);
        contract.get("command-api", "/api/v1/admin/publisher", 200);

        await().atMost(Duration.ofSeconds(90)).until(() -> clients.get("projection")
                .get("/api/v1/clusters/" + cluster).json().at("/cluster/upgrade/status").asString("")
                .equals("COMPLETED"));
        contract.get("projection", "/api/v1/clusters", 200);
        contract.get("projection", "/api/v1/clusters?limit=1", 200);
        contract.get("projection", "/api/v1/clusters?status=SIDEWAYS", 400);
        contract.get("projection", "/api/v1/clusters/" + cluster, 200);
        contract.get("projection", "/api/v1/clusters/" + cluster + "/nodes", 200);
        contract.get("projection", "/api/v1/clusters/no-such-cluster", 404);
        contract.get("projection", upgrades, 200);
        contract.get("projection", upgrades + "/u-1", 200);
        contract.get("projection", "/api/v1/upgrades/u-1?clusterId=" + cluster, 200);
        contract.get("projection", "/api/v1/upgrades/u-1/diagnosis?clusterId=" + cluster, 200);
        contract.get("projection", "/api/v1/clusters/" + cluster + "/history?limit=5", 200);
        contract.get("projection", "/api/v1/clusters/" + cluster + "/state?sequence=1", 200);
        contract.get("projection", "/api/v1/clusters/" + cluster + "/state?at=" + Instant.EPOCH, 404);
        contract.get("projection", "/admin/v1/checksum", 200);

        contract.get("executor", "/api/v1/steps?clusterId=" + cluster, 200);
        contract.get("executor", "/api/v1/cursors/" + cluster, 200);
        contract.get("executor", "/api/v1/simulated/clusters/" + cluster, 200);
        contract.get("executor", "/api/v1/simulated/faults", 200);

        assertThat(mismatches).as("answers that do not match their service's OpenAPI document").isEmpty();
    }

    @Test
    void everyServiceServesTheCheckedInAsyncApiDocumentOfTheTopics() throws Exception {
        JsonNode checkedIn = ApiClient.json(java.nio.file.Files.readString(java.nio.file.Path.of(
                System.getProperty("ledger.asyncapi", "../shared-events/src/main/resources/META-INF/resources/"
                        + "contracts/asyncapi.json"))));
        for (Map.Entry<String, ApiClient> service : clients.entrySet()) {
            ApiResponse served = service.getValue().get("/contracts/asyncapi.json");
            assertThat(served.status()).as(service.getKey()).isEqualTo(200);
            assertThat(served.json()).as(service.getKey()).isEqualTo(checkedIn);
        }
        assertThat(checkedIn.at("/channels/events/address").asString()).isEqualTo("ledger.events");
    }

    /**
     * The documents the linters read ({@code deploy/checks}, {@code ApiDocumentsLintTest}) are checked in under
     * {@code docs/openapi/}: each is what its service serves, with the server and the token URL of the local stack
     * (the test's are on random ports). Regenerate them with {@code -Dledger.contracts.write=true}.
     */
    @Test
    void theCheckedInOpenApiDocumentsAreTheOnesTheServicesServe() throws Exception {
        Map<String, String> localStack = Map.of("command-api", "http://127.0.0.1:8080",
                "projection", "http://127.0.0.1:8081", "executor", "http://127.0.0.1:8082");
        Path folder = Path.of(System.getProperty("ledger.openapi.dir", "../docs/openapi"));
        List<String> stale = new ArrayList<>();
        for (Map.Entry<String, ApiClient> service : clients.entrySet()) {
            ObjectNode served = (ObjectNode) service.getValue().get("/v3/api-docs").json();
            served.putArray("servers").addObject().put("url", localStack.get(service.getKey()))
                    .put("description", "the local stack (deploy/local/run)");
            ((ObjectNode) served.at("/components/securitySchemes/oauth2ClientCredentials/flows/clientCredentials"))
                    .put("tokenUrl", "http://127.0.0.1:9000/oauth2/token");
            Path file = folder.resolve(service.getKey() + ".json");
            if (Boolean.getBoolean("ledger.contracts.write")) {
                Files.createDirectories(folder);
                Files.writeString(file, PRETTY.writeValueAsString(served) + "\n");
            }
            if (!Files.exists(file) || !ApiClient.json(Files.readString(file)).equals(served)) {
                stale.add(file.toString());
            }
        }
        assertThat(stale).as("stale OpenAPI documents: regenerate them with ./mvnw -pl system-tests -am verify"
                + " -Dit.test=ApiContractsIT -Dledger.contracts.write=true").isEmpty();
    }

    /** Calls a service and checks the answer's status and its match with the service's document. */
    private record Contract(Map<String, OpenApiInteractionValidator> validators, List<String> mismatches) {

        void get(String service, String pathAndQuery, int status) {
            check(service, Request.Method.GET, pathAndQuery, clients.get(service).get(pathAndQuery), status);
        }

        void post(String service, String path, String body, int status) {
            check(service, Request.Method.POST, path, clients.get(service).post(path, body), status);
        }

        private void check(String service, Request.Method method, String pathAndQuery, ApiResponse response,
                           int status) {
            assertThat(response.status()).as(method + " " + pathAndQuery + ": " + response.body()).isEqualTo(status);
            String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?'))
                    : pathAndQuery;
            SimpleResponse.Builder answer = SimpleResponse.Builder.status(response.status())
                    .withContentType(response.contentType());
            if (!response.body().isEmpty()) {
                answer.withBody(response.body());
            }
            ValidationReport report = validators.get(service).validateResponse(path, method, answer.build());
            report.getMessages().stream().filter(message -> message.getLevel() == ValidationReport.Level.ERROR)
                    .forEach(message -> mismatches.add(service + " " + method + " " + pathAndQuery + " "
                            + response.status() + ": " + message.getMessage()));
        }
    }

    private static List<String> references(JsonNode node) {
        List<String> references = new ArrayList<>();
        if (node.isObject()) {
            node.properties().forEach(field -> {
                if (field.getKey().equals("$ref") && field.getValue().isString()) {
                    references.add(field.getValue().asString());
                } else {
                    references.addAll(references(field.getValue()));
                }
            });
        } else if (node.isArray()) {
            node.forEach(item -> references.addAll(references(item)));
        }
        return references;
    }
}
