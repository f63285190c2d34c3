package dev.upgradeledger.commandapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.events.CommandEnvelope;
import dev.upgradeledger.events.CommandResult;
import dev.upgradeledger.events.DeclareProductProfile;
import dev.upgradeledger.events.LedgerTopics;
import dev.upgradeledger.events.ProductCommand;
import dev.upgradeledger.local.KafkaAccess;
import dev.upgradeledger.support.envelope.CommandCodec;
import dev.upgradeledger.testsupport.ApiClient;
import dev.upgradeledger.testsupport.ApiClient.ApiResponse;
import dev.upgradeledger.testsupport.LedgerInfrastructure;
import dev.upgradeledger.testsupport.LedgerIntegrationTest;
import dev.upgradeledger.testsupport.ServiceIntegrationTest;
import dev.upgradeledger.testsupport.TestIssuer;
import dev.upgradeledger.testsupport.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Product profiles versioned by events, on the real stack: declared over REST and over Kafka with the same shape and
 * checks, each change a new version with its actor and reason, a resent command changing nothing; a cluster without a
 * catalog of its own is held to its product's catalog from the next plan on, and the plan names the version it used.
 */
@LedgerIntegrationTest
class ProductProfilesIT extends ServiceIntegrationTest {

    @Autowired
    JdbcClient jdbc;

    private final CommandCodec codec = new CommandCodec();

    @Test
    void aDeclaredCatalogHoldsTheProductsClustersFromTheNextPlanOnAndThePlanNamesTheVersion() {
        String product = uniqueProduct();
        String clusterId = register(product, "1.0");
        // the built-in-free product has no profile: by the version scheme alone 1.0 -> 2.0 is one hop
        assertThat(api.post(upgrades(clusterId), dryRun("2.0")).status()).isEqualTo(200);

        ApiResponse declared = as("operator:product/" + product).send("PUT", "/api/v1/products/" + product,
                declaration(catalog("1.0", "1.1", "2.0"), "first profile of " + product, null));
        assertThat(declared.status()).as(declared.body()).isEqualTo(200);
        assertThat(declared.json().get("version").asLong()).isEqualTo(1);
        assertThat(declared.json().get("changed").asBoolean()).isTrue();

        ApiResponse skipping = api.post(upgrades(clusterId), dryRun("2.0"));
        assertThat(skipping.status()).as(skipping.body()).isEqualTo(422);
        assertThat(skipping.json().get("rule").asString()).isEqualTo("no-line-skipping");
        assertThat(skipping.json().get("allowedPath").toString()).contains("1.1");

        ApiResponse started = api.post(upgrades(clusterId), "{\"upgradeId\":\"u-1\",\"targetVersion\":\"1.1\","
                + "\"strategy\":\"OFFLINE\"}");
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        JsonNode profile = plannedProfile(clusterId);
        assertThat(profile.get("product").asString()).isEqualTo(product);
        assertThat(profile.get("version").asLong()).isEqualTo(1);
        assertThat(profile.get("catalogSource").asString()).isEqualTo("PRODUCT");
    }

    @Test
    void versionsRecordWhoAndWhyAnEqualDeclarationChangesNothingAndAStaleOneIsRefused() {
        String product = uniqueProduct();
        ApiClient operator = as("operator:product/" + product);
        assertThat(operator.send("PUT", "/api/v1/products/" + product,
                declaration(catalog("1.0", "1.1"), "first", null)).status()).isEqualTo(200);
        ApiResponse second = operator.send("PUT", "/api/v1/products/" + product,
                declaration(catalog("1.0", "1.1", "1.2"), "1.2 released", 1L));
        assertThat(second.json().get("version").asLong()).as(second.body()).isEqualTo(2);

        ApiResponse again = operator.send("PUT", "/api/v1/products/" + product,
                declaration(catalog("1.0", "1.1", "1.2"), "sent twice", null));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("version").asLong()).isEqualTo(2);
        assertThat(again.json().get("changed").asBoolean()).isFalse();

        ApiResponse stale = operator.send("PUT", "/api/v1/products/" + product,
                declaration(catalog("1.0"), "from an old copy", 1L));
        assertThat(stale.status()).as(stale.body()).isEqualTo(409);
        assertThat(stale.contentType()).contains("application/problem+json");
        assertThat(stale.json().get("type").asString())
                .isEqualTo("urn:upgrade-ledger:problem:profile-version-conflict");
        assertThat(stale.json().get("wayOut").asString()).contains("/versions/2");

        JsonNode versions = api.get("/api/v1/products/" + product + "/versions").json();
        assertThat(versions.get("current").asLong()).isEqualTo(2);
        assertThat(versions.get("versions").findValuesAsString("reason")).containsExactly("first", "1.2 released");
        assertThat(versions.get("versions").get(1).get("actor").asString()).isEqualTo("profile-editor");
        assertThat(api.get("/api/v1/products/" + product).json().get("catalog").get("lines")).hasSize(3);
        assertThat(api.get("/api/v1/products/" + product + "/versions/1").json().get("profile").get("catalog")
                .get("lines")).hasSize(2);
        assertThat(api.get("/api/v1/products").json().findValuesAsString("product")).contains(product, "camunda");
        assertThat(new StoredEvents(jdbc).types("product/" + product))
                .containsExactly("ProductProfileDeclared", "ProductProfileChanged");
    }

    @Test
    void onlyAnOperatorOfTheProductMayDeclareAndAnInvalidProfileStoresNothing() {
        String product = uniqueProduct();
        String body = declaration(catalog("1.0"), "try", null);

        ApiResponse viewer = as("viewer:*").send("PUT", "/api/v1/products/" + product, body);
        ApiResponse otherProduct = as("operator:product/other").send("PUT", "/api/v1/products/" + product, body);
        ApiResponse clusterOperator = as("operator:cluster/" + product).send("PUT", "/api/v1/products/" + product,
                body);
        ApiResponse unsafeStep = api.send("PUT", "/api/v1/products/" + product, body.replace("\"extraSteps\":[]",
                "\"extraSteps\":[{\"when\":\"MAJOR\",\"role\":\"node\",\"action\":\"UPGRADE_NODE\","
                        + "\"parameters\":{}}]"));
        ApiResponse shellParameter = api.send("PUT", "/api/v1/products/" + product, body.replace("\"extraSteps\":[]",
                "\"extraSteps\":[{\"when\":\"MAJOR\",\"role\":\"node\",\"action\":\"APPLY_MISSION_REVISIONS\","
                        + "\"parameters\":{\"previousVersion\":\"1.0; rm -rf /\"}}]"));
        ApiResponse noReason = api.send("PUT", "/api/v1/products/" + product, body.replace(",\"reason\":\"try\"", ""));

        assertThat(List.of(viewer.status(), otherProduct.status(), clusterOperator.status()))
                .containsExactly(403, 403, 403);
        assertThat(unsafeStep.status()).as(unsafeStep.body()).isEqualTo(400);
        assertThat(unsafeStep.json().get("detail").asString()).contains("action");
        assertThat(shellParameter.status()).as(shellParameter.body()).isEqualTo(400);
        assertThat(shellParameter.json().get("detail").asString()).contains("previousVersion");
        assertThat(noReason.status()).as(noReason.body()).isEqualTo(400);
        assertThat(noReason.contentType()).contains("application/problem+json");
        assertThat(new StoredEvents(jdbc).count("product/" + product)).isZero();
        assertThat(api.get("/api/v1/products/" + product).status()).isEqualTo(404);
    }

    @Test
    void overKafkaTheSameCommandIsAnsweredOnceAResendChangesNothingAndTheGrantDecides() {
        String product = uniqueProduct();
        String commandId = UUID.randomUUID().toString();
        String declare = codec.encode(envelope(commandId, new DeclareProductProfile(product,
                profileMap(catalog("1.0", "1.1")), "over kafka", null)));

        send(product, declare, "operator:product/" + product);
        CommandResult first = resultOf(commandId, 1).get(0);
        send(product, declare, "operator:product/" + product);
        List<CommandResult> both = resultOf(commandId, 2);

        assertThat(first.status()).as(first.detail()).isEqualTo(CommandResult.ACCEPTED);
        assertThat(first.clusterId()).isNull();
        assertThat(first.result()).isEqualTo(Map.of("product", product, "version", 1, "changed", true));
        assertThat(both).hasSize(2).allMatch(result -> result.equals(first));
        assertThat(new StoredEvents(jdbc).count("product/" + product)).isEqualTo(1);

        String forbidden = UUID.randomUUID().toString();
        send(product, codec.encode(envelope(forbidden, new DeclareProductProfile(product,
                profileMap(catalog("1.0")), "not mine", null))), "operator:product/other");
        CommandResult refused = resultOf(forbidden, 1).get(0);
        assertThat(refused.status()).isEqualTo(CommandResult.REJECTED);
        assertThat(refused.problemType()).isEqualTo("urn:upgrade-ledger:problem:forbidden");

        String invalid = UUID.randomUUID().toString();
        Map<String, Object> badRole = new java.util.LinkedHashMap<>(profileMap(catalog("1.0")));
        badRole.put("schemaStepRole", "manager");
        send(product, codec.encode(envelope(invalid, new DeclareProductProfile(product, badRole, "bad", null))),
                "operator:product/" + product);
        CommandResult answer = resultOf(invalid, 1).get(0);
        assertThat(answer.status()).isEqualTo(CommandResult.INVALID);
        assertThat(answer.detail()).contains("schemaStepRole");
        assertThat(new StoredEvents(jdbc).count("product/" + product)).isEqualTo(1);
    }

    @Test
    void productEventsStayInTheEventStoreAndThePublisherGoesPastThem() {
        String product = uniqueProduct();
        assertThat(api.send("PUT", "/api/v1/products/" + product, declaration(catalog("1.0"), "quiet", null))
                .status()).isEqualTo(200);
        String clusterId = register(product, "1.0");

        try (TopicReader reader = new TopicReader(LedgerTopics.EVENTS)) {
            List<ConsumerRecord<String, String>> records = reader.readUntil(read -> read.stream()
                    .anyMatch(r -> clusterId.equals(r.key())), Duration.ofSeconds(30));
            assertThat(records).anyMatch(r -> clusterId.equals(r.key()));
            assertThat(records).noneMatch(r -> ("product/" + product).equals(r.key())
                    || r.value().contains("ProductProfileDeclared"));
        }
    }

    private ApiClient as(String grant) {
        return api.as(TestIssuer.get().token("profile-editor", grant));
    }

    private String register(String product, String version) {
        String clusterId = "p-" + UUID.randomUUID().toString().substring(0, 13);
        ApiResponse response = api.post("/api/v1/clusters", """
                {"clusterId":"%s","product":"%s","version":"%s","nodes":[{"id":"n-1","address":"10.0.0.1:1"},
                 {"id":"n-2","address":"10.0.0.2:1"}]}""".formatted(clusterId, product, version));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return clusterId;
    }

    private JsonNode plannedProfile(String clusterId) {
        String payload = jdbc.sql("select convert_from(payload, 'UTF8') from domainevententry"
                        + " where aggregateidentifier = ? and payloadtype like '%.UpgradePlanned'")
                .param(clusterId).query(String.class).single();
        return ApiClient.json(payload).get("profile");
    }

    private static String declaration(String catalog, String reason, Long expectedVersion) {
        return "{\"profile\":" + profileJson(catalog) + ",\"reason\":\"" + reason + "\""
                + (expectedVersion == null ? "" : ",\"expectedVersion\":" + expectedVersion) + "}";
    }

    private static String profileJson(String catalog) {
        return "{\"guide\":\"an in-house product\",\"versionScheme\":\"NUMERIC\",\"catalog\":" + catalog
                + ",\"rules\":{\"noRollingAcrossLines\":false},\"allowVersionDrift\":false,"
                + "\"roles\":[{\"name\":\"node\",\"rolling\":true}],\"schemaStepRole\":null,\"extraSteps\":[],"
                + "\"haltWorkloadsOnRolling\":false,\"majorHop\":\"FIRST_NUMBER\"}";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> profileMap(String catalog) {
        return tools.jackson.databind.json.JsonMapper.builder().build().readValue(profileJson(catalog), Map.class);
    }

    private static String catalog(String... lines) {
        return "{\"lines\":[" + String.join(",", java.util.Arrays.stream(lines)
                .map(line -> "{\"name\":\"" + line + "\",\"versions\":[\"" + line + "\"]}").toList()) + "]}";
    }

    private static String dryRun(String target) {
        return "{\"targetVersion\":\"" + target + "\",\"strategy\":\"OFFLINE\",\"dryRun\":true}";
    }

    private static String upgrades(String clusterId) {
        return "/api/v1/clusters/" + clusterId + "/upgrades";
    }

    private void send(String product, String value, String grant) {
        ProducerRecord<String, String> record = new ProducerRecord<>(LedgerTopics.COMMANDS,
                ProductCommand.recordKey(product), value);
        record.headers().add(LedgerTopics.AUTHORIZATION_HEADER,
                ("Bearer " + TestIssuer.get().token("kafka-editor", grant)).getBytes(StandardCharsets.UTF_8));
        LedgerInfrastructure.get().kafkaTemplate(KafkaAccess.CLIENT).send(record).join();
    }

    private List<CommandResult> resultOf(String commandId, int atLeast) {
        try (TopicReader reader = new TopicReader(LedgerTopics.COMMAND_RESULTS)) {
            return reader.readUntil(records -> records.stream().filter(r -> commandId.equals(r.key())).count()
                            >= atLeast, Duration.ofSeconds(30)).stream()
                    .filter(r -> commandId.equals(r.key()))
                    .map(ConsumerRecord::value)
                    .map(codec::decodeResult)
                    .toList();
        }
    }

    private static CommandEnvelope envelope(String commandId, DeclareProductProfile command) {
        return new CommandEnvelope(commandId, command.getClass().getSimpleName(), "kafka-test", null, command);
    }

    private static String uniqueProduct() {
        return "acme-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
