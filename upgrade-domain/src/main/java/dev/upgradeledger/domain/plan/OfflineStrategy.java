package dev.upgradeledger.domain.plan;

import static dev.upgradeledger.domain.plan.UpgradeScope.names;

import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.events.UpgradePlan;
import java.util.Map;

/**
 * Backend.AI major upgrade and IPFS Cluster standard upgrade: halt the workloads, export the state as a backup,
 * upgrade every node at once, then migrate the schema or state (Backend.AI installs the package, then runs
 * {@code alembic upgrade head}), verify every node and resume.
 */
final class OfflineStrategy implements StrategyPlanner {

    @Override
    public UpgradePlan plan(UpgradeScope scope) {
        PlanBuilder plan = new PlanBuilder()
                .clusterStage("halt workloads", StepAction.HALT_WORKLOADS, scope.cluster(), Map.of())
                .clusterStage("export state as a backup", StepAction.EXPORT_STATE, scope.cluster(),
                        scope.exportParameters())
                .nodeStage("upgrade " + names(scope.nodesToUpgrade()) + " to " + scope.targetVersion(),
                        StepAction.UPGRADE_NODE, scope.cluster(), scope.nodesToUpgrade(), scope::upgradeParameters);
        if (scope.migrationNeeded()) {
            plan.clusterStage(scope.migrationDescription(), StepAction.MIGRATE_SCHEMA, scope.cluster(),
                    scope.migrationParameters());
        }
        return plan.nodeStage("verify " + names(scope.nodes()), StepAction.VERIFY_NODE, scope.cluster(),
                        scope.nodes(), scope::verifyParameters)
                .clusterStage("resume workloads", StepAction.RESUME_WORKLOADS, scope.cluster(), Map.of())
                .build();
    }
}
