package dev.upgradeledger.domain.plan;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.events.UpgradePlan;
import java.util.Map;
import java.util.Optional;

/**
 * Inmanta orchestrator migration and Replicante breaking upgrade: a second cluster, already installed on the target
 * version, takes over. Halt and export the source, import into the target (which migrates its schema on start),
 * move the workload groups over one at a time, and resume on the target. Handing over management and retiring the
 * source are commands of the aggregate, not steps.
 */
final class MigrationStrategy implements StrategyPlanner {

    static final String DEFAULT_GROUP = "default";

    @Override
    public Optional<PlanResult.Refused> refusal(UpgradeScope scope) {
        PlanRequest request = scope.request();
        if (request.targetClusterId() == null || request.targetNodes() == null || request.targetNodes().isEmpty()) {
            return Optional.of(new PlanResult.Refused(UpgradePlanner.MIGRATION_NEEDS_TARGET_CLUSTER,
                    "a migration moves state and workloads to a second, registered cluster; name it and its nodes"
                            + " (Inmanta orchestrator migration, Replicante breaking upgrade)"));
        }
        if (request.targetClusterId().equals(request.clusterId())) {
            return Optional.of(new PlanResult.Refused(UpgradePlanner.MIGRATION_TARGET_IS_SOURCE,
                    "the target cluster " + request.targetClusterId() + " is the cluster being migrated; a migration"
                            + " needs a second cluster next to it"));
        }
        return request.targetNodes().stream()
                .filter(node -> !node.version().equals(request.targetVersion()))
                .sorted(PlanNode.PLAN_ORDER)
                .findFirst()
                .map(node -> new PlanResult.Refused(UpgradePlanner.MIGRATION_TARGET_NOT_ON_TARGET_VERSION,
                        "target node " + node.id() + " runs " + node.version() + ", not " + request.targetVersion()
                                + "; install the target version on the new cluster before migrating to it"
                                + " (Inmanta orchestrator migration, step 1)"));
    }

    @Override
    public UpgradePlan plan(UpgradeScope scope) {
        ClusterId source = scope.cluster();
        ClusterId target = scope.request().targetClusterId();
        PlanBuilder plan = new PlanBuilder()
                .clusterStage("halt workloads on " + source, StepAction.HALT_WORKLOADS, source, Map.of())
                .clusterStage("export state of " + source, StepAction.EXPORT_STATE, source, scope.exportParameters())
                .clusterStage("import state of " + source + " into " + target, StepAction.IMPORT_STATE, target,
                        Map.of("from", source.value(), "schemaVersion", scope.request().schemaVersion().value()));
        if (scope.migrationNeeded()) {
            plan.clusterStage(scope.migrationDescription() + " on " + target, StepAction.MIGRATE_SCHEMA, target,
                    scope.migrationParameters());
        }
        scope.nodes().stream()
                .map(node -> node.group() == null ? DEFAULT_GROUP : node.group())
                .distinct()
                .sorted()
                .forEach(group -> plan.clusterStage("move workloads of group " + group + " to " + target,
                        StepAction.MOVE_WORKLOADS, target, Map.of("group", group, "from", source.value())));
        return plan.clusterStage("resume workloads on " + target, StepAction.RESUME_WORKLOADS, target, Map.of())
                .build();
    }
}
