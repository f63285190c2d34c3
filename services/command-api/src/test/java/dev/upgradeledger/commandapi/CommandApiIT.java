package dev.upgradeledger.commandapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.upgradeledger.events.ClusterRegistered;
import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.LedgerTopics;
import dev.upgradeledger.support.envelope.EnvelopeCodec;
import dev.upgradeledger.testsupport.ApiClient.ApiResponse;
import dev.upgradeledger.testsupport.TestIssuer;
import dev.upgradeledger.testsupport.LedgerIntegrationTest;
import dev.upgradeledger.testsupport.ServiceIntegrationTest;
import dev.upgradeledger.testsupport.TopicReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import dev.upgradeledger.commandapi.publishing.SkimmingTokenStore;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@LedgerIntegrationTest
class CommandApiIT extends ServiceIntegrationTest {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    TokenStore tokenStore;
    @Autowired
    EventStorageEngine storageEngine;

    private final EnvelopeCodec codec = new EnvelopeCodec();

    @Test
    void eventsAndTokensLiveInPostgresNotInMemory() {
        assertThat(storageEngine).isInstanceOf(JdbcEventStorageEngine.class);
        assertThat(tokenStore).isInstanceOf(SkimmingTokenStore.class);
        assertThat(((SkimmingTokenStore) tokenStore).delegate()).isInstanceOf(JdbcTokenStore.class);
        assertThat(jdbc.sql("select data_type from information_schema.columns where table_schema = 'eventstore'"
                + " and table_name = 'domainevententry' and column_name = 'payload'").query(String.class).single())
                .isEqualTo("bytea");
    }

    @Test
    void registrationIsStoredThenPublishedWithItsEnvelope() {
        String clusterId = uniqueClusterId();

        ApiResponse response = api.as(TestIssuer.get().token("sre-alice", "operator:cluster/" + clusterId))
                .post("/api/v1/clusters", registration(clusterId),
                        Map.of("X-Actor", "somebody-else", "X-Correlation-Id", "req-" + clusterId));

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.header("Location")).isEqualTo("/api/v1/clusters/" + clusterId);
        assertThat(response.json().get("correlationId").asString()).isEqualTo("req-" + clusterId);
        assertThat(storedEvents(clusterId)).isEqualTo(1);

        EventEnvelope envelope = publishedEnvelopes(clusterId, 1).get(0);
        assertThat(envelope.eventType()).isEqualTo("ClusterRegistered");
        assertThat(envelope.sequence()).isZero();
        assertThat(envelope.position()).isPositive();
        assertThat(envelope.actor()).as("the token's subject, never the X-Actor header").isEqualTo("sre-alice");
        assertThat(envelope.actorName()).isEqualTo("Test sre-alice");
        assertThat(envelope.onBehalfOf()).isNull();
        assertThat(envelope.correlationId()).isEqualTo("req-" + clusterId);
        assertThat(envelope.causationId()).isNotBlank().isNotEqualTo(envelope.correlationId());
        assertThat(envelope.eventId()).isEqualTo(jdbc.sql(
                "select eventidentifier from domainevententry where aggregateidentifier = ?")
                .param(clusterId).query(String.class).single());
    }

    @Test
    void registeringAnExistingIdIsAConflictAndStoresNothing() {
        String clusterId = uniqueClusterId();
        assertThat(api.post("/api/v1/clusters", registration(clusterId)).status()).isEqualTo(201);

        ApiResponse second = api.post("/api/v1/clusters", registration(clusterId));

        assertProblem(second, 409, "cluster-already-registered");
        assertThat(second.json().get("detail").asString()).contains(clusterId);
        assertThat(storedEvents(clusterId)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"clusterId\":\"Bad Id\",\"product\":\"camunda\",\"version\":\"7.5\",\"nodes\":[{\"id\":\"n1\",\"address\":\"h1\"}]}",
            "{\"clusterId\":\"%s\",\"product\":\"camunda\",\"version\":\"7 5\",\"nodes\":[{\"id\":\"n1\",\"address\":\"h1\"}]}",
            "{\"clusterId\":\"%s\",\"product\":\"camunda\",\"version\":\"7.5\",\"nodes\":[]}",
            "{\"clusterId\":\"%s\",\"product\":\"camunda\",\"version\":\"7.5\"}",
            "{\"clusterId\":\"%s\",\"product\":\"\",\"version\":\"7.5\",\"nodes\":[{\"id\":\"n1\",\"address\":\"h1\"}]}",
            "{\"clusterId\":\"%s\",\"product\":\"camunda\",\"version\":\"7.5\",\"nodes\":[{\"id\":\"n1\",\"address\":\"h1\"},{\"id\":\"n1\",\"address\":\"h2\"}]}",
            "{\"clusterId\":\"%s\",\"product\":\"camunda\",\"version\":\"7.5\",\"nodes\":[{\"id\":\"n1\",\"address\":\"\"}]}",
            "{\"clusterId\":\"%s\",\"product\":\"camunda\",\"version\":\"7.5\",\"nodes\":[null]}",
            "{\"clusterId\":\"%s\",\"product\":\"camunda\",\"version\":\"7.5\",\"nodes\":[{\"id\":\"n1\",\"address\":\"h1\"}],\"labels\":{\"region\":\"eu west\"}}"})
    void invalidRegistrationIsABadRequestAndStoresNothing(String template) {
        String clusterId = uniqueClusterId();

        ApiResponse response = api.post("/api/v1/clusters", template.formatted(clusterId));

        assertProblem(response, 400, "invalid-request");
        assertThat(response.json().get("detail").asString()).isNotBlank();
        assertThat(storedEvents(clusterId)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "{\"clusterId\":", "[1,2]", "{\"nodes\":\"n1\"}"})
    void malformedBodyIsABadRequestWithoutInternals(String body) {
        ApiResponse response = api.post("/api/v1/clusters", body);

        assertProblem(response, 400, "malformed-request");
        assertThat(response.body()).doesNotContain("Exception", "at dev.", "tools.jackson");
    }

    @Test
    void labelsComeWithTheRegistrationAndAreReplacedWholeOnlyWhenTheyChange() {
        String clusterId = uniqueClusterId();
        String labelled = registration(clusterId).replace("\"schemaVersion\":\"7.5\",",
                "\"schemaVersion\":\"7.5\",\"labels\":{\"tier\":\"gold\",\"region\":\"eu\"},");
        assertThat(api.post("/api/v1/clusters", labelled).status()).isEqualTo(201);
        String path = "/api/v1/clusters/" + clusterId + "/labels";

        ApiResponse changed = api.as(TestIssuer.get().token("sre-bob", "operator:cluster/" + clusterId))
                .send("PUT", path, "{\"labels\":{\"region\":\"us\",\"example.com/team\":\"db\"}}");
        ApiResponse same = api.send("PUT", path, "{\"labels\":{\"example.com/team\":\"db\",\"region\":\"us\"}}");

        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().get("changed").asBoolean()).isTrue();
        assertThat(changed.json().at("/labels/region").asString()).isEqualTo("us");
        assertThat(changed.json().get("labels").has("tier")).as("the whole set is replaced").isFalse();
        assertThat(same.status()).isEqualTo(200);
        assertThat(same.json().get("changed").asBoolean()).isFalse();
        assertThat(same.json().get("labels")).isEqualTo(changed.json().get("labels"));
        List<EventEnvelope> published = publishedEnvelopes(clusterId, 2);
        assertThat(published.get(0).payload()).isInstanceOfSatisfying(ClusterRegistered.class,
                registered -> assertThat(registered.labels()).containsExactly(Map.entry("region", "eu"),
                        Map.entry("tier", "gold")));
        assertThat(published.get(1).eventType()).isEqualTo("ClusterLabelsChanged");
        assertThat(published.get(1).actor()).isEqualTo("sre-bob");
        assertThat(storedEvents(clusterId)).as("the same labels again record nothing").isEqualTo(2);

        // refusals: bad labels, no labels, too many, an unknown cluster, a viewer
        StringBuilder many = new StringBuilder("{\"labels\":{");
        for (int i = 0; i <= 20; i++) {
            many.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
        }
        for (String invalid : List.of("{\"labels\":{\"region\":\"eu; rm -rf /\"}}", "{\"labels\":{\"-x\":\"eu\"}}",
                "{}", many.append("}}").toString())) {
            assertProblem(api.send("PUT", path, invalid), 400, "invalid-request");
        }
        assertProblem(api.send("PUT", path, "{\"labels\":[\"region=eu\"]}"), 400, "malformed-request");
        assertProblem(api.send("PUT", "/api/v1/clusters/" + uniqueClusterId() + "/labels",
                "{\"labels\":{\"region\":\"eu\"}}"), 404, "cluster-not-found");
        ApiResponse viewer = api.as(TestIssuer.get().viewer()).send("PUT", path, "{\"labels\":{}}");
        assertThat(viewer.status()).isEqualTo(403);
        assertThat(storedEvents(clusterId)).isEqualTo(2);
    }

    @Test
    void aServiceActingForAPersonIsRecordedAsBoth() {
        String clusterId = uniqueClusterId();

        ApiResponse response = api.as(TestIssuer.get().actingFor("release-bot", "sre-carol",
                "operator:cluster/" + clusterId)).post("/api/v1/clusters", registration(clusterId));

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        EventEnvelope envelope = publishedEnvelopes(clusterId, 1).get(0);
        assertThat(envelope.actor()).isEqualTo("release-bot");
        assertThat(envelope.onBehalfOf()).isEqualTo("sre-carol");
    }

    @Test
    void invalidCorrelationHeaderIsABadRequestAndStoresNothing() {
        String clusterId = uniqueClusterId();

        ApiResponse response = api.post("/api/v1/clusters", registration(clusterId),
                Map.of("X-Correlation-Id", "a b"));

        assertProblem(response, 400, "invalid-request");
        assertThat(storedEvents(clusterId)).isZero();
    }

    @Test
    void aRepeatWithTheSameIdempotencyKeyGetsTheFirstAnswerAndChangesNothing() {
        String clusterId = uniqueClusterId();
        Map<String, String> key = Map.of("Idempotency-Key", "register-" + clusterId);

        ApiResponse first = api.post("/api/v1/clusters", registration(clusterId), key);
        ApiResponse repeat = api.post("/api/v1/clusters", registration(clusterId), key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(repeat.status()).isEqualTo(201);
        assertThat(repeat.body()).isEqualTo(first.body());
        assertThat(repeat.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(storedEvents(clusterId)).isEqualTo(1);
    }

    @Test
    void theSameIdempotencyKeyWithAnotherBodyIsRefused() {
        String clusterId = uniqueClusterId();
        Map<String, String> key = Map.of("Idempotency-Key", "k-" + clusterId);
        assertThat(api.post("/api/v1/clusters", registration(clusterId), key).status()).isEqualTo(201);
        String other = uniqueClusterId();

        ApiResponse reused = api.post("/api/v1/clusters", registration(other), key);

        assertProblem(reused, 422, "idempotency-key-reused");
        assertThat(storedEvents(other)).isZero();
    }

    @Test
    void aRefusalIsRememberedUnderItsIdempotencyKeyToo() {
        String clusterId = uniqueClusterId();
        assertThat(api.post("/api/v1/clusters", registration(clusterId)).status()).isEqualTo(201);
        Map<String, String> key = Map.of("Idempotency-Key", "again-" + clusterId);

        ApiResponse refused = api.post("/api/v1/clusters", registration(clusterId), key);
        ApiResponse replayed = api.post("/api/v1/clusters", registration(clusterId), key);

        assertProblem(refused, 409, "cluster-already-registered");
        assertThat(replayed.status()).isEqualTo(409);
        assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(storedEvents(clusterId)).isEqualTo(1);
    }

    @Test
    void aMalformedIdempotencyKeyIsABadRequest() {
        String clusterId = uniqueClusterId();

        ApiResponse response = api.post("/api/v1/clusters", registration(clusterId),
                Map.of("Idempotency-Key", "has spaces"));

        assertProblem(response, 400, "invalid-request");
        assertThat(storedEvents(clusterId)).isZero();
    }

    @Test
    void unknownPathIsAProblemNotAnErrorPage() {
        assertProblem(api.get("/api/v1/nothing-here"), 404, "not-found");
    }

    @Test
    void replayPublishesEveryStoredEventAgainAndThenCarriesOn() {
        List<String> clusters = List.of(uniqueClusterId(), uniqueClusterId(), uniqueClusterId());
        clusters.forEach(id -> assertThat(api.post("/api/v1/clusters", registration(id)).status()).isEqualTo(201));
        Set<String> firstIds = clusters.stream()
                .flatMap(id -> publishedEnvelopes(id, 1).stream())
                .map(EventEnvelope::eventId)
                .collect(Collectors.toSet());

        ApiResponse replay = api.post("/api/v1/admin/publisher/replay", "");
        assertThat(replay.status()).isEqualTo(202);
        String afterReplay = uniqueClusterId();
        assertThat(api.post("/api/v1/clusters", registration(afterReplay)).status()).isEqualTo(201);

        for (String clusterId : clusters) {
            List<EventEnvelope> envelopes = publishedEnvelopes(clusterId, 2);
            assertThat(envelopes).hasSize(2);
            assertThat(envelopes).extracting(EventEnvelope::eventId).containsOnly(
                    envelopes.get(0).eventId()).isSubsetOf(firstIds);
        }
        assertThat(publishedEnvelopes(afterReplay, 1)).hasSize(1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode status = api.get("/api/v1/admin/publisher").json();
            assertThat(status.get("running").asBoolean()).isTrue();
            assertThat(status.get("segments")).as("every publishing segment claimed again").hasSize(4);
            status.get("segments").forEach(segment -> assertThat(segment.get("replaying").asBoolean()).isFalse());
        });
    }

    private List<EventEnvelope> publishedEnvelopes(String clusterId, int atLeast) {
        try (TopicReader reader = new TopicReader(LedgerTopics.EVENTS)) {
            List<ConsumerRecord<String, String>> records = reader.readUntil(
                    all -> all.stream().filter(r -> clusterId.equals(r.key())).count() >= atLeast,
                    Duration.ofSeconds(30));
            return records.stream()
                    .filter(r -> clusterId.equals(r.key()))
                    .map(r -> codec.decode(r.value()))
                    .toList();
        }
    }

    private int storedEvents(String clusterId) {
        return new StoredEvents(jdbc).count(clusterId);
    }

    private static void assertProblem(ApiResponse response, int status, String typeSlug) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).as(response.body()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asString()).isEqualTo("urn:upgrade-ledger:problem:" + typeSlug);
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
    }

    static String uniqueClusterId() {
        return "c-" + UUID.randomUUID().toString().substring(0, 13);
    }

    static String registration(String clusterId) {
        return """
                {"clusterId":"%s","product":"camunda","version":"7.5","schemaVersion":"7.5",
                 "nodes":[{"id":"engine-1","address":"10.0.0.11:8080","group":"zone-a"},
                          {"id":"engine-2","address":"10.0.0.12:8080","group":"zone-b"}]}
                """.formatted(clusterId);
    }
}
