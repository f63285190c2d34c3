package dev.upgradeledger.commandapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.events.ClusterCommand;
import dev.upgradeledger.events.CommandResult;
import dev.upgradeledger.events.LedgerCommands;
import dev.upgradeledger.events.LedgerTopics;
import dev.upgradeledger.events.ReportStepOutcome;
import dev.upgradeledger.local.KafkaAccess;
import dev.upgradeledger.support.envelope.CommandCodec;
import dev.upgradeledger.testsupport.ApiClient;
import dev.upgradeledger.testsupport.LedgerInfrastructure;
import dev.upgradeledger.testsupport.LedgerIntegrationTest;
import dev.upgradeledger.testsupport.OpenApiFuzzer;
import dev.upgradeledger.testsupport.ServiceIntegrationTest;
import dev.upgradeledger.testsupport.TestIssuer;
import dev.upgradeledger.testsupport.TopicReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Malformed input from everywhere a command can come in: at least 500 requests generated from command-api's own
 * OpenAPI document, and at least 200 Kafka records generated from the command shapes of the AsyncAPI document. No
 * answer is a 5xx or a dropped connection, every REST error is problem+json with a ledger problem type, every Kafka
 * record is answered as refused or invalid (or, when it is no envelope at all, dead-lettered), and the event store
 * holds nothing new.
 */
@LedgerIntegrationTest
class FuzzIT extends ServiceIntegrationTest {

    /** Registered before the fuzzing, so a body variant that still makes sense meets "already registered". */
    private static final String EXISTING = "fuzz-1";
    /** The cluster of every command on a cluster: it does not exist, so nothing can be applied to it. */
    private static final String ABSENT = "fz-absent";

    @Autowired
    JdbcClient jdbc;

    private final CommandCodec codec = new CommandCodec();

    @Test
    void malformedRequestsFromTheOpenApiDocumentAreAnsweredAsProblemsAndStoreNothing() {
        ensureExisting();
        Map<String, Integer> before = eventsPerCluster();
        OpenApiFuzzer fuzzer = new OpenApiFuzzer(api.baseUrl(), OpenApiFuzzer.openApiDocument(api));
        List<OpenApiFuzzer.Case> cases = fuzzer.cases(
                Map.of("clusterId", ABSENT, "upgradeId", "u-1", "stepId", "s0.0", "nodeId", "n-1",
                        "product", "camunda"),
                // a registration names the existing cluster: its variants that still make sense meet a 409
                Map.of("clusterId", EXISTING, "targetClusterId", ABSENT),
                // replay and redrive republish what is stored; they change nothing but take long
                operation -> operation.endsWith("/replay") || operation.endsWith("/redrive"));
        String admin = TestIssuer.get().admin();
        String executor = TestIssuer.get().executor();

        List<OpenApiFuzzer.Answer> answers = fuzzer.send(cases,
                request -> request.path().contains("/outcome") ? executor : admin);

        assertThat(answers).hasSizeGreaterThanOrEqualTo(500);
        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.status()).as(describe(answer)).isBetween(200, 499);
            if (answer.status() >= 400) {
                assertThat(answer.contentType()).as(describe(answer)).startsWith("application/problem+json");
                assertThat(ApiClient.json(answer.body()).path("type").asString(""))
                        .as(describe(answer)).startsWith("urn:upgrade-ledger:problem:");
            }
        });
        assertThat(answers).filteredOn(answer -> answer.status() >= 400).hasSizeGreaterThanOrEqualTo(500);
        assertThat(eventsPerCluster()).isEqualTo(before);
    }

    @Test
    void malformedKafkaCommandsAreRefusedOrDeadLetteredAndStoreNothing() throws IOException {
        ensureExisting();
        Map<String, Integer> before = eventsPerCluster();
        OpenApiFuzzer shapes = new OpenApiFuzzer(null, asyncApiDocument());
        String token = "Bearer " + TestIssuer.get().admin();
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> expectAnswer = new LinkedHashMap<>();
        List<ProducerRecord<String, String>> records = new ArrayList<>();

        int n = 0;
        for (Class<?> type : ClusterCommand.class.getPermittedSubclasses()) {
            @SuppressWarnings("unchecked")
            String name = LedgerCommands.typeName((Class<? extends ClusterCommand>) type);
            boolean outcome = type == ReportStepOutcome.class;
            for (Map.Entry<String, String> payload : shapes.spoiledValues("/components/schemas/" + name,
                    example -> example.put("clusterId", name.equals("RegisterCluster") ? EXISTING : ABSENT))) {
                String commandId = "fz-" + run + "-" + n++;
                String value = "{\"commandId\":\"" + commandId + "\",\"commandType\":\"" + name
                        + "\",\"actor\":\"fuzz\",\"payload\":" + payload.getValue() + "}";
                records.add(record(outcome ? LedgerTopics.STEP_OUTCOMES : LedgerTopics.COMMANDS, commandId, value,
                        outcome ? null : token));
                expectAnswer.put(commandId, name + " " + payload.getKey());
            }
        }
        // envelopes that are wrong in themselves, and senders who may not send
        List<String> envelopes = List.of(
                "{\"commandId\":\"%s\",\"commandType\":\"LaunchRocket\",\"payload\":{}}",
                "{\"commandId\":\"%s\",\"commandType\":null,\"payload\":{}}",
                "{\"commandId\":\"%s\",\"commandType\":\"PauseUpgrade\"}",
                "{\"commandId\":\"%s\",\"commandType\":\"PauseUpgrade\",\"payload\":[1,2]}",
                "{\"commandId\":\"%s\",\"commandType\":\"PauseUpgrade\",\"payload\":\"text\"}",
                "{\"commandId\":\"%s\",\"commandType\":\"PauseUpgrade\",\"correlationId\":\"" + "c".repeat(500)
                        + "\",\"payload\":{\"clusterId\":\"" + ABSENT + "\",\"upgradeId\":\"u-1\"}}");
        for (String envelope : envelopes) {
            String commandId = "fz-" + run + "-" + n++;
            records.add(record(LedgerTopics.COMMANDS, commandId, envelope.formatted(commandId), token));
            expectAnswer.put(commandId, "envelope " + envelope);
        }
        String valid = "{\"commandId\":\"%s\",\"commandType\":\"PauseUpgrade\",\"payload\":{\"clusterId\":\""
                + ABSENT + "\",\"upgradeId\":\"u-1\"}}";
        for (String authorization : Arrays.asList(null, "Bearer", "Bearer not-a-jwt", "Basic eDp5",
                "Bearer " + TestIssuer.get().expired("x", "admin:*"), "Bearer " + TestIssuer.get().viewer())) {
            String commandId = "fz-" + run + "-" + n++;
            records.add(record(LedgerTopics.COMMANDS, commandId, valid.formatted(commandId), authorization));
            expectAnswer.put(commandId, "sender " + authorization);
        }
        // records that are no envelope with a command id: dead letters
        Set<String> expectDeadLetter = new HashSet<>();
        for (String garbage : List.of("", "{", "not json", "[]", "null", "{\"commandType\":\"PauseUpgrade\"}",
                "{\"commandId\":\"c-1\",\"commandType\":[\"PauseUpgrade\"],\"payload\":{}}",
                "{\"commandId\":\"\",\"payload\":{}}", "{\"commandId\":\"" + "x".repeat(300) + "\"}",
                "\u0000\u0001binary")) {
            String key = "fz-" + run + "-" + n++;
            records.add(record(LedgerTopics.COMMANDS, key, garbage, token));
            expectDeadLetter.add(key);
        }

        KafkaTemplate<String, String> client = LedgerInfrastructure.get().kafkaTemplate(KafkaAccess.CLIENT);
        KafkaTemplate<String, String> executor = LedgerInfrastructure.get().kafkaTemplate(KafkaAccess.EXECUTOR);
        for (ProducerRecord<String, String> record : records) {
            (record.topic().equals(LedgerTopics.STEP_OUTCOMES) ? executor : client).send(record);
        }
        client.flush();
        executor.flush();

        assertThat(records).hasSizeGreaterThanOrEqualTo(200);
        Map<String, CommandResult> answers = new LinkedHashMap<>();
        try (TopicReader results = new TopicReader(LedgerTopics.COMMAND_RESULTS)) {
            results.readUntil(read -> read.stream().filter(r -> expectAnswer.containsKey(r.key())).count()
                    >= expectAnswer.size(), Duration.ofSeconds(180)).stream()
                    .filter(r -> expectAnswer.containsKey(r.key()))
                    .forEach(r -> answers.put(r.key(), codec.decodeResult(r.value())));
        }
        assertThat(answers.keySet()).containsExactlyInAnyOrderElementsOf(expectAnswer.keySet());
        answers.forEach((commandId, answer) -> assertThat(answer.status()).as(expectAnswer.get(commandId))
                .isIn(CommandResult.INVALID, CommandResult.REJECTED));
        try (TopicReader deadLetters = new TopicReader(LedgerTopics.deadLetter(LedgerTopics.COMMANDS,
                "command-api"))) {
            Set<String> parked = deadLetters.readUntil(read -> read.stream().map(ConsumerRecord::key)
                            .collect(Collectors.toSet()).containsAll(expectDeadLetter), Duration.ofSeconds(120))
                    .stream().map(ConsumerRecord::key).collect(Collectors.toSet());
            assertThat(parked).containsAll(expectDeadLetter);
        }
        assertThat(eventsPerCluster()).isEqualTo(before);
    }

    private void ensureExisting() {
        int status = api.post("/api/v1/clusters", CommandApiIT.registration(EXISTING)).status();
        assertThat(status).isIn(201, 409);
    }

    /** Events per cluster: a fuzzed input that stored anything adds a cluster or an event to one. */
    private Map<String, Integer> eventsPerCluster() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        jdbc.sql("select aggregateidentifier, count(*) from domainevententry group by aggregateidentifier"
                        + " order by aggregateidentifier")
                .query((row, i) -> Map.entry(row.getString(1), row.getInt(2))).list()
                .forEach(entry -> counts.put(entry.getKey(), entry.getValue()));
        // deadlines of earlier tests may still add to their own clusters; the fuzzed ones start with fz/fuzz
        counts.replaceAll((cluster, count) -> cluster.startsWith("fz") || cluster.startsWith("fuzz") ? count : -1);
        return counts;
    }

    private static ProducerRecord<String, String> record(String topic, String key, String value,
                                                         String authorization) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        if (authorization != null) {
            record.headers().add(LedgerTopics.AUTHORIZATION_HEADER, authorization.getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }

    private static String asyncApiDocument() throws IOException {
        try (InputStream in = FuzzIT.class.getResourceAsStream("/META-INF/resources/contracts/asyncapi.json")) {
            assertThat(in).as("the AsyncAPI document of shared-events").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String describe(OpenApiFuzzer.Answer answer) {
        OpenApiFuzzer.Case request = answer.request();
        String body = answer.body() == null ? "" : answer.body();
        return request.method() + " " + (request.path().length() > 120 ? request.path().substring(0, 120) + "..."
                : request.path()) + " (" + request.what() + ") -> " + answer.status() + " " + answer.contentType()
                + " " + (body.length() > 300 ? body.substring(0, 300) : body);
    }
}
