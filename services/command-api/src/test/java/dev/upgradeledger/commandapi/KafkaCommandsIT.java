package dev.upgradeledger.commandapi;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.upgradeledger.events.StepOutcome;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.events.UpgradeStrategy;
import dev.upgradeledger.events.Version;
import dev.upgradeledger.support.envelope.CommandCodec;
import dev.upgradeledger.testsupport.LedgerInfrastructure;
import dev.upgradeledger.testsupport.LedgerIntegrationTest;
import dev.upgradeledger.testsupport.ServiceIntegrationTest;
import dev.upgradeledger.testsupport.TopicReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

/** Commands over Kafka on the real stack: each answered once on ledger.command-results, repeats change nothing. */
@LedgerIntegrationTest
class KafkaCommandsIT extends ServiceIntegrationTest {

    /** The super user's producer: the test plays the other services and clients. */
    KafkaTemplate<String, String> kafka = LedgerInfrastructure.get().kafkaTemplate();
    @Autowired
    JdbcClient jdbc;

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
        send(clusterId, codec.encode(envelope(report, migrated)));
        send(clusterId, codec.encode(envelope(again, migrated)));

        assertThat(resultOf(report, 1).get(0).result()).isEqualTo("ACCEPTED");
        assertThat(resultOf(again, 1).get(0).result()).isEqualTo("DUPLICATE");
        assertThat(eventTypes(clusterId)).containsSubsequence("UpgradeRequested", "UpgradePlanned", "StepStarted",
                "SchemaMigrated", "StepStarted");
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

    private void send(String key, String value) {
        kafka.send(LedgerTopics.COMMANDS, key, value).join();
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
