package dev.upgradeledger.commandapi.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.events.CommandResult;
import dev.upgradeledger.events.LedgerTopics;
import dev.upgradeledger.local.KafkaAccess;
import dev.upgradeledger.support.envelope.CommandCodec;
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
 * The fleet commands over Kafka ({@code ledger.commands}, answered on {@code ledger.command-results}): the same checks
 * and roles as over REST, each command counted once when resent.
 */
@LedgerIntegrationTest
class FleetKafkaCommandsIT extends ServiceIntegrationTest {

    private final CommandCodec codec = new CommandCodec();

    @Autowired
    JdbcClient jdbc;

    @Test
    void aFleetIsStartedAndAbortedOverKafkaOnceWhenResentWithTheRestCallsChecksAndRoles() {
        String product = "fk-" + UUID.randomUUID().toString().substring(0, 8);
        String cluster = StoredFleets.register(api, product + "-1", product);
        String fleetId = "fk-" + UUID.randomUUID().toString().substring(0, 8);
        String plan = """
                {"selector":{"product":"%s"},"targetVersion":"1.1",
                 "upgrade":{"strategy":"ROLLING","maxUnavailable":"1","schemaChange":"ADDITIVE"},
                 "waves":{"canary":"0","waveSize":"1","maxConcurrent":1},"failureBudget":"0"}""".formatted(product);
        String operator = TestIssuer.get().token("kafka-operator", "operator:cluster/" + cluster);
        String stranger = TestIssuer.get().token("kafka-stranger", "operator:cluster/elsewhere");

        // a viewer may not start one
        String viewerStart = command("StartFleetUpgrade", "{\"fleetId\":\"" + fleetId + "\",\"plan\":" + plan + "}");
        send(fleetId, viewerStart, TestIssuer.get().viewer());
        assertThat(answers(viewerStart, 1).get(0).problemType()).isEqualTo("urn:upgrade-ledger:problem:forbidden");

        // started by an operator of its cluster, and the same command resent: answered twice, recorded once
        String start = command("StartFleetUpgrade", "{\"fleetId\":\"" + fleetId + "\",\"plan\":" + plan + "}");
        send(fleetId, start, operator);
        send(fleetId, start, operator);
        List<CommandResult> started = answers(start, 2);
        assertThat(started).extracting(CommandResult::status).containsOnly(CommandResult.ACCEPTED);
        assertThat(started.get(0).result().toString()).contains(fleetId, cluster);
        assertThat(StoredFleets.fleetTypes(jdbc, fleetId).stream().filter("FleetUpgradeStarted"::equals)).hasSize(1);

        // a used id (for another product's cluster), a malformed plan, a fleet that is not halted, an unknown fleet:
        // refused as over REST
        String other = StoredFleets.register(api, product + "-x-1", product + "-x");
        String again = command("StartFleetUpgrade", "{\"fleetId\":\"" + fleetId + "\",\"plan\":"
                + plan.replace("\"" + product + "\"", "\"" + product + "-x\"") + "}");
        send(fleetId, again, TestIssuer.get().token("kafka-operator", "operator:cluster/" + cluster,
                "operator:cluster/" + other));
        assertThat(answers(again, 1).get(0).problemType()).isEqualTo("urn:upgrade-ledger:problem:fleet-exists");
        String malformed = command("StartFleetUpgrade", "{\"fleetId\":\"" + fleetId + "-m\",\"plan\":{\"selector\":"
                + "{\"product\":\"" + product + "\"},\"targetVersion\":\"1.1\",\"wavez\":1}}");
        send(fleetId, malformed, operator);
        assertThat(answers(malformed, 1).get(0).status()).isEqualTo(CommandResult.INVALID);
        String reserved = command("StartFleetUpgrade", "{\"fleetId\":\"stream\",\"plan\":" + plan + "}");
        send("stream", reserved, operator);
        assertThat(answers(reserved, 1).get(0).status()).isEqualTo(CommandResult.INVALID);
        assertThat(StoredFleets.fleetTypes(jdbc, "stream")).isEmpty();
        String notHalted = command("ResumeFleetUpgrade", "{\"fleetId\":\"" + fleetId + "\"}");
        send(fleetId, notHalted, operator);
        assertThat(answers(notHalted, 1).get(0).problemType())
                .isEqualTo("urn:upgrade-ledger:problem:fleet-not-halted");
        String unknown = command("ResumeFleetUpgrade", "{\"fleetId\":\"no-such-fleet\"}");
        send("no-such-fleet", unknown, operator);
        assertThat(answers(unknown, 1).get(0).problemType()).isEqualTo("urn:upgrade-ledger:problem:fleet-not-found");

        // an operator of other clusters may not abort it
        String strangerAbort = command("AbortFleetUpgrade", "{\"fleetId\":\"" + fleetId + "\",\"reason\":\"mine\"}");
        send(fleetId, strangerAbort, stranger);
        assertThat(answers(strangerAbort, 1).get(0).problemType()).isEqualTo("urn:upgrade-ledger:problem:forbidden");
        assertThat(StoredFleets.fleetTypes(jdbc, fleetId)).doesNotContain("FleetUpgradeAborted");

        // aborted by its operator, resent: one abort
        String abort = command("AbortFleetUpgrade", "{\"fleetId\":\"" + fleetId + "\",\"reason\":\"drill over\"}");
        send(fleetId, abort, operator);
        send(fleetId, abort, operator);
        assertThat(answers(abort, 2)).extracting(CommandResult::status).containsOnly(CommandResult.ACCEPTED);
        assertThat(StoredFleets.fleetTypes(jdbc, fleetId).stream().filter("FleetUpgradeAborted"::equals)).hasSize(1);
        ApiResponse ended = api.post("/api/v1/fleet-upgrades/" + fleetId + "/abort", "{\"reason\":\"late\"}");
        assertThat(ended.status()).isEqualTo(409);
    }

    @Test
    void aFleetIsRolledBackOverKafkaOnceWhenResentWithTheRestCallsRoles() {
        String product = "fr-" + UUID.randomUUID().toString().substring(0, 8);
        String cluster = StoredFleets.register(api, product + "-1", product);
        String fleetId = "fr-" + UUID.randomUUID().toString().substring(0, 8);
        ApiResponse started = api.post("/api/v1/fleet-upgrades", """
                {"fleetId":"%s","selector":{"product":"%s"},"targetVersion":"1.1",
                 "upgrade":{"strategy":"ROLLING","maxUnavailable":"1","schemaChange":"ADDITIVE"},
                 "waves":{"canary":"0","waveSize":"1","maxConcurrent":1},"failureBudget":"0"}"""
                .formatted(fleetId, product));
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        String operator = TestIssuer.get().token("kafka-operator", "operator:cluster/" + cluster);

        // an operator of other clusters may not roll it back
        String byStranger = command("RollBackFleetUpgrade", "{\"fleetId\":\"" + fleetId + "\",\"reason\":\"mine\"}");
        send(fleetId, byStranger, TestIssuer.get().token("kafka-stranger", "operator:cluster/elsewhere"));
        assertThat(answers(byStranger, 1).get(0).problemType()).isEqualTo("urn:upgrade-ledger:problem:forbidden");

        // rolled back by its operator, resent: answered twice, recorded once
        String rollBack = command("RollBackFleetUpgrade", "{\"fleetId\":\"" + fleetId + "\",\"reason\":\"bad build\"}");
        send(fleetId, rollBack, operator);
        send(fleetId, rollBack, operator);
        assertThat(answers(rollBack, 2)).extracting(CommandResult::status).containsOnly(CommandResult.ACCEPTED);
        assertThat(StoredFleets.fleetTypes(jdbc, fleetId).stream().filter("FleetRollbackStarted"::equals)).hasSize(1);
        // and the same rollback as a new command: the fleet has ended
        String again = command("RollBackFleetUpgrade", "{\"fleetId\":\"" + fleetId + "\"}");
        send(fleetId, again, operator);
        assertThat(answers(again, 1).get(0).problemType()).isEqualTo("urn:upgrade-ledger:problem:fleet-ended");
    }

    @Test
    void aWaveIsApprovedOverKafkaOnceWhenResentByTheSenderWithTheRestCallsChecksAndRoles() {
        // given a fleet with an approval gate whose canary settled (aborted: within the budget of 1)
        String product = "fa-" + UUID.randomUUID().toString().substring(0, 8);
        String canary = StoredFleets.register(api, product + "-1", product);
        String second = StoredFleets.register(api, product + "-2", product);
        String fleetId = "fa-" + UUID.randomUUID().toString().substring(0, 8);
        ApiResponse started = api.post("/api/v1/fleet-upgrades", """
                {"fleetId":"%s","selector":{"product":"%s"},"targetVersion":"1.1",
                 "upgrade":{"strategy":"ROLLING","maxUnavailable":"1","schemaChange":"ADDITIVE"},
                 "waves":{"canary":"1","waveSize":"1","maxConcurrent":1},"failureBudget":"1",
                 "gates":{"approval":true}}""".formatted(fleetId, product));
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        String operator = TestIssuer.get().token("kafka-approver", "operator:cluster/" + canary,
                "operator:cluster/" + second);

        // an approval before the wave waits for it is refused with its rule
        String early = command("ApproveFleetWave", "{\"fleetId\":\"" + fleetId + "\",\"wave\":1,\"reason\":\"go\"}");
        send(fleetId, early, operator);
        assertThat(answers(early, 1).get(0).problemType())
                .isEqualTo("urn:upgrade-ledger:problem:fleet-wave-not-awaiting-approval");
        StoredFleets.await("the canary's upgrade", () -> StoredFleets.types(jdbc, canary).contains("UpgradePlanned"));
        assertThat(api.post("/api/v1/clusters/" + canary + "/upgrades/" + fleetId + "/abort",
                "{\"reason\":\"drill\"}").status()).isLessThan(300);
        StoredFleets.await("the approval asked",
                () -> StoredFleets.fleetTypes(jdbc, fleetId).contains("FleetWaveAwaitingApproval"));

        // a viewer may not approve; a wave without a reason is INVALID
        String byViewer = command("ApproveFleetWave", "{\"fleetId\":\"" + fleetId + "\",\"wave\":1,\"reason\":\"go\"}");
        send(fleetId, byViewer, TestIssuer.get().viewer());
        assertThat(answers(byViewer, 1).get(0).problemType()).isEqualTo("urn:upgrade-ledger:problem:forbidden");
        String noReason = command("ApproveFleetWave", "{\"fleetId\":\"" + fleetId + "\",\"wave\":1}");
        send(fleetId, noReason, operator);
        assertThat(answers(noReason, 1).get(0).status()).isEqualTo(CommandResult.INVALID);

        // approved by its operator and resent: answered twice, recorded once, by the token's subject
        String approve = command("ApproveFleetWave", "{\"fleetId\":\"" + fleetId
                + "\",\"wave\":1,\"reason\":\"canary drill understood\"}");
        send(fleetId, approve, operator);
        send(fleetId, approve, operator);
        assertThat(answers(approve, 2)).extracting(CommandResult::status).containsOnly(CommandResult.ACCEPTED);
        assertThat(StoredFleets.fleetTypes(jdbc, fleetId).stream().filter("FleetWaveApproved"::equals)).hasSize(1);
        assertThat(jdbc.sql("select convert_from(payload, 'UTF8')::jsonb ->> 'approvedBy' from domainevententry"
                        + " where aggregateidentifier = ? and payloadtype like '%$FleetWaveApproved'")
                .param(FleetUpgrade.aggregateId(fleetId)).query(String.class).single()).isEqualTo("kafka-approver");
        // and the same approval as a new command is refused: approved once
        String twice = command("ApproveFleetWave", "{\"fleetId\":\"" + fleetId + "\",\"wave\":1,\"reason\":\"go\"}");
        send(fleetId, twice, operator);
        assertThat(answers(twice, 1).get(0).problemType())
                .isEqualTo("urn:upgrade-ledger:problem:fleet-wave-already-approved");
        assertThat(api.post("/api/v1/fleet-upgrades/" + fleetId + "/abort", "{\"reason\":\"done\"}").status())
                .isEqualTo(202);
    }

    private static String command(String type, String payload) {
        return "{\"commandId\":\"fk-" + UUID.randomUUID() + "\",\"commandType\":\"" + type
                + "\",\"actor\":\"kafka-test\",\"payload\":" + payload + "}";
    }

    private static String commandId(String value) {
        int start = value.indexOf("\"commandId\":\"") + 13;
        return value.substring(start, value.indexOf('"', start));
    }

    private void send(String fleetId, String value, String token) {
        ProducerRecord<String, String> record = new ProducerRecord<>(LedgerTopics.COMMANDS, "fleet/" + fleetId, value);
        record.headers().add(LedgerTopics.AUTHORIZATION_HEADER, ("Bearer " + token).getBytes(StandardCharsets.UTF_8));
        LedgerInfrastructure.get().kafkaTemplate(KafkaAccess.CLIENT).send(record).join();
    }

    private List<CommandResult> answers(String value, int atLeast) {
        String commandId = commandId(value);
        try (TopicReader reader = new TopicReader(LedgerTopics.COMMAND_RESULTS)) {
            return reader.readUntil(records -> records.stream().filter(r -> commandId.equals(r.key())).count()
                            >= atLeast, Duration.ofSeconds(60)).stream()
                    .filter(r -> commandId.equals(r.key())).map(ConsumerRecord::value).map(codec::decodeResult)
                    .toList();
        }
    }
}
