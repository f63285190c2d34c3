package dev.upgradeledger.domain.plan;

import static dev.upgradeledger.domain.plan.UpgradeScope.names;

import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.events.UpgradePlan;
import java.util.List;
import java.util.Map;

/**
 * Backend.AI major upgrade and IPFS Cluster standard upgrade: halt the workloads, export the state as a backup,
 * upgrade every node at once, then migrate the schema or state (Backend.AI installs the package, then runs
 * {@code alembic upgrade head}), verify every node and resume. A state-format change (IPFS Cluster
 * {@code state upgrade}) happens with the peers offline: they are stopped before the upgrade and started after it. With a profile whose roles the nodes carry, one role
 * after the other (see {@link #byRole}).
 */
final class OfflineStrategy implements StrategyPlanner {

    @Override
    public UpgradePlan plan(UpgradeScope scope) {
        PlanBuilder plan = new PlanBuilder()
                .clusterStage("halt workloads", StepAction.HALT_WORKLOADS, scope.cluster(), Map.of())
                .clusterStage("export state as a backup", StepAction.EXPORT_STATE, scope.cluster(),
                        scope.exportParameters());
        if (scope.rolesInUse()) {
            return byRole(scope, plan)
                    .clusterStage("resume workloads", StepAction.RESUME_WORKLOADS, scope.cluster(), Map.of())
                    .build();
        }
        stoppedWhileStateUpgrades(scope, plan, "", scope.nodes(), () -> {
            plan.nodeStage("upgrade " + names(scope.nodesToUpgrade()) + " to " + scope.targetVersion(),
                    StepAction.UPGRADE_NODE, scope.cluster(), scope.nodesToUpgrade(), scope::upgradeParameters);
            if (scope.migrationNeeded()) {
                plan.clusterStage(scope.migrationDescription(), StepAction.MIGRATE_SCHEMA, scope.cluster(),
                        scope.migrationParameters());
            }
        });
        return plan.nodeStage("verify " + names(scope.nodes()), StepAction.VERIFY_NODE, scope.cluster(),
                        scope.nodes(), scope::verifyParameters)
                .clusterStage("resume workloads", StepAction.RESUME_WORKLOADS, scope.cluster(), Map.of())
                .build();
    }

    /** IPFS Cluster: "a state upgrade is needed (with the peer offline)". */
    static String stopDescription(List<PlanNode> nodes) {
        return "stop " + names(nodes) + " (the state is upgraded offline)";
    }

    /**
     * The stages {@code upgradeAndMigrate} adds, with {@code nodes} stopped before and started after them when the
     * state format changes (the state is upgraded offline); as they are otherwise.
     */
    private static void stoppedWhileStateUpgrades(UpgradeScope scope, PlanBuilder plan, String prefix,
                                                  List<PlanNode> nodes, Runnable upgradeAndMigrate) {
        boolean offline = scope.request().stateFormatChange();
        if (offline) {
            plan.nodeStage(prefix + stopDescription(nodes), StepAction.STOP_NODE, scope.cluster(), nodes,
                    node -> Map.of());
        }
        upgradeAndMigrate.run();
        if (offline) {
            plan.nodeStage(prefix + "start " + names(nodes), StepAction.START_NODE, scope.cluster(), nodes,
                    node -> Map.of());
        }
    }

    /**
     * One role after the other, in the profile's order. The role that runs the schema step: its nodes upgraded, then
     * the schema step on its first node, its extra steps, then its nodes verified. Every other role: all its nodes at
     * once (upgrade, verify), or, rolling within itself, one batch after the other ({@code maxUnavailable}, else one
     * node), each followed by the role's extra steps.
     */
    private static PlanBuilder byRole(UpgradeScope scope, PlanBuilder plan) {
        UpgradeScope.RoleBlock schemaBlock = scope.schemaBlock();
        for (UpgradeScope.RoleBlock block : scope.blocks()) {
            String prefix = UpgradeScope.prefix(block);
            List<PlanNode> toUpgrade = scope.toUpgrade(block);
            if (block == schemaBlock) {
                stoppedWhileStateUpgrades(scope, plan, prefix, block.nodes(), () -> {
                    plan.nodeStage(prefix + "upgrade " + names(toUpgrade) + " to " + scope.targetVersion(),
                            StepAction.UPGRADE_NODE, scope.cluster(), toUpgrade, scope::upgradeParameters);
                    if (scope.migrationNeeded()) {
                        plan.clusterStage(scope.migrationDescription(block), StepAction.MIGRATE_SCHEMA,
                                scope.cluster(), scope.migrationParameters(block));
                    }
                });
                scope.extraSteps(plan, block);
                plan.nodeStage(prefix + "verify " + names(block.nodes()), StepAction.VERIFY_NODE, scope.cluster(),
                        block.nodes(), scope::verifyParameters);
                continue;
            }
            int size = !block.rolling() ? Math.max(1, block.nodes().size())
                    : scope.request().maxUnavailable() == null ? 1
                    : scope.request().maxUnavailable().resolve(scope.nodes().size());
            List<List<PlanNode>> batches = RollingStrategy.batches(block.nodes(), size, false);
            for (List<PlanNode> batch : batches) {
                List<PlanNode> moving = batch.stream().filter(scope::needsUpgrade).toList();
                plan.nodeStage(prefix + "upgrade " + names(moving) + " to " + scope.targetVersion(),
                                StepAction.UPGRADE_NODE, scope.cluster(), moving, scope::upgradeParameters)
                        .nodeStage(prefix + "verify " + names(batch), StepAction.VERIFY_NODE, scope.cluster(), batch,
                                scope::verifyParameters);
            }
            scope.extraSteps(plan, block);
        }
        return plan;
    }
}
