package dev.upgradeledger.projection;

import dev.upgradeledger.domain.plan.PlanNode;
import dev.upgradeledger.domain.plan.PlanRequest;
import dev.upgradeledger.domain.plan.PlanResult;
import dev.upgradeledger.domain.plan.UpgradePlanner;
import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.FailurePolicy;
import dev.upgradeledger.events.LedgerEvent;
import dev.upgradeledger.events.MaxUnavailable;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.NodeIsolated;
import dev.upgradeledger.events.NodeReintegrated;
import dev.upgradeledger.events.NodeRolledBack;
import dev.upgradeledger.events.NodeUpgraded;
import dev.upgradeledger.events.NodeVerified;
import dev.upgradeledger.events.PlannedStep;
import dev.upgradeledger.events.SchemaChange;
import dev.upgradeledger.events.SchemaMigrated;
import dev.upgradeledger.events.StepFailed;
import dev.upgradeledger.events.StepStarted;
import dev.upgradeledger.events.StepTimedOut;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.events.UpgradePlan;
import dev.upgradeledger.events.UpgradePlanned;
import dev.upgradeledger.events.UpgradeRequested;
import dev.upgradeledger.events.UpgradeStrategy;
import dev.upgradeledger.events.Version;
import dev.upgradeledger.projection.ProjectionIntegrationTest.History;
import java.time.Duration;
import java.util.List;

/**
 * Records a rolling upgrade into a {@link History} the way the Cluster aggregate does: the request, the real planner's
 * plan, then per step its start (with attempt and deadline) and its outcome (the fact, a failure or a time-out).
 */
final class UpgradeRun {

    final History history;
    final UpgradeId upgradeId;
    final UpgradePlan plan;
    final Version from;
    final Version to;

    private UpgradeRun(History history, UpgradeId upgradeId, UpgradePlan plan, Version from, Version to) {
        this.history = history;
        this.upgradeId = upgradeId;
        this.plan = plan;
        this.from = from;
        this.to = to;
    }

    /** Requests and plans a rolling upgrade, one node at a time, with an additive schema change to 2. */
    static UpgradeRun rolling(History history, String upgradeId, String from, String to, FailurePolicy policy,
                              String... nodes) {
        return rolling(history, upgradeId, from, to, policy, MaxUnavailable.of("1"), nodes);
    }

    /** As {@link #rolling(History, String, String, String, FailurePolicy, String...)}, with batches of this size. */
    static UpgradeRun rolling(History history, String upgradeId, String from, String to, FailurePolicy policy,
                              MaxUnavailable maxUnavailable, String... nodes) {
        List<PlanNode> planNodes = java.util.Arrays.stream(nodes)
                .map(node -> new PlanNode(NodeId.of(node), null, Version.of(from))).toList();
        PlanResult result = new UpgradePlanner().plan(new PlanRequest(history.clusterId(), planNodes, Version.of("1"),
                UpgradeStrategy.ROLLING, Version.of(to), Version.of("2"), SchemaChange.ADDITIVE, false,
                maxUnavailable, false, null, null));
        UpgradePlan plan = ((PlanResult.Planned) result).plan();
        UpgradeRun run = new UpgradeRun(history, UpgradeId.of(upgradeId), plan, Version.of(from), Version.of(to));
        history.add(new UpgradeRequested(history.clusterId(), run.upgradeId, run.from, run.to, Version.of("2"),
                UpgradeStrategy.ROLLING, SchemaChange.ADDITIVE, false, maxUnavailable, false, null, policy,
                false, 3, Duration.ofMinutes(10)));
        history.add(new UpgradePlanned(history.clusterId(), run.upgradeId, run.from, run.to, Version.of("2"),
                UpgradeStrategy.ROLLING, plan, List.of()));
        return run;
    }

    /** The same upgrade going on with another plan (a rollback's). */
    UpgradeRun withPlan(UpgradePlan other) {
        return new UpgradeRun(history, upgradeId, other, from, to);
    }

    PlannedStep step(int stage, int index) {
        return plan.stages().get(stage).steps().get(index);
    }

    /** The stage whose description starts with {@code prefix}. */
    int stage(String prefix) {
        return plan.stages().stream().filter(stage -> stage.description().startsWith(prefix)).findFirst()
                .orElseThrow().index();
    }

    EventEnvelope start(PlannedStep step, int attempt) {
        long sequence = history.all().size();
        return history.add(new StepStarted(history.clusterId(), upgradeId, step.stepId(), step.action(),
                step.clusterId(), step.nodeId(), step.parameters(), attempt,
                history.time(sequence).plus(Duration.ofMinutes(10)), 0));
    }

    EventEnvelope fail(PlannedStep step, int attempt, String code, boolean willRetry) {
        return history.add(new StepFailed(history.clusterId(), upgradeId, step.stepId(), attempt, code,
                "the agent answered " + code, willRetry, willRetry));
    }

    EventEnvelope timeOut(PlannedStep step, int attempt, boolean willRetry) {
        return history.add(new StepTimedOut(history.clusterId(), upgradeId, step.stepId(), attempt, willRetry));
    }

    /** The fact the step's success establishes, as command-api's StepFacts records it. */
    EventEnvelope succeed(PlannedStep step) {
        return history.add(fact(step));
    }

    /** Starts every step of the stage (attempt 1), then records each one's success. */
    void runStage(int stage) {
        plan.stages().get(stage).steps().forEach(step -> start(step, 1));
        plan.stages().get(stage).steps().forEach(this::succeed);
    }

    private LedgerEvent fact(PlannedStep step) {
        var cluster = history.clusterId();
        return switch (step.action()) {
            case MIGRATE_SCHEMA -> new SchemaMigrated(cluster, upgradeId, step.stepId(), Version.of("1"),
                    Version.of(step.parameters().get("schemaVersion")));
            case ISOLATE_NODE -> new NodeIsolated(cluster, upgradeId, step.stepId(), step.nodeId());
            case UPGRADE_NODE -> new NodeUpgraded(cluster, upgradeId, step.stepId(), step.nodeId(), from,
                    Version.of(step.parameters().get("version")));
            case VERIFY_NODE -> new NodeVerified(cluster, upgradeId, step.stepId(), step.nodeId());
            case REINTEGRATE_NODE -> new NodeReintegrated(cluster, upgradeId, step.stepId(), step.nodeId());
            case ROLL_BACK_NODE -> new NodeRolledBack(cluster, upgradeId, step.stepId(), step.nodeId(),
                    Version.of(step.parameters().get("version")));
            default -> throw new IllegalArgumentException("not used here: " + step.action());
        };
    }
}
