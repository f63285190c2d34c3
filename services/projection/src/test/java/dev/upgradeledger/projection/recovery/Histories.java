package dev.upgradeledger.projection.recovery;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.ClusterRegistered;
import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.LedgerEvent;
import dev.upgradeledger.events.LedgerEvents;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.NodeIsolated;
import dev.upgradeledger.events.NodeReintegrated;
import dev.upgradeledger.events.NodeSpec;
import dev.upgradeledger.events.NodeUpgraded;
import dev.upgradeledger.events.NodeVerified;
import dev.upgradeledger.events.PlannedStage;
import dev.upgradeledger.events.PlannedStep;
import dev.upgradeledger.events.SchemaMigrated;
import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.events.StepStarted;
import dev.upgradeledger.events.UpgradeCompleted;
import dev.upgradeledger.events.UpgradeFinalized;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.events.UpgradePlan;
import dev.upgradeledger.events.UpgradePlanned;
import dev.upgradeledger.events.UpgradeStrategy;
import dev.upgradeledger.events.Version;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Histories shaped like the ones command-api records: a registration, then a rolling upgrade (schema first, then one
 * node at a time: each step started, then its fact), completed and finalized. Every event carries its own id,
 * sequence, global position, time, correlation and causation ids and actor.
 */
final class Histories {

    private static final AtomicLong POSITIONS = new AtomicLong(5_000_000);

    private Histories() {
    }

    static String uniqueClusterId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A cluster of {@code nodes} nodes on 7.5 upgraded by a rolling upgrade to 7.6, one node per batch. */
    static List<EventEnvelope> rollingUpgrade(String clusterId, int nodes) {
        ClusterId id = ClusterId.of(clusterId);
        UpgradeId upgrade = UpgradeId.of("u-76");
        List<NodeSpec> specs = new ArrayList<>();
        for (int n = 1; n <= nodes; n++) {
            specs.add(new NodeSpec(NodeId.of("engine-" + n), "10.0.0." + n + ":8080",
                    n % 2 == 0 ? "zone-b" : "zone-a"));
        }
        List<PlannedStage> stages = new ArrayList<>(List.of(new PlannedStage(0, "migrate schema",
                List.of(new PlannedStep("s0.0", StepAction.MIGRATE_SCHEMA, id, null, Map.of())))));
        for (int n = 1; n <= nodes; n++) {
            NodeId node = NodeId.of("engine-" + n);
            stages.add(new PlannedStage(n, "batch " + n, List.of(
                    new PlannedStep("s" + n + ".isolate", StepAction.ISOLATE_NODE, id, node, Map.of()),
                    new PlannedStep("s" + n + ".upgrade", StepAction.UPGRADE_NODE, id, node, Map.of()),
                    new PlannedStep("s" + n + ".verify", StepAction.VERIFY_NODE, id, node, Map.of()),
                    new PlannedStep("s" + n + ".reintegrate", StepAction.REINTEGRATE_NODE, id, node, Map.of()))));
        }
        Writer history = new Writer(id, Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MICROS));
        history.add(new ClusterRegistered(id, "camunda", Version.of("7.5"), Version.of("7.5"), specs), "sre-alice");
        history.add(new UpgradePlanned(id, upgrade, Version.of("7.5"), Version.of("7.6"), Version.of("7.6"),
                UpgradeStrategy.ROLLING, new UpgradePlan(stages), List.of()), "sre-alice");
        history.step(upgrade, "s0.0", StepAction.MIGRATE_SCHEMA, null);
        history.add(new SchemaMigrated(id, upgrade, "s0.0", Version.of("7.5"), Version.of("7.6")), "executor");
        for (int n = 1; n <= nodes; n++) {
            NodeId node = NodeId.of("engine-" + n);
            history.step(upgrade, "s" + n + ".isolate", StepAction.ISOLATE_NODE, node);
            history.add(new NodeIsolated(id, upgrade, "s" + n + ".isolate", node), "executor");
            history.step(upgrade, "s" + n + ".upgrade", StepAction.UPGRADE_NODE, node);
            history.add(new NodeUpgraded(id, upgrade, "s" + n + ".upgrade", node, Version.of("7.5"),
                    Version.of("7.6")), "executor");
            history.step(upgrade, "s" + n + ".verify", StepAction.VERIFY_NODE, node);
            history.add(new NodeVerified(id, upgrade, "s" + n + ".verify", node), "executor");
            history.step(upgrade, "s" + n + ".reintegrate", StepAction.REINTEGRATE_NODE, node);
            history.add(new NodeReintegrated(id, upgrade, "s" + n + ".reintegrate", node), "executor");
        }
        history.add(new UpgradeCompleted(id, upgrade, Version.of("7.6"), Version.of("7.6"), false), "ledger");
        history.add(new UpgradeFinalized(id, upgrade, Version.of("7.6")), "sre-alice");
        return history.events;
    }

    private static final class Writer {

        private final ClusterId clusterId;
        private final List<EventEnvelope> events = new ArrayList<>();
        private final String correlationId = UUID.randomUUID().toString();
        private Instant time;

        Writer(ClusterId clusterId, Instant start) {
            this.clusterId = clusterId;
            this.time = start;
        }

        void step(UpgradeId upgrade, String stepId, StepAction action, NodeId node) {
            add(new StepStarted(clusterId, upgrade, stepId, action, node == null ? clusterId : null, node, Map.of(),
                    1, time.plus(Duration.ofMinutes(10)), 0), "ledger");
        }

        void add(LedgerEvent event, String actor) {
            time = time.plusMillis(1_250);
            String causation = events.isEmpty() ? "cmd-" + correlationId : events.get(events.size() - 1).eventId();
            events.add(new EventEnvelope(UUID.randomUUID().toString(), LedgerEvents.typeName(event.getClass()), "1",
                    clusterId, events.size(), POSITIONS.incrementAndGet(), time, correlationId, causation, actor,
                    event));
        }
    }
}
