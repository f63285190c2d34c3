package dev.upgradeledger.domain.plan;

import static dev.upgradeledger.domain.plan.UpgradeScope.names;

import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.events.UpgradePlan;
import java.util.List;
import java.util.Map;

/**
 * IPFS Cluster bootstrap upgrade: remove every peer but one (the survivor, the first node in plan order), upgrade and
 * migrate the survivor, then upgrade the removed peers and rejoin them one at a time; they receive a full copy of the
 * state from the survivor, so only the survivor's state is migrated. With a profile's roles on the nodes, peers follow
 * the role order (the survivor is the first node of the first role).
 */
final class RejoinStrategy implements StrategyPlanner {

    @Override
    public UpgradePlan plan(UpgradeScope scope) {
        PlanNode survivor = scope.nodes().get(0);
        List<PlanNode> others = scope.nodes().subList(1, scope.nodes().size());
        List<PlanNode> survivorOnly = List.of(survivor);
        Map<String, String> bootstrap = Map.of("bootstrap", survivor.id().value());

        PlanBuilder plan = new PlanBuilder();
        if (scope.request().stateFormatChange()) {
            plan.clusterStage("export state before its format changes", StepAction.EXPORT_STATE, scope.cluster(),
                    scope.exportParameters());
        }
        plan.nodeStage("remove every peer but " + survivor.id() + ": " + names(others), StepAction.REMOVE_PEER,
                scope.cluster(), others, node -> Map.of());
        plan.nodeStage("upgrade " + survivor.id() + " to " + scope.targetVersion(), StepAction.UPGRADE_NODE,
                scope.cluster(), scope.needsUpgrade(survivor) ? survivorOnly : List.of(), scope::upgradeParameters);
        if (scope.migrationNeeded()) {
            plan.clusterStage(scope.migrationDescription() + " on " + survivor.id(), StepAction.MIGRATE_SCHEMA,
                    scope.cluster(), scope.migrationParameters());
        }
        plan.nodeStage("verify " + survivor.id(), StepAction.VERIFY_NODE, scope.cluster(), survivorOnly,
                scope::verifyParameters);
        extraStepsAfter(scope, plan, survivor);
        for (PlanNode peer : others) {
            List<PlanNode> peerOnly = List.of(peer);
            plan.nodeStage("upgrade " + peer.id() + " to " + scope.targetVersion(), StepAction.UPGRADE_NODE,
                            scope.cluster(), scope.needsUpgrade(peer) ? peerOnly : List.of(), scope::upgradeParameters)
                    .nodeStage("rejoin " + peer.id() + " through " + survivor.id(), StepAction.REJOIN_PEER,
                            scope.cluster(), peerOnly, node -> bootstrap)
                    .nodeStage("verify " + peer.id(), StepAction.VERIFY_NODE, scope.cluster(), peerOnly,
                            scope::verifyParameters);
            extraStepsAfter(scope, plan, peer);
        }
        return plan.build();
    }

    /** A role's extra steps come once its last node (in the role order the peers follow) is verified. */
    private static void extraStepsAfter(UpgradeScope scope, PlanBuilder plan, PlanNode node) {
        scope.blocks().stream()
                .filter(block -> block.nodes().get(block.nodes().size() - 1).equals(node))
                .findFirst()
                .ifPresent(block -> scope.extraSteps(plan, block));
    }
}
