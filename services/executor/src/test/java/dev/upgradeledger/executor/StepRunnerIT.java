package dev.upgradeledger.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.ClusterRegistered;
import dev.upgradeledger.events.CommandEnvelope;
import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.LedgerEvent;
import dev.upgradeledger.events.LedgerEvents;
import dev.upgradeledger.events.LedgerTopics;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.NodeSpec;
import dev.upgradeledger.events.ReportStepOutcome;
import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.events.StepOutcome;
import dev.upgradeledger.events.StepStarted;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.events.Version;
import dev.upgradeledger.executor.driver.simulated.Fault;
import dev.upgradeledger.executor.driver.simulated.FaultInjector;
import dev.upgradeledger.executor.runner.StepWorkers;
import dev.upgradeledger.support.envelope.CommandCodec;
import dev.upgradeledger.support.envelope.EnvelopeCodec;
import dev.upgradeledger.testsupport.LedgerInfrastructure;
import dev.upgradeledger.testsupport.ServiceIntegrationTest;
import dev.upgradeledger.testsupport.TopicReader;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.JsonNode;

/** The step runner on the real stack: StepStarted in, the simulated fleet acts, ReportStepOutcome out, effects once. */
@ExecutorIntegrationTest
class StepRunnerIT extends ServiceIntegrationTest {

    private static final AtomicLong POSITIONS = new AtomicLong(50_000);

    /** The super user's producer: the test plays the other services and clients. */
    KafkaTemplate<String, String> kafka = LedgerInfrastructure.get().kafkaTemplate();
    @Autowired
    FaultInjector faults;
    @Autowired
    StepWorkers workers;
    @Autowired
    MeterRegistry meters;

    private final EnvelopeCodec events = new EnvelopeCodec();
    private final CommandCodec commands = new CommandCodec();

    @AfterEach
    void clearFaults() {
        faults.clear();
    }

    @Test
    void aStartedUpgradeStepChangesTheSimulatedNodeAndIsReportedOnce() {
        String clusterId = registered();
        EventEnvelope upgrade = step(clusterId, 1, "s1.0", StepAction.UPGRADE_NODE, "engine-1", Map.of("version", "7.6"),
                Instant.now().plusSeconds(60));

        publish(upgrade);
        ReportStepOutcome report = reportsOf(clusterId, 1).get(0);
        double duplicates = duplicates();
        publish(upgrade);
        await().atMost(Duration.ofSeconds(20)).until(() -> duplicates() > duplicates);
        await().atMost(Duration.ofSeconds(20)).until(() -> workers.inFlight() == 0 && workers.queued() == 0);

        assertThat(CommandsTopic.everythingFor(clusterId)).as("reported once").hasSize(1);

        assertThat(report.stepId()).isEqualTo("s1.0");
        assertThat(report.attempt()).isEqualTo(1);
        assertThat(report.managerEpoch()).isEqualTo(3);
        assertThat(report.outcome()).isInstanceOf(StepOutcome.Succeeded.class);
        JsonNode fleet = api.get("/api/v1/simulated/clusters/" + clusterId).json();
        assertThat(fleet.at("/nodes/0/version").asString()).isEqualTo("7.6");
        assertThat(fleet.at("/nodes/1/version").asString()).isEqualTo("7.5");
        assertThat(fleet.get("actions")).hasSize(1);
        assertThat(fleet.at("/actions/0/idempotencyKey").asString()).isEqualTo(clusterId + "/u-1/s1.0/1");
        assertThat(fleet.at("/actions/0/received").asInt()).isEqualTo(1);
        assertThat(api.get("/api/v1/steps?clusterId=" + clusterId).json()).hasSize(1);
    }

    @Test
    void aRedeliveredStepAlreadyReportedIsNeitherPerformedNorReportedAgain() {
        String clusterId = registered();
        EventEnvelope isolate = step(clusterId, 1, "s1.0", StepAction.ISOLATE_NODE, "engine-2", Map.of(),
                Instant.now().plusSeconds(60));
        publish(isolate);
        reportsOf(clusterId, 1);

        EventEnvelope redelivered = new EventEnvelope(isolate.eventId(), isolate.eventType(), isolate.eventRevision(),
                isolate.clusterId(), 2, POSITIONS.incrementAndGet(), isolate.timestamp(), "req-1", "cmd-1", "ledger",
                isolate.payload());
        publish(redelivered);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                api.get("/api/v1/cursors/" + clusterId).json().get("lastSequence").asLong() == 2);
        await().atMost(Duration.ofSeconds(20)).until(() -> workers.inFlight() == 0 && workers.queued() == 0);

        assertThat(CommandsTopic.everythingFor(clusterId)).extracting(CommandEnvelope::commandId)
                .containsExactly("executor:" + clusterId + "/u-1/s1.0/1");
        assertThat(api.get("/api/v1/simulated/clusters/" + clusterId).json().at("/actions/0/received").asInt())
                .as("the driver was not called again").isEqualTo(1);
        // the REPORTED mark is written by the next sweep (StepExecutions#reported), within a second
        await().atMost(Duration.ofSeconds(10)).until(() ->
                "REPORTED".equals(api.get("/api/v1/steps?clusterId=" + clusterId).json().at("/0/status").asString()));
        JsonNode steps = api.get("/api/v1/steps?clusterId=" + clusterId).json();
        assertThat(steps).hasSize(1);
        assertThat(steps.at("/0/performs").asInt()).isEqualTo(1);
    }

    @Test
    void anInjectedFailureIsReportedAsAFailureWithItsRetryableFlag() {
        String clusterId = registered();
        faults.add(new Fault(clusterId, "engine-1", StepAction.VERIFY_NODE, Fault.Mode.FAIL, 1, false));

        EventEnvelope verify = step(clusterId, 1, "s2.0", StepAction.VERIFY_NODE, "engine-1", Map.of(),
                Instant.now().plusSeconds(60));
        publish(verify);
        publish(verify);

        StepOutcome.Failed failed = (StepOutcome.Failed) reportsOf(clusterId, 1).get(0).outcome();
        assertThat(failed.code()).isEqualTo("injected-failure");
        assertThat(failed.retryable()).isFalse();
    }

    @Test
    void aHangingActionIsCutOffAtTheStepsDeadlineAndReportedAsARetryableTimeout() {
        String clusterId = registered();
        faults.add(new Fault(clusterId, null, StepAction.HALT_WORKLOADS, Fault.Mode.HANG, 1, true));

        EventEnvelope halt = step(clusterId, 1, "s0.0", StepAction.HALT_WORKLOADS, null, Map.of(),
                Instant.now().plusSeconds(2));
        publish(halt);
        publish(halt);

        StepOutcome.Failed failed = (StepOutcome.Failed) reportsOf(clusterId, 1).get(0).outcome();
        assertThat(failed.code()).isEqualTo("timeout");
        assertThat(failed.retryable()).isTrue();
        assertThat(meters.get("ledger.executor.action.duration").tag("driver", "simulated")
                .tag("action", "HALT_WORKLOADS").tag("outcome", "failed").tag("code", "timeout").timer().count())
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void aStepWhoseDeadlineHasPassedIsNotStarted() {
        String clusterId = registered();

        publish(step(clusterId, 1, "s0.0", StepAction.HALT_WORKLOADS, null, Map.of(), Instant.now().minusSeconds(5)));
        publish(step(clusterId, 2, "s0.1", StepAction.EXPORT_STATE, null, Map.of(), Instant.now().plusSeconds(60)));

        List<ReportStepOutcome> reports = reportsOf(clusterId, 1);
        assertThat(reports).extracting(ReportStepOutcome::stepId).containsExactly("s0.1");
        assertThat(((StepOutcome.Succeeded) reports.get(0).outcome()).facts()).containsKey("checksum");
    }

    /**
     * The Inmanta migration's steps on one simulated orchestrator (seed 004): the restore (6-7) needs the server
     * stopped (5) and brings the environments halted; the check (9) names a missing environment; a compile (10a)
     * injected to fail for one environment fails naming it, and that environment is not resumed (10b) without a
     * successful compile; a resumed environment fails the check. Each step is delivered twice and acts once.
     */
    @Test
    void theInmantaStepsActOnTheSimulatedOrchestratorAndACompileFailsForOneNamedEnvironment() {
        String clusterId = registered();
        faults.add(new Fault(clusterId, null, StepAction.RECOMPILE_ENVIRONMENT, Fault.Mode.FAIL, 1, false,
                Duration.ZERO, "prod"));
        List<Map.Entry<StepAction, Map<String, String>>> steps = List.of(
                Map.entry(StepAction.VERIFY_TARGET, Map.of("version", "7.5")),
                Map.entry(StepAction.EXPORT_STATE, Map.of("schemaVersion", "7.5")),
                Map.entry(StepAction.IMPORT_STATE, Map.of("from", clusterId, "environments", "dev,prod")),
                Map.entry(StepAction.STOP_SERVER, Map.of()),
                Map.entry(StepAction.IMPORT_STATE, Map.of("from", clusterId, "environments", "dev,prod")),
                Map.entry(StepAction.START_SERVER, Map.of("version", "7.5")),
                Map.entry(StepAction.CHECK_ENVIRONMENTS, Map.of("environments", "dev,qa")),
                Map.entry(StepAction.CHECK_ENVIRONMENTS, Map.of("environments", "dev,prod")),
                Map.entry(StepAction.RECOMPILE_ENVIRONMENT, Map.of("environment", "prod")),
                Map.entry(StepAction.RESUME_ENVIRONMENT, Map.of("environment", "prod")),
                Map.entry(StepAction.RECOMPILE_ENVIRONMENT, Map.of("environment", "dev")),
                Map.entry(StepAction.RESUME_ENVIRONMENT, Map.of("environment", "dev")),
                Map.entry(StepAction.CHECK_ENVIRONMENTS, Map.of("environments", "dev,prod")),
                Map.entry(StepAction.RECOMPILE_ENVIRONMENT, Map.of("environment", "prod; rm -rf /")));
        List<ReportStepOutcome> reports = List.of();
        for (int i = 0; i < steps.size(); i++) {
            EventEnvelope started = step(clusterId, i + 1, "s" + i + ".0", steps.get(i).getKey(), null,
                    steps.get(i).getValue(), Instant.now().plusSeconds(60));
            publish(started);
            publish(started);
            reports = reportsOf(clusterId, i + 1);
        }

        assertThat(reports).extracting(ReportStepOutcome::stepId).as("each step reported once")
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, steps.size()).mapToObj(i -> "s" + i + ".0")
                        .toList());
        assertThat(reports).extracting(report -> report.outcome() instanceof StepOutcome.Failed failed
                        ? failed.code() + ": " + failed.message() : "ok")
                .containsExactly("ok", "ok",
                        "server-running: the server of " + clusterId + " runs; stop it before its database is restored",
                        "ok", "ok", "ok",
                        "environment-missing: environment qa is not on " + clusterId + " after the restore",
                        "ok",
                        "compile-failed: the compile of environment prod on " + clusterId + " failed (injected)",
                        "not-compiled: environment prod on " + clusterId + " has no successful compile; it is not"
                                + " resumed",
                        "ok", "ok",
                        "environment-running: environment dev on " + clusterId + " is running, not halted",
                        "invalid-environment: step s13.0 (RECOMPILE_ENVIRONMENT): environment node group must be 1-64"
                                + " letters, digits, '.', '_' or '-' (not starting with one of these), was"
                                + " \"prod; rm -rf /\"");
        JsonNode fleet = api.get("/api/v1/simulated/clusters/" + clusterId).json();
        assertThat(fleet.get("serverStopped").asBoolean()).isFalse();
        assertThat(fleet.get("environments")).extracting(JsonNode::asString).containsExactly("dev", "prod");
        assertThat(fleet.get("compiledEnvironments")).extracting(JsonNode::asString).containsExactly("dev");
        assertThat(fleet.get("resumedEnvironments")).extracting(JsonNode::asString).containsExactly("dev");
        assertThat(fleet.get("actions")).allSatisfy(action -> assertThat(action.get("received").asInt())
                .as("a duplicate delivery is not performed again").isEqualTo(1));
    }

    private double duplicates() {
        return meters.find("ledger.executor.events").tag("outcome", "duplicate").tag("type", "StepStarted")
                .counters().stream().mapToDouble(counter -> counter.count()).sum();
    }

    private String registered() {
        String clusterId = "r-" + UUID.randomUUID().toString().substring(0, 13);
        publish(envelope(clusterId, 0, new ClusterRegistered(ClusterId.of(clusterId), "camunda", Version.of("7.5"),
                Version.of("7.5"), List.of(new NodeSpec(NodeId.of("engine-1"), "10.0.0.1:8080", "zone-a"),
                new NodeSpec(NodeId.of("engine-2"), "10.0.0.2:8080", "zone-b")))));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> api.get("/api/v1/simulated/clusters/" + clusterId).status() == 200);
        return clusterId;
    }

    private EventEnvelope step(String clusterId, long sequence, String stepId, StepAction action, String nodeId,
                               Map<String, String> parameters, Instant deadline) {
        return envelope(clusterId, sequence, new StepStarted(ClusterId.of(clusterId), UpgradeId.of("u-1"), stepId,
                action, ClusterId.of(clusterId), nodeId == null ? null : NodeId.of(nodeId), parameters, 1, deadline, 3));
    }

    private static EventEnvelope envelope(String clusterId, long sequence, LedgerEvent event) {
        return new EventEnvelope(UUID.randomUUID().toString(), LedgerEvents.typeName(event.getClass()), "1",
                ClusterId.of(clusterId), sequence, POSITIONS.incrementAndGet(), Instant.now(), "req-1", "cmd-1",
                "ledger", event);
    }

    private void publish(EventEnvelope envelope) {
        kafka.send(LedgerTopics.EVENTS, envelope.clusterId().value(), events.encode(envelope)).join();
    }

    private List<ReportStepOutcome> reportsOf(String clusterId, int atLeast) {
        return commandsOf(clusterId, atLeast).stream().map(envelope -> (ReportStepOutcome) envelope.payload()).toList();
    }

    private List<CommandEnvelope> commandsOf(String clusterId, int atLeast) {
        try (TopicReader reader = new TopicReader(LedgerTopics.STEP_OUTCOMES)) {
            return reader.readUntil(records -> records.stream().filter(r -> clusterId.equals(r.key())).count() >= atLeast,
                            Duration.ofSeconds(30)).stream()
                    .filter(r -> clusterId.equals(r.key()))
                    .map(r -> commands.decode(r.value()).envelope())
                    .toList();
        }
    }
}
