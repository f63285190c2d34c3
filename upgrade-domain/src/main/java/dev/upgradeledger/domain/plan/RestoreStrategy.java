package dev.upgradeledger.domain.plan;

import static dev.upgradeledger.domain.plan.UpgradeScope.names;

import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.events.UpgradePlan;
import java.util.List;
import java.util.Map;

/**
 * IPFS Cluster full disaster recovery (seed 002, "Troubleshooting upgrades"), from the export an earlier upgrade
 * recorded (guide steps 1-2: the peer that still stored the state exported it before upgrading; the ledger knows its
 * checksum, dump and the version it was taken on). Every peer is stopped first. On the restored peer (the first node in
 * plan order): (3) set it up afresh on the export's version, (4) import the export, offline, its checksum checked,
 * (5) upgrade its binaries, (6) upgrade the imported state, offline, (7) start it as a single-peer cluster and record
 * its state checksum. Then (8) one peer at a time: fully clean it, upgrade it, rejoin it through the restored peer and
 * check that its state checksum equals the restored peer's, as a REJOIN does.
 */
final class RestoreStrategy {

    /** The IMPORT_STATE parameters naming the export: the upgrade that recorded it, checksum, dump and version. */
    static final String EXPORTED_BY = "exportedBy";

    UpgradePlan plan(UpgradeScope scope, RecordedExport export) {
        PlanNode restored = scope.nodes().get(0);
        List<PlanNode> others = scope.nodes().subList(1, scope.nodes().size());
        List<PlanNode> restoredOnly = List.of(restored);
        String old = export.version().value();
        Map<String, String> importParameters = Map.of(EXPORTED_BY, export.upgradeId().value(),
                "checksum", export.checksum(), "dumpRef", export.dumpRef(), "version", old,
                "onNode", restored.id().value());

        PlanBuilder plan = new PlanBuilder();
        plan.nodeStage("stop every peer: " + names(scope.nodes()), StepAction.STOP_NODE, scope.cluster(),
                scope.nodes(), node -> Map.of());
        plan.nodeStage("set up " + restored.id() + " afresh on " + old + ", the version the export of upgrade "
                        + export.upgradeId() + " was taken on (guide step 3)", StepAction.CLEAN_PEER, scope.cluster(),
                restoredOnly, node -> Map.of("version", old));
        plan.clusterStage("import the export of upgrade " + export.upgradeId() + " (checksum " + export.checksum()
                + ") on " + restored.id() + " (offline; guide step 4)", StepAction.IMPORT_STATE, scope.cluster(),
                importParameters);
        if (!old.equals(scope.targetVersion().value())) {
            plan.nodeStage("upgrade " + restored.id() + " to " + scope.targetVersion() + " (guide step 5)",
                    StepAction.UPGRADE_NODE, scope.cluster(), restoredOnly,
                    node -> Map.of("version", scope.targetVersion().value(), "from", old));
        }
        if (scope.migrationNeeded()) {
            plan.clusterStage(scope.migrationDescription() + " on " + restored.id() + " (offline; guide step 6)",
                    StepAction.MIGRATE_SCHEMA, scope.cluster(), scope.migrationParametersOn(restored));
        }
        plan.nodeStage("start " + restored.id() + " as a single-peer cluster (guide step 7)", StepAction.START_NODE,
                        scope.cluster(), restoredOnly, node -> Map.of())
                .nodeStage("verify " + restored.id(), StepAction.VERIFY_NODE, scope.cluster(), restoredOnly,
                        scope::verifyParameters)
                .nodeStage("record the state checksum of " + restored.id(), StepAction.CHECK_STATE, scope.cluster(),
                        restoredOnly, node -> Map.of());
        Map<String, String> bootstrap = Map.of("bootstrap", restored.id().value());
        Map<String, String> againstRestored = Map.of(RejoinStrategy.AGAINST, restored.id().value());
        for (PlanNode peer : others) {
            List<PlanNode> peerOnly = List.of(peer);
            plan.nodeStage("fully clean " + peer.id() + " (guide step 8)", StepAction.CLEAN_PEER, scope.cluster(),
                            peerOnly, node -> Map.of())
                    .nodeStage("upgrade " + peer.id() + " to " + scope.targetVersion(), StepAction.UPGRADE_NODE,
                            scope.cluster(), scope.needsUpgrade(peer) ? peerOnly : List.of(), scope::upgradeParameters)
                    .nodeStage("rejoin " + peer.id() + " through " + restored.id(), StepAction.REJOIN_PEER,
                            scope.cluster(), peerOnly, node -> bootstrap)
                    .nodeStage("check that " + peer.id() + " holds the state of " + restored.id(),
                            StepAction.CHECK_STATE, scope.cluster(), peerOnly, node -> againstRestored)
                    .nodeStage("verify " + peer.id(), StepAction.VERIFY_NODE, scope.cluster(), peerOnly,
                            scope::verifyParameters);
        }
        return plan.build();
    }
}
