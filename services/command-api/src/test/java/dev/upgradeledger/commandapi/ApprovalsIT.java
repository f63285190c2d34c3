package dev.upgradeledger.commandapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.upgradeledger.events.ApproveUpgrade;
import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.CommandEnvelope;
import dev.upgradeledger.events.CommandResult;
import dev.upgradeledger.events.LedgerTopics;
import dev.upgradeledger.events.UpgradeId;
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
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Approvals on the real stack: Replicante's profile puts "read the upgrade notes" (an APPROVAL step, {@code s0.0})
 * before the first step. An approval given over REST and the same one over Kafka count once; one nobody gives expires
 * by its deadline (the db-scheduler deadline of command-api) and the upgrade never starts a step; a rejection aborts.
 */
@LedgerIntegrationTest
class ApprovalsIT extends ServiceIntegrationTest {

    @Autowired
    JdbcClient jdbc;

    private final CommandCodec codec = new CommandCodec();

    @Test
    void anApprovalGivenOverRestAndOverKafkaCountsOnce() {
        // REST first, then the same approval over Kafka
        String overRestFirst = replicanteUpgrade("{\"upgradeId\":\"u-r\",\"targetVersion\":\"0.7.1\","
                + "\"strategy\":\"ROLLING\",\"maxUnavailable\":\"1\"}");
        ApiClient alice = api.as(TestIssuer.get().token("alice", "operator:*"));
        ApiResponse approved = alice.post(approval(overRestFirst, "u-r", "s0.0", "approve"),
                "{\"reason\":\"notes read: no breaking change\"}");
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(approved.json().get("counted").asBoolean()).isTrue();
        CommandResult overKafka = sendOverKafka(overRestFirst, new ApproveUpgrade(ClusterId.of(overRestFirst),
                UpgradeId.of("u-r"), "s0.0", "the same approval over Kafka"));
        assertThat(overKafka.status()).isEqualTo(CommandResult.ACCEPTED);
        assertThat(overKafka.result()).isEqualTo("DUPLICATE");

        // Kafka first (delivered twice), then the same approval over REST
        String overKafkaFirst = replicanteUpgrade("{\"upgradeId\":\"u-k\",\"targetVersion\":\"0.7.1\","
                + "\"strategy\":\"ROLLING\",\"maxUnavailable\":\"1\"}");
        ApproveUpgrade approve = new ApproveUpgrade(ClusterId.of(overKafkaFirst), UpgradeId.of("u-k"), "s0.0",
                "notes read");
        assertThat(sendOverKafka(overKafkaFirst, approve).result()).isEqualTo("ACCEPTED");
        assertThat(sendOverKafka(overKafkaFirst, approve).result()).isEqualTo("DUPLICATE");
        ApiResponse again = alice.post(approval(overKafkaFirst, "u-k", "s0.0", "approve"), "");
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().get("counted").asBoolean()).isFalse();

        for (String cluster : List.of(overRestFirst, overKafkaFirst)) {
            List<String> types = new StoredEvents(jdbc).types(cluster);
            assertThat(types).filteredOn("UpgradeApproved"::equals).hasSize(1);
            assertThat(types).containsSubsequence("UpgradePlanned", "StepStarted", "UpgradeApproved", "StepStarted");
        }
        assertThat(payloadOf(overRestFirst, "UpgradeApproved")).contains("\"approvedBy\":\"alice\"",
                "notes read: no breaking change", "read the upgrade notes");
        assertThat(payloadOf(overKafkaFirst, "UpgradeApproved")).contains("\"approvedBy\":\"kafka-operator\"");
    }

    @Test
    void anApprovalNobodyGivesExpiresByItsDeadlineAndTheUpgradeDoesNotStart() {
        String cluster = replicanteUpgrade("{\"upgradeId\":\"u-x\",\"targetVersion\":\"0.7.1\","
                + "\"strategy\":\"ROLLING\",\"maxUnavailable\":\"1\",\"approvalTimeout\":\"2s\"}");
        await().atMost(Duration.ofSeconds(60)).until(() -> new StoredEvents(jdbc).types(cluster)
                .contains("UpgradeAborted"));
        List<String> types = new StoredEvents(jdbc).types(cluster);
        assertThat(types).endsWith("UpgradePlanned", "StepStarted", "StepTimedOut", "UpgradeAborted");
        assertThat(types).filteredOn("StepStarted"::equals).as("only the approval ever started").hasSize(1);
        assertThat(payloadOf(cluster, "StepStarted")).contains("\"action\":\"APPROVAL\"");
        assertThat(payloadOf(cluster, "UpgradeAborted")).contains("expired", "nobody approved it");

        ApiResponse late = api.post(approval(cluster, "u-x", "s0.0", "approve"), "");
        assertThat(late.status()).as(late.body()).isEqualTo(409);
        assertThat(late.contentType()).startsWith("application/problem+json");
        assertThat(late.json().get("type").asString()).endsWith("upgrade-not-active");
    }

    @Test
    void aRejectionIsRecordedWithWhoAndWhyAndAbortsAndOnlyThePendingApprovalCanBeAnswered() {
        String cluster = replicanteUpgrade("{\"upgradeId\":\"u-j\",\"targetVersion\":\"0.7.1\","
                + "\"strategy\":\"ROLLING\",\"maxUnavailable\":\"1\"}");
        ApiResponse notPending = api.post(approval(cluster, "u-j", "s1.0", "approve"), "");
        assertThat(notPending.status()).as(notPending.body()).isEqualTo(409);
        assertThat(notPending.json().get("type").asString()).endsWith("approval-not-pending");
        assertThat(notPending.json().get("detail").asString()).contains("waits for approval s0.0");
        ApiResponse badStep = api.post(approval(cluster, "u-j", "x0.0", "approve"), "");
        assertThat(badStep.status()).as("a step id is checked at the edge").isEqualTo(400);
        assertThat(badStep.contentType()).startsWith("application/problem+json");

        ApiClient carol = api.as(TestIssuer.get().token("carol", "operator:*"));
        ApiResponse rejected = carol.post(approval(cluster, "u-j", "s0.0", "reject"),
                "{\"reason\":\"the changelog lists a breaking change\"}");
        assertThat(rejected.status()).as(rejected.body()).isEqualTo(200);
        assertThat(new StoredEvents(jdbc).types(cluster)).endsWith("ApprovalRejected", "UpgradeAborted");
        assertThat(payloadOf(cluster, "ApprovalRejected")).contains("\"rejectedBy\":\"carol\"", "breaking change");
        assertThat(carol.post(approval(cluster, "u-j", "s0.0", "reject"), "").status())
                .as("a repeated rejection changes nothing").isEqualTo(409);
        assertThat(new StoredEvents(jdbc).types(cluster)).filteredOn("ApprovalRejected"::equals).hasSize(1);
    }

    private String replicanteUpgrade(String request) {
        String clusterId = "a-" + UUID.randomUUID().toString().substring(0, 13);
        ApiResponse registered = api.post("/api/v1/clusters", """
                {"clusterId":"%s","product":"replicante","version":"0.7.0",
                 "nodes":[{"id":"node-1","address":"10.0.3.1:7000","role":"node"},
                          {"id":"node-2","address":"10.0.3.2:7000","role":"node"}]}""".formatted(clusterId));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        ApiResponse accepted = api.post("/api/v1/clusters/" + clusterId + "/upgrades", request);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
        assertThat(accepted.json().at("/decision/hops/0/plan/stages/0/steps/0/action").asString())
                .isEqualTo("APPROVAL");
        return clusterId;
    }

    private static String approval(String cluster, String upgrade, String step, String verb) {
        return "/api/v1/clusters/" + cluster + "/upgrades/" + upgrade + "/approvals/" + step + "/" + verb;
    }

    private CommandResult sendOverKafka(String key, dev.upgradeledger.events.ClusterCommand command) {
        String commandId = UUID.randomUUID().toString();
        ProducerRecord<String, String> record = new ProducerRecord<>(LedgerTopics.COMMANDS, key,
                codec.encode(new CommandEnvelope(commandId, command.getClass().getSimpleName(), "kafka-test", null,
                        command)));
        record.headers().add(LedgerTopics.AUTHORIZATION_HEADER, ("Bearer " + TestIssuer.get().token("kafka-operator",
                "operator:*")).getBytes(StandardCharsets.UTF_8));
        LedgerInfrastructure.get().kafkaTemplate(KafkaAccess.CLIENT).send(record).join();
        try (TopicReader reader = new TopicReader(LedgerTopics.COMMAND_RESULTS)) {
            return reader.readUntil(records -> records.stream().anyMatch(r -> commandId.equals(r.key())),
                            Duration.ofSeconds(30)).stream()
                    .filter(r -> commandId.equals(r.key()))
                    .map(ConsumerRecord::value)
                    .map(codec::decodeResult)
                    .findFirst().orElseThrow();
        }
    }

    /** The stored payload (JSON text) of the cluster's last event of this type. */
    private String payloadOf(String clusterId, String type) {
        return jdbc.sql("select convert_from(payload, 'UTF8') from domainevententry where aggregateidentifier = ?"
                        + " and payloadtype like ? order by sequencenumber desc limit 1")
                .param(clusterId).param("%." + type).query(String.class).single();
    }
}
