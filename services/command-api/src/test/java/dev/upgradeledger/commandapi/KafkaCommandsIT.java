package dev.upgradeledger.commandapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.CommandEnvelope;
import dev.upgradeledger.events.CommandResult;
import dev.upgradeledger.events.LedgerTopics;
import dev.upgradeledger.events.MaxUnavailable;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.NodeSpec;
import dev.upgradeledger.events.PolicyRules;
import dev.upgradeledger.events.RegisterCluster;
import dev.upgradeledger.events.ReleaseCatalog;
import dev.upgradeledger.events.ReleaseLine;
import dev.upgradeledger.events.ReportStepOutcome;
import dev.upgradeledger.events.RequestUpgrade;
import dev.upgradeledger.events.SchemaChange;
import dev.upgradeledger.events.SetClusterLabels;
import dev.upgradeledger.events.StepOutcome;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.events.UpgradeStrategy;
import dev.upgradeledger.events.Version;
import dev.upgradeledger.local.KafkaAccess;
import dev.upgradeledger.support.envelope.CommandCodec;
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
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Commands over Kafka on the real stack (the embedded broker with SASL and ACLs): each answered once on
 * ledger.command-results, repeats change nothing; the sender is the bearer token in the record's header, and step
 * outcomes count only from the executor's own topic.
 */
@LedgerIntegrationTest
class KafkaCommandsIT extends ServiceIntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Autowired
    MeterRegistry meters;

    private final CommandCodec codec = new CommandCodec();

    @Test
    void aCommandIsAnsweredByItsIdAndARedeliveryChangesNothing() {
        String clusterId = uniqueClusterId();
        String commandId = UUID.randomUUID().toString();
        String register = codec.encode(envelope(commandId, registration(clusterId)));

        send(clusterId, register);
        CommandResult first = resultOf(commandId, 1).get(0);
        send(clusterId, register);
        List<CommandResult> both = resultOf(commandId, 2);

        assertThat(first.status()).isEqualTo(CommandResult.ACCEPTED);
        assertThat(first.clusterId()).isEqualTo(clusterId);
        assertThat(both).hasSize(2).allMatch(result -> result.equals(first));
        assertThat(storedEvents(clusterId)).isEqualTo(2);
    }

    @Test
    void anUpgradeIsRequestedAndItsStepsReportedOverKafka() {
        String clusterId = uniqueClusterId();
        send(clusterId, codec.encode(envelope(UUID.randomUUID().toString(), registration(clusterId))));
        String request = UUID.randomUUID().toString();
        send(clusterId, codec.encode(envelope(request, new RequestUpgrade(ClusterId.of(clusterId), UpgradeId.of("u-k"),
                Version.of("7.6"), null, UpgradeStrategy.ROLLING, SchemaChange.ADDITIVE, false, MaxUnavailable.of("33%"),
                false, null, null, false, false, 3, Duration.ofMinutes(10)))));
        assertThat(resultOf(request, 1).get(0).status()).isEqualTo(CommandResult.ACCEPTED);

        String report = UUID.randomUUID().toString();
        String again = UUID.randomUUID().toString();
        ReportStepOutcome migrated = new ReportStepOutcome(ClusterId.of(clusterId), UpgradeId.of("u-k"), "s0.0", 1, 0,
                new StepOutcome.Succeeded(Map.of()));
        reportAsExecutor(clusterId, codec.encode(envelope(report, migrated)));
        reportAsExecutor(clusterId, codec.encode(envelope(again, migrated)));

        assertThat(resultOf(report, 1).get(0).result()).isEqualTo("ACCEPTED");
        assertThat(resultOf(again, 1).get(0).result()).isEqualTo("DUPLICATE");
        assertThat(eventTypes(clusterId)).containsSubsequence("UpgradeRequested", "UpgradePlanned", "StepStarted",
                "SchemaMigrated", "StepStarted");
    }

    /**
     * The plan of a 1,500-peer REJOIN has 6,004 one-step stages, about 1.2 MB written out: more than a record may
     * hold, so an answer with the whole plan could never be sent and would hold this partition's commands forever.
     * It is answered with the first stages and the whole plan's counts, and the next command is answered too.
     */
    @Test
    void anUpgradeWithThousandsOfStagesIsAnsweredWithItsFirstStagesAndTheCommandsAfterItFlow() throws Exception {
        String clusterId = uniqueClusterId();
        List<NodeSpec> peers = java.util.stream.IntStream.rangeClosed(1, 1500)
                .mapToObj(n -> new NodeSpec(NodeId.of("peer-" + n), "10.4." + n / 200 + "." + (n % 200 + 1) + ":9094",
                        null))
                .toList();
        send(clusterId, codec.encode(envelope(UUID.randomUUID().toString(), new RegisterCluster(ClusterId.of(clusterId),
                "ipfs-cluster", Version.of("1.0.7"), Version.of("1"), peers, null, null))));
        String request = UUID.randomUUID().toString();
        send(clusterId, codec.encode(envelope(request, new RequestUpgrade(ClusterId.of(clusterId),
                UpgradeId.of("u-rejoin"), Version.of("1.0.8"), null, UpgradeStrategy.REJOIN, SchemaChange.NONE, true,
                null, false, null, null, false, false, 3, Duration.ofMinutes(10)))));
        String next = UUID.randomUUID().toString();
        send(clusterId, codec.encode(envelope(next, new SetClusterLabels(ClusterId.of(clusterId),
                Map.of("tier", "bulk")))));

        String answer = rawResultOf(request);
        assertThat(answer.getBytes(StandardCharsets.UTF_8).length).as("the answer's size").isLessThan(400_000);
        CommandResult result = codec.decodeResult(answer);
        assertThat(result.status()).as(result.detail()).isEqualTo(CommandResult.ACCEPTED);
        tools.jackson.databind.JsonNode decision = new tools.jackson.databind.ObjectMapper()
                .readTree(answer).get("result");
        assertThat(decision.get("planComplete").asBoolean()).isFalse();
        assertThat(decision.at("/hops/0/stageCount").asInt()).isGreaterThan(6_000);
        assertThat(decision.at("/hops/0/stepCount").asInt()).isGreaterThan(6_000);
        assertThat(decision.at("/hops/0/plan/stages")).hasSize(1000);
        assertThat(resultOf(next, 1).get(0).status()).isEqualTo(CommandResult.ACCEPTED);
        assertThat(eventTypes(clusterId)).containsSubsequence("UpgradePlanned", "StepStarted", "ClusterLabelsChanged");
    }

    @Test
    void aRefusedUpgradeIsAnsweredRejectedWithTheRule() {
        String clusterId = uniqueClusterId();
        send(clusterId, codec.encode(envelope(UUID.randomUUID().toString(), registration(clusterId))));
        String request = UUID.randomUUID().toString();

        send(clusterId, codec.encode(envelope(request, new RequestUpgrade(ClusterId.of(clusterId), UpgradeId.of("u-r"),
                Version.of("7.5"), null, UpgradeStrategy.OFFLINE, SchemaChange.NONE, false, null, false, null, null,
                false, false, 3, Duration.ofMinutes(10)))));

        CommandResult result = resultOf(request, 1).get(0);
        assertThat(result.status()).isEqualTo(CommandResult.REJECTED);
        assertThat(result.problemType()).isEqualTo("urn:upgrade-ledger:problem:upgrade-rejected");
        assertThat(result.detail()).contains("7.5");
        assertThat(eventTypes(clusterId)).endsWith("UpgradeRejected");
    }

    @Test
    void anInvalidCommandIsAnsweredInvalidAndStoresNothing() {
        String clusterId = uniqueClusterId();
        String badId = UUID.randomUUID().toString();
        String unknownType = UUID.randomUUID().toString();

        send(clusterId, "{\"commandId\":\"" + badId + "\",\"commandType\":\"RegisterCluster\",\"payload\":"
                + "{\"clusterId\":\"Not A Label\",\"product\":\"x\",\"version\":\"1\",\"nodes\":[]}}");
        send(clusterId, "{\"commandId\":\"" + unknownType + "\",\"commandType\":\"LaunchRocket\",\"payload\":{}}");

        CommandResult invalid = resultOf(badId, 1).get(0);
        assertThat(invalid.status()).isEqualTo(CommandResult.INVALID);
        assertThat(invalid.detail()).contains("clusterId");
        assertThat(resultOf(unknownType, 1).get(0).detail()).contains("unknown commandType LaunchRocket");
    }

    @Test
    void anUnknownClusterAndAMalformedVersionAreAnsweredWithoutStoringAnything() {
        String unknown = uniqueClusterId();
        String toUnknown = UUID.randomUUID().toString();
        String malformed = UUID.randomUUID().toString();

        send(unknown, codec.encode(envelope(toUnknown, new RequestUpgrade(ClusterId.of(unknown), UpgradeId.of("u-x"),
                Version.of("7.6"), null, UpgradeStrategy.OFFLINE, SchemaChange.NONE, false, null, false, null, null,
                false, false, 3, Duration.ofMinutes(10)))));
        send(unknown, "{\"commandId\":\"" + malformed + "\",\"commandType\":\"RequestUpgrade\",\"payload\":"
                + "{\"clusterId\":\"" + unknown + "\",\"upgradeId\":\"u-y\",\"targetVersion\":\"7 6\","
                + "\"strategy\":\"OFFLINE\",\"maxAttempts\":3,\"stepTimeout\":\"PT10M\"}}");

        CommandResult notFound = resultOf(toUnknown, 1).get(0);
        assertThat(notFound.status()).isEqualTo(CommandResult.REJECTED);
        assertThat(notFound.problemType()).isEqualTo("urn:upgrade-ledger:problem:cluster-not-found");
        CommandResult invalid = resultOf(malformed, 1).get(0);
        assertThat(invalid.status()).isEqualTo(CommandResult.INVALID);
        assertThat(invalid.detail()).contains("version");
        assertThat(storedEvents(unknown)).isZero();
    }

    @Test
    void labelsAreSetOverKafkaOnceAndTheSameLabelsAgainRecordNothing() {
        String clusterId = uniqueClusterId();
        send(clusterId, codec.encode(envelope(UUID.randomUUID().toString(), registration(clusterId))));
        String set = UUID.randomUUID().toString();
        String record = codec.encode(envelope(set, new SetClusterLabels(ClusterId.of(clusterId),
                Map.of("region", "eu", "tier", "gold"))));

        send(clusterId, record);
        CommandResult first = resultOf(set, 1).get(0);
        send(clusterId, record);
        List<CommandResult> both = resultOf(set, 2);
        String same = UUID.randomUUID().toString();
        send(clusterId, codec.encode(envelope(same, new SetClusterLabels(ClusterId.of(clusterId),
                Map.of("tier", "gold", "region", "eu")))));
        String invalid = UUID.randomUUID().toString();
        send(clusterId, "{\"commandId\":\"" + invalid + "\",\"commandType\":\"SetClusterLabels\",\"payload\":"
                + "{\"clusterId\":\"" + clusterId + "\",\"labels\":{\"region\":\"eu west\"}}}");

        assertThat(first.status()).isEqualTo(CommandResult.ACCEPTED);
        assertThat(first.result()).isEqualTo(Map.of("clusterId", clusterId,
                "labels", Map.of("region", "eu", "tier", "gold"), "changed", true));
        assertThat(both).hasSize(2).allMatch(result -> result.equals(first));
        assertThat(resultOf(same, 1).get(0).result()).isEqualTo(Map.of("clusterId", clusterId,
                "labels", Map.of("region", "eu", "tier", "gold"), "changed", false));
        CommandResult refused = resultOf(invalid, 1).get(0);
        assertThat(refused.status()).isEqualTo(CommandResult.INVALID);
        assertThat(refused.detail()).contains("label region");
        assertThat(eventTypes(clusterId)).containsExactly("ClusterRegistered", "ReleaseCatalogDeclared",
                "ClusterLabelsChanged");
    }

    @Test
    void aCommandIdReusedForAnotherCommandIsRefused() {
        String clusterId = uniqueClusterId();
        String commandId = UUID.randomUUID().toString();
        send(clusterId, codec.encode(envelope(commandId, registration(clusterId))));
        assertThat(resultOf(commandId, 1).get(0).status()).isEqualTo(CommandResult.ACCEPTED);
        String other = uniqueClusterId();

        send(other, codec.encode(envelope(commandId, registration(other))));

        assertThat(resultOf(commandId, 2).get(1).detail()).contains("used before for a different command");
        assertThat(storedEvents(other)).isZero();
    }

    @Test
    void twoCommandsRacingWithOneCommandIdRunOnceAndTheOtherIsRefused() {
        String first = uniqueClusterId();
        String second = uniqueClusterId();
        String commandId = UUID.randomUUID().toString();

        // keyed by cluster, so the two usually land on different partitions and are taken at the same time
        send(first, codec.encode(envelope(commandId, registration(first))));
        send(second, codec.encode(envelope(commandId, registration(second))));

        List<CommandResult> results = resultOf(commandId, 2);
        assertThat(results).extracting(CommandResult::status)
                .containsExactlyInAnyOrder(CommandResult.ACCEPTED, CommandResult.INVALID);
        assertThat(results).filteredOn(r -> r.status().equals(CommandResult.INVALID)).singleElement()
                .satisfies(r -> assertThat(r.detail()).contains("used before for a different command"));
        assertThat(List.of(storedEvents(first), storedEvents(second))).containsExactlyInAnyOrder(0, 2);
    }

    @Test
    void aPoisonRecordIsDeadLetteredAndTheNextCommandStillRuns() {
        String clusterId = uniqueClusterId();
        send(clusterId, "this is not a command");
        String commandId = UUID.randomUUID().toString();
        send(clusterId, codec.encode(envelope(commandId, registration(clusterId))));

        assertThat(resultOf(commandId, 1).get(0).status()).isEqualTo(CommandResult.ACCEPTED);
        try (TopicReader deadLetters = new TopicReader(LedgerTopics.deadLetter(LedgerTopics.COMMANDS, "command-api"))) {
            assertThat(deadLetters.readUntil(records -> records.stream().anyMatch(r -> clusterId.equals(r.key())),
                    Duration.ofSeconds(20))).anyMatch(r -> r.value().equals("this is not a command"));
        }
    }

    @Test
    void aCommandWithoutAValidTokenOrGrantIsRefusedStoresNothingAndTheRightTokenThenCounts() {
        String clusterId = uniqueClusterId();
        String commandId = UUID.randomUUID().toString();
        String register = codec.encode(envelope(commandId, registration(clusterId)));
        TestIssuer issuer = TestIssuer.get();
        Map<String, String> refusals = new java.util.LinkedHashMap<>();
        refusals.put("no token", null);
        refusals.put("not a bearer token", "Basic a2Fma2E6c2VjcmV0");
        refusals.put("expired", "Bearer " + issuer.expired("sre-eve", "operator:*"));
        refusals.put("other issuer", "Bearer " + issuer.fromOtherIssuer("sre-eve", "operator:*"));
        refusals.put("forged", "Bearer " + issuer.forged("sre-eve", "operator:*"));
        refusals.put("viewer", "Bearer " + issuer.viewer());
        refusals.put("executor", "Bearer " + issuer.executor());
        refusals.put("operator of another cluster", "Bearer " + issuer.operator("someone-else"));
        refusals.put("operator of another product", "Bearer " + issuer.token("sre-eve", "operator:product/ipfs"));

        int sent = 0;
        for (Map.Entry<String, String> refusal : refusals.entrySet()) {
            // each twice: a duplicate is refused again, alike
            sendWith(LedgerTopics.COMMANDS, clusterId, register, refusal.getValue());
            sendWith(LedgerTopics.COMMANDS, clusterId, register, refusal.getValue());
            sent += 2;
            List<CommandResult> answers = resultOf(commandId, sent);
            String expected = refusal.getKey().startsWith("operator") || refusal.getKey().equals("viewer")
                    || refusal.getKey().equals("executor") ? "forbidden" : "unauthenticated";
            assertThat(answers.subList(sent - 2, sent)).as(refusal.getKey()).allSatisfy(answer -> {
                assertThat(answer.status()).isEqualTo(CommandResult.REJECTED);
                assertThat(answer.problemType()).isEqualTo("urn:upgrade-ledger:problem:" + expected);
                assertThat(answer.detail()).isNotBlank();
            });
        }
        assertThat(storedEvents(clusterId)).isZero();

        // the same command id, now with a token whose grants allow it: nothing was stored for it before
        sendWith(LedgerTopics.COMMANDS, clusterId, register,
                "Bearer " + issuer.token("sre-kafka", "operator:product/camunda"));
        assertThat(resultOf(commandId, sent + 1).get(sent).status()).isEqualTo(CommandResult.ACCEPTED);
        assertThat(storedEvents(clusterId)).isEqualTo(2);
        assertThat(new StoredEvents(jdbc).metadata(clusterId)).allSatisfy(metadata -> assertThat(metadata)
                .contains("\"actor\":\"sre-kafka\"").doesNotContain("kafka-test"));
    }

    @Test
    void aForgedStepOutcomeOverKafkaIsRefusedAndChangesNothingThenTheExecutorsOutcomeCounts() throws Exception {
        String clusterId = uniqueClusterId();
        send(clusterId, codec.encode(envelope(UUID.randomUUID().toString(), registration(clusterId))));
        String request = UUID.randomUUID().toString();
        send(clusterId, codec.encode(envelope(request, new RequestUpgrade(ClusterId.of(clusterId), UpgradeId.of("u-f"),
                Version.of("7.6"), null, UpgradeStrategy.ROLLING, SchemaChange.ADDITIVE, false, MaxUnavailable.of("33%"),
                false, null, null, false, false, 3, Duration.ofMinutes(10)))));
        assertThat(resultOf(request, 1).get(0).status()).isEqualTo(CommandResult.ACCEPTED);
        List<String> before = eventTypes(clusterId);
        ReportStepOutcome forged = new ReportStepOutcome(ClusterId.of(clusterId), UpgradeId.of("u-f"), "s0.0", 1, 0,
                new StepOutcome.Succeeded(Map.of()));

        // on ledger.commands, with any token (the executor's too) or none: refused, twice each
        TestIssuer issuer = TestIssuer.get();
        List<String> tokens = java.util.Arrays.asList(null, "Bearer " + issuer.operator(clusterId),
                "Bearer " + issuer.admin(), "Bearer " + issuer.executor());
        int sent = 0;
        String forgedId = "executor:forged-" + UUID.randomUUID();
        for (String token : tokens) {
            sendWith(LedgerTopics.COMMANDS, clusterId, codec.encode(envelope(forgedId, forged)), token);
            sendWith(LedgerTopics.COMMANDS, clusterId, codec.encode(envelope(forgedId, forged)), token);
            sent += 2;
        }
        assertThat(resultOf(forgedId, sent)).hasSize(sent).allSatisfy(answer -> {
            assertThat(answer.status()).isEqualTo(CommandResult.REJECTED);
            assertThat(answer.problemType()).isEqualTo("urn:upgrade-ledger:problem:forbidden");
            assertThat(answer.detail()).contains(LedgerTopics.STEP_OUTCOMES);
        });
        // the executor's topic refuses every other Kafka user at the broker
        for (String user : List.of(KafkaAccess.CLIENT, KafkaAccess.PROJECTION, KafkaAccess.COMMAND_API)) {
            assertThatThrownBy(() -> LedgerInfrastructure.get().kafkaTemplate(user)
                    .send(LedgerTopics.STEP_OUTCOMES, clusterId, codec.encode(envelope(forgedId, forged))).get())
                    .as(user).hasRootCauseInstanceOf(TopicAuthorizationException.class);
        }
        assertThat(eventTypes(clusterId)).isEqualTo(before);

        // the executor's own report, under the same id, then counts, once
        reportAsExecutor(clusterId, codec.encode(envelope(forgedId, forged)));
        reportAsExecutor(clusterId, codec.encode(envelope(forgedId, forged)));
        List<CommandResult> answers = resultOf(forgedId, sent + 2);
        assertThat(answers.subList(sent, sent + 2)).allSatisfy(answer -> {
            assertThat(answer.status()).isEqualTo(CommandResult.ACCEPTED);
            assertThat(answer.result()).isEqualTo("ACCEPTED");
        });
        assertThat(eventTypes(clusterId)).hasSizeGreaterThan(before.size()).startsWith(before.toArray(String[]::new))
                .contains("SchemaMigrated");
        List<String> metadata = new StoredEvents(jdbc).metadata(clusterId);
        assertThat(metadata.get(before.size())).contains("\"actor\":\"executor\"");
    }

    /**
     * The outcomes of a stage's steps, taken in one poll (the listener is paused while they are sent): decided together
     * in one unit of work, each (step, attempt) counted once, a repeat by another id answered DUPLICATE, a resent id
     * answered as first, a poison record between them dead-lettered while the records around it are still answered.
     */
    @Test
    void aPollOfOneClustersOutcomesIsDecidedTogetherAndCountsEachStepOnce() throws Exception {
        String clusterId = uniqueClusterId();
        send(clusterId, codec.encode(envelope(UUID.randomUUID().toString(), registration(clusterId))));
        String request = UUID.randomUUID().toString();
        send(clusterId, codec.encode(envelope(request, new RequestUpgrade(ClusterId.of(clusterId), UpgradeId.of("u-b"),
                Version.of("7.6"), null, UpgradeStrategy.ROLLING, SchemaChange.NONE, false, MaxUnavailable.of("2"),
                false, null, null, false, false, 3, Duration.ofMinutes(10)))));
        assertThat(resultOf(request, 1).get(0).status()).isEqualTo(CommandResult.ACCEPTED);
        // steps before the first stage of several (two nodes in one rolling batch) are reported one by one
        List<StoredEvents.Started> all = new StoredEvents(jdbc).started(clusterId);
        int reportedBefore = 0;
        while (all.size() - reportedBefore == 1 && reportedBefore < 5) {
            String one = "executor:" + UUID.randomUUID();
            reportAsExecutor(clusterId, codec.encode(envelope(one, outcome(clusterId, all.get(reportedBefore)))));
            assertThat(resultOf(one, 1).get(0).result()).isEqualTo("ACCEPTED");
            reportedBefore++;
            all = new StoredEvents(jdbc).started(clusterId);
        }
        List<StoredEvents.Started> started = List.copyOf(all.subList(reportedBefore, all.size()));
        assertThat(started).as("a stage starts several steps at once").hasSizeGreaterThan(1);
        double batchedBefore = batchedCommands();

        String[] ids = new String[started.size()];
        String repeat = "executor:repeat-" + UUID.randomUUID();
        MessageListenerContainer container = listeners.getListenerContainer("ledger-commands");
        container.pause();
        await(container::isContainerPaused);
        try {
            List<java.util.concurrent.CompletableFuture<?>> sent = new java.util.ArrayList<>();
            for (int index = 0; index < started.size(); index++) {
                ids[index] = "executor:" + UUID.randomUUID();
                sent.add(reportLater(clusterId, codec.encode(envelope(ids[index], outcome(clusterId, started.get(index))))));
                if (index == 0) {
                    sent.add(reportLater(clusterId, codec.encode(envelope(ids[0], outcome(clusterId, started.get(0))))));
                    sent.add(reportLater(clusterId, codec.encode(envelope(repeat, outcome(clusterId, started.get(0))))));
                }
            }
            sent.add(reportLater(clusterId, "this is not a step outcome"));
            sent.add(reportLater(clusterId, codec.encode(envelope(ids[1], outcome(clusterId, started.get(1))))));
            sent.forEach(java.util.concurrent.CompletableFuture::join);
        } finally {
            container.resume();
        }

        for (int index = 0; index < ids.length; index++) {
            int times = index <= 1 ? 2 : 1;
            assertThat(resultOf(ids[index], times)).as(started.get(index).stepId()).hasSize(times)
                    .allSatisfy(answer -> {
                        assertThat(answer.status()).isEqualTo(CommandResult.ACCEPTED);
                        assertThat(answer.result()).isEqualTo("ACCEPTED");
                    });
        }
        assertThat(resultOf(repeat, 1)).singleElement().satisfies(answer -> {
            assertThat(answer.status()).isEqualTo(CommandResult.ACCEPTED);
            assertThat(answer.result()).isEqualTo("DUPLICATE");
        });
        assertThat(batchedCommands() - batchedBefore).as("commands decided in batches").isGreaterThan(1);
        try (TopicReader deadLetters = new TopicReader(
                LedgerTopics.deadLetter(LedgerTopics.STEP_OUTCOMES, "command-api"))) {
            assertThat(deadLetters.readUntil(records -> records.stream().anyMatch(r -> clusterId.equals(r.key())),
                    Duration.ofSeconds(20))).anyMatch(r -> r.value().equals("this is not a step outcome"));
        }
        // every outcome counted once: the steps of the next stage start with attempt 1, none of the first is retried
        List<StoredEvents.Started> after = new StoredEvents(jdbc).started(clusterId);
        assertThat(after.subList(reportedBefore, reportedBefore + started.size())).isEqualTo(started);
        assertThat(after.stream().map(StoredEvents.Started::stepId).distinct().count()).isEqualTo(after.size());
        assertThat(new StoredEvents(jdbc).metadata(clusterId).get(storedEvents(clusterId) - 1))
                .contains("\"actor\":\"executor\"");
    }

    @Test
    void theExecutorsTopicTakesOnlyStepOutcomes() {
        String clusterId = uniqueClusterId();
        String commandId = UUID.randomUUID().toString();

        reportAsExecutor(clusterId, codec.encode(envelope(commandId, registration(clusterId))));
        reportAsExecutor(clusterId, codec.encode(envelope(commandId, registration(clusterId))));

        assertThat(resultOf(commandId, 2)).allSatisfy(answer -> {
            assertThat(answer.status()).isEqualTo(CommandResult.REJECTED);
            assertThat(answer.problemType()).isEqualTo("urn:upgrade-ledger:problem:forbidden");
        });
        assertThat(storedEvents(clusterId)).isZero();
    }

    /** As an operator of every cluster, whose token the record carries. */
    private void send(String key, String value) {
        sendWith(LedgerTopics.COMMANDS, key, value, "Bearer " + TestIssuer.get().token("kafka-operator", "operator:*"));
    }

    private void reportAsExecutor(String key, String value) {
        LedgerInfrastructure.get().kafkaTemplate(KafkaAccess.EXECUTOR).send(LedgerTopics.STEP_OUTCOMES, key, value)
                .join();
    }

    private java.util.concurrent.CompletableFuture<?> reportLater(String key, String value) {
        return LedgerInfrastructure.get().kafkaTemplate(KafkaAccess.EXECUTOR).send(LedgerTopics.STEP_OUTCOMES, key,
                value);
    }

    private static ReportStepOutcome outcome(String clusterId, StoredEvents.Started step) {
        return new ReportStepOutcome(ClusterId.of(clusterId), UpgradeId.of("u-b"), step.stepId(), step.attempt(),
                step.managerEpoch(), new StepOutcome.Succeeded(Map.of()));
    }

    private double batchedCommands() {
        DistributionSummary summary = meters.find("ledger.commands.batch").summary();
        return summary == null ? 0 : summary.totalAmount();
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 20 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private void sendWith(String topic, String key, String value, String authorization) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        if (authorization != null) {
            record.headers().add(LedgerTopics.AUTHORIZATION_HEADER, authorization.getBytes(StandardCharsets.UTF_8));
        }
        LedgerInfrastructure.get().kafkaTemplate(KafkaAccess.CLIENT).send(record).join();
    }

    private List<CommandResult> resultOf(String commandId, int atLeast) {
        try (TopicReader reader = new TopicReader(LedgerTopics.COMMAND_RESULTS)) {
            return reader.readUntil(records -> records.stream().filter(r -> commandId.equals(r.key())).count() >= atLeast,
                            Duration.ofSeconds(30)).stream()
                    .filter(r -> commandId.equals(r.key()))
                    .map(ConsumerRecord::value)
                    .map(codec::decodeResult)
                    .toList();
        }
    }

    private String rawResultOf(String commandId) {
        try (TopicReader reader = new TopicReader(LedgerTopics.COMMAND_RESULTS)) {
            return reader.readUntil(records -> records.stream().anyMatch(r -> commandId.equals(r.key())),
                            Duration.ofSeconds(60)).stream()
                    .filter(r -> commandId.equals(r.key())).map(ConsumerRecord::value).findFirst().orElseThrow();
        }
    }

    private static CommandEnvelope envelope(String commandId, dev.upgradeledger.events.ClusterCommand command) {
        return new CommandEnvelope(commandId, command.getClass().getSimpleName(), "kafka-test", null, command);
    }

    private static RegisterCluster registration(String clusterId) {
        return new RegisterCluster(ClusterId.of(clusterId), "camunda", Version.of("7.5"), Version.of("7.5"),
                List.of(new NodeSpec(NodeId.of("engine-1"), "10.0.0.1:8080", null),
                        new NodeSpec(NodeId.of("engine-2"), "10.0.0.2:8080", null),
                        new NodeSpec(NodeId.of("engine-3"), "10.0.0.3:8080", null)),
                new ReleaseCatalog(List.of(new ReleaseLine("7.5", List.of(Version.of("7.5"))),
                        new ReleaseLine("7.6", List.of(Version.of("7.6"))))),
                new PolicyRules(true, true, false, true, false));
    }

    private int storedEvents(String clusterId) {
        return new StoredEvents(jdbc).count(clusterId);
    }

    private List<String> eventTypes(String clusterId) {
        return new StoredEvents(jdbc).types(clusterId);
    }

    private static String uniqueClusterId() {
        return "k-" + UUID.randomUUID().toString().substring(0, 13);
    }
}
