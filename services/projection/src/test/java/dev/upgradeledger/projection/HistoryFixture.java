package dev.upgradeledger.projection;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.ClusterRegistered;
import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.FailurePolicy;
import dev.upgradeledger.events.LedgerEvent;
import dev.upgradeledger.events.LedgerEvents;
import dev.upgradeledger.events.MaxUnavailable;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.NodeSpec;
import dev.upgradeledger.events.PlannedStage;
import dev.upgradeledger.events.PlannedStep;
import dev.upgradeledger.events.SchemaChange;
import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.events.StepStarted;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.events.UpgradePlan;
import dev.upgradeledger.events.UpgradePlanned;
import dev.upgradeledger.events.UpgradeRequested;
import dev.upgradeledger.events.UpgradeStrategy;
import dev.upgradeledger.events.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes a cluster's history the way command-api records it: every event in the envelope it is published in, with
 * the audit trail (events of one command or deadline share its causation id; the executor reports under the request's
 * correlation id), 250 ms apart.
 */
public final class HistoryFixture {

    private static final AtomicLong POSITIONS = new AtomicLong(System.nanoTime() % 1_000_000_000L);

    private final ClusterId clusterId;
    private final Instant start;
    private final List<EventEnvelope> events = new ArrayList<>();
    private String actor;
    private String correlationId;
    private String causationId;
    private String upgradeCorrelationId;
    private UpgradeId upgradeId;
    private String version;

    private HistoryFixture(ClusterId clusterId, Instant start) {
        this.clusterId = clusterId;
        this.start = start;
    }

    public static HistoryFixture of(String clusterId, Instant start) {
        return new HistoryFixture(ClusterId.of(clusterId), start);
    }

    public static String uniqueClusterId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public ClusterId clusterId() {
        return clusterId;
    }

    public UpgradeId upgradeId() {
        return upgradeId;
    }

    /** The events recorded next come from a new message (a command or a deadline) of this actor and request. */
    public HistoryFixture message(String actor, String correlationId) {
        this.actor = actor;
        this.correlationId = correlationId;
        this.causationId = "msg-" + UUID.randomUUID();
        return this;
    }

    /** A report of the executor about the current upgrade, a new message under the upgrade's correlation id. */
    public HistoryFixture report() {
        return message("executor", upgradeCorrelationId);
    }

    /** A deadline of the current upgrade firing: a new message carrying the upgrade's audit trail. */
    public HistoryFixture deadline() {
        return message("executor", upgradeCorrelationId);
    }

    public HistoryFixture add(LedgerEvent event) {
        long sequence = events.size();
        events.add(new EventEnvelope(UUID.randomUUID().toString(), LedgerEvents.typeName(event.getClass()),
                LedgerEvents.revision(event.getClass()), clusterId, sequence, POSITIONS.addAndGet(3),
                start.plusMillis(250 * sequence), correlationId, causationId, actor, event));
        return this;
    }

    public HistoryFixture registered(String product, String version, String... nodes) {
        this.version = version;
        List<NodeSpec> specs = new ArrayList<>();
        for (int i = 0; i < nodes.length; i++) {
            specs.add(new NodeSpec(NodeId.of(nodes[i]), "10.0.0." + (i + 1) + ":8080", i % 2 == 0 ? "zone-a" : "zone-b"));
        }
        return message("sre-alice", "req-register").add(new ClusterRegistered(clusterId, product, Version.of(version),
                Version.of(version), specs));
    }

    /** An accepted rolling upgrade request: UpgradeRequested and UpgradePlanned, one stage per step. */
    public HistoryFixture requested(String upgrade, String target, int maxAttempts, List<PlannedStep> steps) {
        return requested(upgrade, target, maxAttempts, steps, UpgradeStrategy.ROLLING);
    }

    /** An accepted upgrade request of the given strategy, one stage per step. */
    public HistoryFixture requested(String upgrade, String target, int maxAttempts, List<PlannedStep> steps,
                                    UpgradeStrategy strategy) {
        upgradeId = UpgradeId.of(upgrade);
        upgradeCorrelationId = "req-" + upgrade;
        List<PlannedStage> stages = new ArrayList<>();
        for (PlannedStep step : steps) {
            stages.add(new PlannedStage(stages.size(), step.action() + " " + step.nodeId(), List.of(step)));
        }
        message("sre-alice", upgradeCorrelationId);
        add(new UpgradeRequested(clusterId, upgradeId, Version.of(version), Version.of(target), null,
                strategy, SchemaChange.NONE, false, MaxUnavailable.of("1"), false, null,
                FailurePolicy.PAUSE, false, maxAttempts, Duration.ofMinutes(10)));
        return add(new UpgradePlanned(clusterId, upgradeId, Version.of(version), Version.of(target), Version.of(version),
                strategy, new UpgradePlan(stages), List.of()));
    }

    public PlannedStep step(String stepId, StepAction action, String node, String target) {
        return new PlannedStep(stepId, action, clusterId, node == null ? null : NodeId.of(node),
                action == StepAction.UPGRADE_NODE ? Map.of("version", target) : Map.of());
    }

    public HistoryFixture started(String stepId, StepAction action, String node, int attempt) {
        return add(new StepStarted(clusterId, upgradeId, stepId, action, clusterId, node == null ? null : NodeId.of(node),
                Map.of(), attempt, start.plusSeconds(3600), 0));
    }

    public List<EventEnvelope> events() {
        return List.copyOf(events);
    }

    public EventEnvelope event(long sequence) {
        return events.get((int) sequence);
    }
}
