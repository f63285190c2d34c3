package dev.upgradeledger.domain.plan;

import static dev.upgradeledger.domain.plan.UpgradeScope.names;

import dev.upgradeledger.events.SchemaChange;
import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.events.UpgradePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Camunda rolling upgrade: the schema first (additive only, old engines keep working on it), then batches of at most
 * {@code maxUnavailable} nodes, each isolated, upgraded, verified and reintegrated before the next batch starts.
 */
final class RollingStrategy implements StrategyPlanner {

    @Override
    public Optional<PlanResult.Refused> refusal(UpgradeScope scope) {
        if (scope.request().schemaChange() == SchemaChange.DESTRUCTIVE) {
            return Optional.of(new PlanResult.Refused(UpgradePlanner.ROLLING_REQUIRES_ADDITIVE_SCHEMA,
                    "a rolling upgrade keeps old nodes running on the new schema, so columns and tables must not be"
                            + " dropped or renamed (Camunda rolling upgrade); plan a destructive schema change"
                            + " OFFLINE or as a MIGRATION"));
        }
        if (scope.request().stateFormatChange()) {
            return Optional.of(new PlanResult.Refused(UpgradePlanner.ROLLING_FORBIDS_STATE_FORMAT_CHANGE,
                    "a state format upgrade needs the peer offline and every peer on the same version (IPFS Cluster);"
                            + " plan it OFFLINE or REJOIN"));
        }
        return Optional.empty();
    }

    @Override
    public UpgradePlan plan(UpgradeScope scope) {
        PlanBuilder plan = new PlanBuilder();
        if (scope.migrationNeeded()) {
            UpgradeScope.RoleBlock schema = scope.schemaBlock();
            plan.clusterStage(scope.migrationDescription(schema), StepAction.MIGRATE_SCHEMA, scope.cluster(),
                    scope.migrationParameters(schema));
        }
        int batchSize = scope.request().maxUnavailable().resolve(scope.nodes().size());
        List<List<List<PlanNode>>> batchesPerBlock = new ArrayList<>();
        for (UpgradeScope.RoleBlock block : scope.blocks()) {
            // A role upgraded at once is still one batch of at most maxUnavailable nodes: never more out of service.
            int size = block.rolling() ? batchSize : Math.min(batchSize, Math.max(1, block.nodes().size()));
            batchesPerBlock.add(batches(scope.toUpgrade(block), size, scope.request().byGroup()));
        }
        int total = batchesPerBlock.stream().mapToInt(List::size).sum();
        int number = 0;
        for (int b = 0; b < scope.blocks().size(); b++) {
            UpgradeScope.RoleBlock block = scope.blocks().get(b);
            for (List<PlanNode> batch : batchesPerBlock.get(b)) {
                number++;
                String prefix = UpgradeScope.prefix(block) + "batch " + number + " of " + total + ": ";
                String nodes = names(batch);
                plan.nodeStage(prefix + "isolate " + nodes, StepAction.ISOLATE_NODE, scope.cluster(), batch,
                                node -> Map.of())
                        .nodeStage(prefix + "upgrade " + nodes + " to " + scope.targetVersion(),
                                StepAction.UPGRADE_NODE, scope.cluster(), batch, scope::upgradeParameters)
                        .nodeStage(prefix + "verify " + nodes, StepAction.VERIFY_NODE, scope.cluster(), batch,
                                scope::verifyParameters)
                        .nodeStage(prefix + "reintegrate " + nodes, StepAction.REINTEGRATE_NODE, scope.cluster(),
                                batch, node -> Map.of());
            }
            scope.extraSteps(plan, block);
        }
        return plan.build();
    }

    /** Consecutive runs of at most {@code size} nodes; by group, a run ends where the group changes. */
    static List<List<PlanNode>> batches(List<PlanNode> sorted, int size, boolean byGroup) {
        List<List<PlanNode>> batches = new ArrayList<>();
        List<PlanNode> current = new ArrayList<>();
        for (PlanNode node : sorted) {
            boolean groupChanges = byGroup && !current.isEmpty()
                    && !current.get(0).groupKey().equals(node.groupKey());
            if (current.size() == size || groupChanges) {
                batches.add(List.copyOf(current));
                current.clear();
            }
            current.add(node);
        }
        if (!current.isEmpty()) {
            batches.add(List.copyOf(current));
        }
        return batches;
    }
}
