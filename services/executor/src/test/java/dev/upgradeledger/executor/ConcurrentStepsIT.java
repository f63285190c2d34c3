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
import dev.upgradeledger.executor.driver.ActionContext;
import dev.upgradeledger.executor.driver.ActionContext.NodeTarget;
import dev.upgradeledger.executor.driver.simulated.Fault;
import dev.upgradeledger.executor.driver.simulated.FaultInjector;
import dev.upgradeledger.executor.driver.simulated.SimulatedNodeDriver;
import dev.upgradeledger.executor.runner.StepWorkers;
import dev.upgradeledger.support.envelope.EnvelopeCodec;
import dev.upgradeledger.testsupport.LedgerInfrastructure;
import dev.upgradeledger.testsupport.ServiceIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The executor performs steps off the Kafka listener: concurrently, bounded, effects once per (step, attempt) across
 * duplicates, takeovers and actions longer than Kafka's poll interval. Overlap is read from the executor's own record
 * of when each call of the driver started and finished ({@code GET /api/v1/steps}), never from wall-clock speed.
 */
@ExecutorIntegrationTest
class ConcurrentStepsIT extends ServiceIntegrationTest {

    private static final AtomicLong POSITIONS = new AtomicLong(900_000);

    /** The super user's producer: the test plays the other services and clients. */
    KafkaTemplate<String, String> kafka = LedgerInfrastructure.get().kafkaTemplate();
    @Autowired
    FaultInjector faults;
    @Autowired
    StepWorkers workers;
    @Autowired
    MeterRegistry meters;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    SimulatedNodeDriver simulated;

    private final EnvelopeCodec events = new EnvelopeCodec();
    private final JsonMapper json = JsonMapper.builder().build();

    @AfterEach
    void clearFaults() {
        faults.clear();
    }

    @Test
    void theStepsOfOneStageActAtTheSameTime() {
        String clusterId = registered(3);
        faults.add(Fault.delay(clusterId, null, StepAction.ISOLATE_NODE, 3, Duration.ofMillis(1500)));
        List<EventEnvelope> stage = IntStream.rangeClosed(1, 3).mapToObj(i -> step(clusterId, i, "s1." + i,
                StepAction.ISOLATE_NODE, "engine-" + i, Map.of())).toList();

        stage.forEach(this::publish);
        publish(stage.get(0));

        List<JsonNode> steps = awaitReported(clusterId, 3);
        assertThat(steps).allMatch(step -> step.get("performs").asInt() == 1);
        assertThat(overlapping(steps)).as("all three calls of the driver overlap: " + steps).isEqualTo(3);
        assertActedAndReportedOnce(clusterId, 3);
        assertThat(api.get("/api/v1/simulated/clusters/" + clusterId).json().get("nodes").findValues("isolated"))
                .allMatch(JsonNode::asBoolean);
    }

    @Test
    void twoClustersStepsActAtTheSameTime() {
        String first = registered(1);
        String second = registered(1);
        faults.add(Fault.delay(first, "engine-1", StepAction.UPGRADE_NODE, 1, Duration.ofMillis(1500)));
        faults.add(Fault.delay(second, "engine-1", StepAction.UPGRADE_NODE, 1, Duration.ofMillis(1500)));
        EventEnvelope one = step(first, 1, "s1.0", StepAction.UPGRADE_NODE, "engine-1", Map.of("version", "7.6"));
        EventEnvelope other = step(second, 1, "s1.0", StepAction.UPGRADE_NODE, "engine-1", Map.of("version", "7.6"));

        publish(one);
        publish(other);
        publish(one);
        publish(other);

        List<JsonNode> steps = new ArrayList<>(awaitReported(first, 1));
        steps.addAll(awaitReported(second, 1));
        assertThat(overlapping(steps)).as("both clusters' steps act at once: " + steps).isEqualTo(2);
        assertActedAndReportedOnce(first, 1);
        assertActedAndReportedOnce(second, 1);
    }

    @Test
    void aStepWhoseInstanceDiedMidActionIsTakenOverAndPerformedAgainWithTheSameKey() {
        String clusterId = registered(1);
        String key = clusterId + "/u-1/s1.0/1";
        // the dead instance had claimed the step and called the driver, which acted, before it died
        simulated.upgrade(new ActionContext(key, clusterId, "u-1", "s1.0", 1, StepAction.UPGRADE_NODE,
                new NodeTarget("engine-1", "10.0.0.1:8080", "zone-a", "7.5"), Map.of("version", "7.6"),
                Duration.ofMinutes(1)));
        double takeovers = counter("ledger.executor.steps.taken-over");

        insertHeldByADeadInstance(key, clusterId, "RUNNING", null);

        JsonNode step = awaitReported(clusterId, 1).get(0);
        assertThat(step.get("claimedBy").asString()).isEqualTo(workers.instanceId());
        assertThat(step.get("performs").asInt()).as("the dead instance's call and this one").isEqualTo(2);
        assertThat(counter("ledger.executor.steps.taken-over")).isGreaterThan(takeovers);
        JsonNode fleet = api.get("/api/v1/simulated/clusters/" + clusterId).json();
        assertThat(fleet.get("actions")).hasSize(1);
        assertThat(fleet.at("/actions/0/idempotencyKey").asString()).isEqualTo(key);
        assertThat(fleet.at("/actions/0/received").asInt()).as("called again with the same key, acted once")
                .isEqualTo(2);
        List<CommandEnvelope> reports = CommandsTopic.everythingFor(clusterId);
        assertThat(reports).extracting(CommandEnvelope::commandId).containsExactly("executor:" + key);
        assertThat(((ReportStepOutcome) reports.get(0).payload()).outcome()).isInstanceOf(StepOutcome.Succeeded.class);
    }

    @Test
    void aStepCompletedButNotReportedByADeadInstanceIsReportedAgainNotPerformedAgain() {
        String clusterId = registered(1);
        String key = clusterId + "/u-1/s1.0/1";
        StepOutcome stored = new StepOutcome.Failed("disk-full", "no space left on engine-1", false);

        insertHeldByADeadInstance(key, clusterId, "COMPLETED", json.writeValueAsString(stored));

        JsonNode step = awaitReported(clusterId, 1).get(0);
        assertThat(step.get("performs").asInt()).isEqualTo(1);
        assertThat(api.get("/api/v1/simulated/clusters/" + clusterId).json().get("actions"))
                .as("the driver was not called").isEmpty();
        List<CommandEnvelope> reports = CommandsTopic.everythingFor(clusterId);
        assertThat(reports).extracting(CommandEnvelope::commandId).containsExactly("executor:" + key);
        assertThat(((ReportStepOutcome) reports.get(0).payload()).outcome()).isEqualTo(stored);
    }

    @Test
    void aStepOnANodeWhereAnotherStepRunsWaitsAndActsOnceThatStepIsDone() {
        String clusterId = registered(1);
        String running = clusterId + "/u-0/s9.0/1";
        String key = clusterId + "/u-1/s1.0/1";
        // another instance acts on engine-1 under a live lease (a forward step that a rollback step must wait for)
        jdbc.sql("""
                        insert into step_execution (idempotency_key, report_to, cluster_id, upgrade_id, step_id, attempt,
                            action, node_id, driver, parameters, deadline, manager_epoch, correlation_id, status,
                            accepted_at, started_at, claimed_by, lease_until, performs)
                        values (?, ?, ?, 'u-0', 's9.0', 1, 'UPGRADE_NODE', 'engine-1', 'simulated', '{}', ?, 3, 'req-0',
                            'RUNNING', now(), now(), 'live-instance', now() + interval '10 minutes', 1)""")
                .params(running, clusterId, clusterId, Timestamp.from(Instant.now().plusSeconds(600))).update();
        double busy = tagged("ledger.executor.steps", "outcome", "node-busy");

        publish(step(clusterId, 1, "s1.0", StepAction.UPGRADE_NODE, "engine-1", Map.of("version", "7.6")));
        publish(step(clusterId, 1, "s1.0", StepAction.UPGRADE_NODE, "engine-1", Map.of("version", "7.6")));

        await().atMost(Duration.ofSeconds(60)).until(() -> tagged("ledger.executor.steps", "outcome", "node-busy")
                >= busy + 2);
        assertThat(api.get("/api/v1/simulated/clusters/" + clusterId).json().get("actions"))
                .as("not acted on while the node is busy").isEmpty();
        assertThat(steps(clusterId)).filteredOn(step -> step.get("idempotencyKey").asString().equals(key))
                .singleElement().satisfies(step -> assertThat(step.get("performs").asInt()).isZero());

        jdbc.sql("update step_execution set status = 'REPORTED', lease_until = null where idempotency_key = ?")
                .param(running).update();

        List<JsonNode> done = awaitReported(clusterId, 2);
        assertThat(done).filteredOn(step -> step.get("idempotencyKey").asString().equals(key)).singleElement()
                .satisfies(step -> assertThat(step.get("performs").asInt()).isEqualTo(1));
        assertActedAndReportedOnce(clusterId, 1);
    }

    @Test
    void withMoreStepsThanSlotsAndQueueTheListenerPausesResumesAndEveryStepCompletesOnce() {
        int count = 12;
        String clusterId = registered(count);
        faults.add(Fault.delay(clusterId, null, StepAction.UPGRADE_NODE, count, Duration.ofMillis(800)));
        double pauses = counter("ledger.executor.listener.pauses");
        double resumes = counter("ledger.executor.listener.resumes");
        List<EventEnvelope> steps = IntStream.rangeClosed(1, count).mapToObj(i -> step(clusterId, i, "s1." + i,
                StepAction.UPGRADE_NODE, "engine-" + i, Map.of("version", "7.6"))).toList();

        steps.stream().map(this::send).toList().forEach(sent -> sent.join());
        publish(steps.get(count - 1));

        List<JsonNode> executed = awaitReported(clusterId, count);
        assertThat(counter("ledger.executor.listener.pauses")).as("paused").isGreaterThan(pauses);
        assertThat(counter("ledger.executor.listener.resumes")).as("resumed").isGreaterThan(resumes);
        await().atMost(Duration.ofSeconds(30)).until(() -> gauge("ledger.executor.listener.paused") == 0);
        int overlap = overlapping(executed);
        assertThat(overlap).as("never more than max-in-flight at once, and more than one")
                .isBetween(2, ExecutorIntegrationTest.MAX_IN_FLIGHT);
        assertThat(executed).allMatch(step -> step.get("performs").asInt() == 1);
        assertActedAndReportedOnce(clusterId, count);
        assertThat(api.get("/api/v1/simulated/clusters/" + clusterId).json().get("nodes").findValuesAsString("version"))
                .hasSize(count).containsOnly("7.6");
    }

    @Test
    void anActionLongerThanKafkasPollIntervalKeepsItsPartitionAndIsPerformedOnce() throws Exception {
        String clusterId = registered(1);
        Duration action = Duration.ofMillis(ExecutorIntegrationTest.MAX_POLL_INTERVAL_MS).plusSeconds(5);
        faults.add(Fault.delay(clusterId, "engine-1", StepAction.UPGRADE_NODE, 1, action));
        double takeovers = counter("ledger.executor.steps.taken-over");
        EventEnvelope upgrade = step(clusterId, 1, "s1.0", StepAction.UPGRADE_NODE, "engine-1",
                Map.of("version", "7.6"));

        RecordMetadata sent = send(upgrade).join().getRecordMetadata();
        publish(upgrade);

        TopicPartition partition = new TopicPartition(sent.topic(), sent.partition());
        await().atMost(Duration.ofSeconds(30)).until(() -> committedOffset(partition) > sent.offset());
        assertThat(awaitSteps(clusterId, 1).get(0).get("status").asString())
                .as("the offset was committed while the action still ran").isIn("PENDING", "RUNNING");

        JsonNode step = awaitReported(clusterId, 1).get(0);
        assertThat(Duration.between(Instant.parse(step.get("startedAt").asString()),
                Instant.parse(step.get("finishedAt").asString()))).isGreaterThanOrEqualTo(action);
        assertThat(step.get("performs").asInt()).isEqualTo(1);
        assertThat(step.get("claimedBy").asString()).as("the heartbeat kept the lease").isEqualTo(workers.instanceId());
        assertThat(counter("ledger.executor.steps.taken-over")).isEqualTo(takeovers);
        assertActedAndReportedOnce(clusterId, 1);
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    /** The most driver calls in flight at one moment, from each (step, attempt)'s recorded start and finish. */
    private static int overlapping(List<JsonNode> steps) {
        List<Instant[]> spans = steps.stream().map(step -> new Instant[] {
                Instant.parse(step.get("startedAt").asString()), Instant.parse(step.get("finishedAt").asString())})
                .sorted(Comparator.comparing(span -> span[0])).toList();
        int most = 0;
        for (Instant[] span : spans) {
            int atStart = (int) spans.stream().filter(other -> !other[0].isAfter(span[0]) && other[1].isAfter(span[0]))
                    .count();
            most = Math.max(most, atStart);
        }
        return most;
    }

    /** Each (step, attempt) of the cluster acted on once by the driver, and reported once under its command id. */
    private void assertActedAndReportedOnce(String clusterId, int steps) {
        JsonNode fleet = api.get("/api/v1/simulated/clusters/" + clusterId).json();
        assertThat(fleet.get("actions")).hasSize(steps);
        assertThat(fleet.get("actions").findValues("received")).allMatch(received -> received.asInt() == 1);
        List<String> commandIds = CommandsTopic.everythingFor(clusterId).stream().map(CommandEnvelope::commandId)
                .toList();
        assertThat(commandIds).hasSize(steps).doesNotHaveDuplicates();
    }

    private List<JsonNode> awaitReported(String clusterId, int count) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            List<JsonNode> steps = steps(clusterId);
            return steps.size() == count && steps.stream().allMatch(s -> "REPORTED".equals(s.get("status").asString()));
        });
        return steps(clusterId);
    }

    private List<JsonNode> awaitSteps(String clusterId, int count) {
        await().atMost(Duration.ofSeconds(60)).until(() -> steps(clusterId).size() == count);
        return steps(clusterId);
    }

    private List<JsonNode> steps(String clusterId) {
        List<JsonNode> steps = new ArrayList<>();
        api.get("/api/v1/steps?clusterId=" + clusterId).json().forEach(steps::add);
        return steps;
    }

    private void insertHeldByADeadInstance(String key, String clusterId, String status, String outcome) {
        jdbc.sql("""
                        insert into step_execution (idempotency_key, report_to, cluster_id, upgrade_id, step_id, attempt,
                            action, node_id, driver, parameters, deadline, manager_epoch, correlation_id, status, outcome,
                            accepted_at, started_at, finished_at, claimed_by, lease_until, performs)
                        values (?, ?, ?, 'u-1', 's1.0', 1, 'UPGRADE_NODE', 'engine-1', 'simulated', ?, ?, 3, 'req-1', ?, ?,
                            now() - interval '10 seconds', now() - interval '9 seconds',
                            case when ? = 'COMPLETED' then now() - interval '8 seconds' end,
                            'dead-instance', now() - interval '1 second', 1)""")
                .params(key, clusterId, clusterId, "{\"version\":\"7.6\"}",
                        Timestamp.from(Instant.now().plusSeconds(60)), status, outcome, status)
                .update();
    }

    private double counter(String name) {
        return meters.find(name).counters().stream().mapToDouble(counter -> counter.count()).sum();
    }

    private double tagged(String name, String tag, String value) {
        return meters.find(name).tag(tag, value).counters().stream().mapToDouble(counter -> counter.count()).sum();
    }

    private double gauge(String name) {
        return meters.get(name).gauge().value();
    }

    private static long committedOffset(TopicPartition partition) throws Exception {
        try (Admin admin = Admin.create(LedgerInfrastructure.get().kafkaProperties())) {
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets("executor").partitionsToOffsetAndMetadata()
                    .get().get(partition);
            return committed == null ? -1 : committed.offset();
        }
    }

    private String registered(int nodes) {
        String clusterId = "c-" + UUID.randomUUID().toString().substring(0, 13);
        List<NodeSpec> specs = IntStream.rangeClosed(1, nodes).mapToObj(i -> new NodeSpec(NodeId.of("engine-" + i),
                "10.0.0." + i + ":8080", i % 2 == 1 ? "zone-a" : "zone-b")).toList();
        publish(envelope(clusterId, 0, new ClusterRegistered(ClusterId.of(clusterId), "camunda", Version.of("7.5"),
                Version.of("7.5"), specs)));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> api.get("/api/v1/simulated/clusters/" + clusterId).status() == 200);
        return clusterId;
    }

    private EventEnvelope step(String clusterId, long sequence, String stepId, StepAction action, String nodeId,
                               Map<String, String> parameters) {
        return envelope(clusterId, sequence, new StepStarted(ClusterId.of(clusterId), UpgradeId.of("u-1"), stepId,
                action, ClusterId.of(clusterId), NodeId.of(nodeId), parameters, 1, Instant.now().plusSeconds(90), 3));
    }

    private static EventEnvelope envelope(String clusterId, long sequence, LedgerEvent event) {
        return new EventEnvelope(UUID.randomUUID().toString(), LedgerEvents.typeName(event.getClass()), "1",
                ClusterId.of(clusterId), sequence, POSITIONS.incrementAndGet(), Instant.now(), "req-1", "cmd-1",
                "ledger", event);
    }

    private java.util.concurrent.CompletableFuture<org.springframework.kafka.support.SendResult<String, String>> send(
            EventEnvelope envelope) {
        return kafka.send(LedgerTopics.EVENTS, envelope.clusterId().value(), events.encode(envelope));
    }

    private void publish(EventEnvelope envelope) {
        send(envelope).join();
    }
}
