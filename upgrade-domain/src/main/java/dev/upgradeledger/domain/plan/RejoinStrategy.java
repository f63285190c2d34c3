package dev.upgradeledger.domain.plan;

import static dev.upgradeledger.domain.plan.UpgradeScope.names;

import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.events.UpgradePlan;
import java.util.List;
import java.util.Map;

/**
 * IPFS Cluster bootstrap upgrade (seed 002, "Bootstrap upgrade procedure"), with the backup its troubleshooting
 * section relies on. A backup export of the state first, always (also when the state format does not change: it is
 * what a disaster recovery starts from). Then: (1-2) remove every peer but one, the survivor (the first node in plan
 * order), which shuts them down and cleans their state; (3) stop the survivor and upgrade it; (4) upgrade its state
 * (with the peer offline) and start it again, as a single-peer cluster, and record its state checksum; (5-6) one
 * peer at a time: upgrade it and restart it with the survivor as bootstrap address, so that it rejoins and receives a
 * full copy of the state, then check that its state checksum equals the survivor's. With a profile's roles on the
 * nodes, peers follow the role order (the survivor is the first node of the first role).
 */
final class RejoinStrategy implements StrategyPlanner {

    /** The CHECK_STATE parameter naming the peer whose recorded state checksum the checked peer's must equal. */
    static final String AGAINST = "against";

    @Override
    public UpgradePlan plan(UpgradeScope scope) {
        PlanNode survivor = scope.nodes().get(0);
        List<PlanNode> others = scope.nodes().subList(1, scope.nodes().size());
        List<PlanNode> survivorOnly = List.of(survivor);
        Map<String, String> bootstrap = Map.of("bootstrap", survivor.id().value());
        Map<String, String> againstSurvivor = Map.of(AGAINST, survivor.id().value());

        PlanBuilder plan = new PlanBuilder();
        plan.clusterStage(scope.request().stateFormatChange()
                        ? "export state as a backup before its format changes" : "export state as a backup",
                StepAction.EXPORT_STATE, scope.cluster(), scope.exportParameters());
        plan.nodeStage("remove every peer but " + survivor.id() + ": " + names(others), StepAction.REMOVE_PEER,
                scope.cluster(), others, node -> Map.of());
        plan.nodeStage("stop " + survivor.id(), StepAction.STOP_NODE, scope.cluster(), survivorOnly,
                node -> Map.of());
        plan.nodeStage("upgrade " + survivor.id() + " to " + scope.targetVersion(), StepAction.UPGRADE_NODE,
                scope.cluster(), scope.needsUpgrade(survivor) ? survivorOnly : List.of(), scope::upgradeParameters);
        if (scope.migrationNeeded()) {
            plan.clusterStage(scope.migrationDescription() + " on " + survivor.id() + " (offline)",
                    StepAction.MIGRATE_SCHEMA, scope.cluster(), scope.migrationParametersOn(survivor));
        }
        plan.nodeStage("start " + survivor.id() + (others.isEmpty() ? "" : " as a single-peer cluster"),
                        StepAction.START_NODE, scope.cluster(), survivorOnly, node -> Map.of())
                .nodeStage("verify " + survivor.id(), StepAction.VERIFY_NODE, scope.cluster(), survivorOnly,
                        scope::verifyParameters)
                .nodeStage("record the state checksum of " + survivor.id(), StepAction.CHECK_STATE, scope.cluster(),
                        survivorOnly, node -> Map.of());
        extraStepsAfter(scope, plan, survivor);
        for (PlanNode peer : others) {
            List<PlanNode> peerOnly = List.of(peer);
            plan.nodeStage("upgrade " + peer.id() + " to " + scope.targetVersion(), StepAction.UPGRADE_NODE,
                            scope.cluster(), scope.needsUpgrade(peer) ? peerOnly : List.of(), scope::upgradeParameters)
                    .nodeStage("rejoin " + peer.id() + " through " + survivor.id(), StepAction.REJOIN_PEER,
                            scope.cluster(), peerOnly, node -> bootstrap)
                    .nodeStage("check that " + peer.id() + " holds the state of " + survivor.id(),
                            StepAction.CHECK_STATE, scope.cluster(), peerOnly, node -> againstSurvivor)
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
