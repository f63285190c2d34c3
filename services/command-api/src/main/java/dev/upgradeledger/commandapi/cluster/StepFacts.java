package dev.upgradeledger.commandapi.cluster;

import dev.upgradeledger.events.DiscoveryGroupAdded;
import dev.upgradeledger.events.DiscoveryGroupRemoved;
import dev.upgradeledger.events.ProcessesRestarted;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.EnvironmentRecompiled;
import dev.upgradeledger.events.EnvironmentResumed;
import dev.upgradeledger.events.EnvironmentsChecked;
import dev.upgradeledger.events.LedgerEvent;
import dev.upgradeledger.events.MissionRevisionsApplied;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.NodeIsolated;
import dev.upgradeledger.events.NodeReintegrated;
import dev.upgradeledger.events.NodeRolledBack;
import dev.upgradeledger.events.NodeStarted;
import dev.upgradeledger.events.NodeStopped;
import dev.upgradeledger.events.NodeUpgraded;
import dev.upgradeledger.events.NodeVerified;
import dev.upgradeledger.events.PeerCleaned;
import dev.upgradeledger.events.PeerRejoined;
import dev.upgradeledger.events.Rule;
import dev.upgradeledger.events.PeerRemoved;
import dev.upgradeledger.events.PlannedStep;
import dev.upgradeledger.events.SchemaMigrated;
import dev.upgradeledger.events.StateChecked;
import dev.upgradeledger.events.ServerStarted;
import dev.upgradeledger.events.ServerStopped;
import dev.upgradeledger.events.StateExported;
import dev.upgradeledger.events.StateImported;
import dev.upgradeledger.events.TargetVerified;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.events.Version;
import dev.upgradeledger.events.WorkloadsHalted;
import dev.upgradeledger.events.WorkloadsMoved;
import dev.upgradeledger.events.WorkloadsResumed;
import java.util.Arrays;
import java.util.Map;

/**
 * Turns a successful step into the fact it establishes: ISOLATE_NODE into {@link NodeIsolated}, EXPORT_STATE into
 * {@link StateExported} with its checksum, and so on. A success that lacks a fact the ledger needs (an export without
 * a checksum, an import whose checksum differs from the export's, a rejoined peer whose state checksum differs from the
 * survivor's) is no success: {@link #of} then throws {@link MissingFact}, and the step counts as failed for good.
 */
final class StepFacts {

    static final String CHECKSUM = "checksum";
    static final String DUMP_REF = "dumpRef";
    /** CHECK_STATE: the node whose recorded state checksum the checked node's must equal. */
    static final String AGAINST = "against";

    private StepFacts() {
    }

    static LedgerEvent of(ClusterId clusterId, UpgradeId upgradeId, PlannedStep step, Map<String, String> facts,
                          Version nodeVersion, Version schemaVersion, String exportChecksum,
                          Map<String, String> stateChecksums) {
        String stepId = step.stepId();
        return switch (step.action()) {
            case HALT_WORKLOADS -> new WorkloadsHalted(clusterId, upgradeId, stepId);
            case EXPORT_STATE -> new StateExported(clusterId, upgradeId, stepId, required(facts, CHECKSUM),
                    facts.getOrDefault(DUMP_REF, ""));
            case MIGRATE_SCHEMA -> new SchemaMigrated(clusterId, upgradeId, stepId, schemaVersion,
                    Version.of(step.parameters().get("schemaVersion")));
            case IMPORT_STATE -> new StateImported(clusterId, upgradeId, stepId, step.clusterId(),
                    matchingChecksum(facts, step.parameters().getOrDefault(CHECKSUM, exportChecksum)));
            case MOVE_WORKLOADS -> new WorkloadsMoved(clusterId, upgradeId, stepId, step.clusterId(),
                    step.parameters().get("group"));
            case RESUME_WORKLOADS -> new WorkloadsResumed(clusterId, upgradeId, stepId, step.clusterId());
            case ISOLATE_NODE -> new NodeIsolated(clusterId, upgradeId, stepId, step.nodeId());
            case UPGRADE_NODE -> new NodeUpgraded(clusterId, upgradeId, stepId, step.nodeId(), nodeVersion,
                    Version.of(step.parameters().get("version")));
            case VERIFY_NODE -> new NodeVerified(clusterId, upgradeId, stepId, step.nodeId());
            case REINTEGRATE_NODE -> new NodeReintegrated(clusterId, upgradeId, stepId, step.nodeId());
            case REMOVE_PEER -> new PeerRemoved(clusterId, upgradeId, stepId, step.nodeId());
            case REJOIN_PEER -> new PeerRejoined(clusterId, upgradeId, stepId, step.nodeId());
            case ROLL_BACK_NODE -> new NodeRolledBack(clusterId, upgradeId, stepId, step.nodeId(),
                    Version.of(step.parameters().get("version")));
            case APPLY_MISSION_REVISIONS -> new MissionRevisionsApplied(clusterId, upgradeId, stepId, step.nodeId(),
                    Version.of(step.parameters().get("previousVersion")));
            case STOP_NODE -> new NodeStopped(clusterId, upgradeId, stepId, step.nodeId());
            case START_NODE -> new NodeStarted(clusterId, upgradeId, stepId, step.nodeId());
            case CHECK_STATE -> stateChecked(clusterId, upgradeId, step, facts, stateChecksums);
            case CLEAN_PEER -> peerCleaned(clusterId, upgradeId, step, facts);
            case VERIFY_TARGET -> new TargetVerified(clusterId, upgradeId, stepId, step.clusterId(),
                    Version.of(step.parameters().get("version")));
            case STOP_SERVER -> new ServerStopped(clusterId, upgradeId, stepId, step.clusterId());
            case START_SERVER -> new ServerStarted(clusterId, upgradeId, stepId, step.clusterId());
            case CHECK_ENVIRONMENTS -> new EnvironmentsChecked(clusterId, upgradeId, stepId, step.clusterId(),
                    Arrays.stream(step.parameters().getOrDefault("environments", "").split(","))
                            .filter(environment -> !environment.isEmpty()).toList());
            case RECOMPILE_ENVIRONMENT -> new EnvironmentRecompiled(clusterId, upgradeId, stepId, step.clusterId(),
                    step.parameters().get("environment"));
            case RESUME_ENVIRONMENT -> new EnvironmentResumed(clusterId, upgradeId, stepId, step.clusterId(),
                    step.parameters().get("environment"));
            case REMOVE_DISCOVERY_GROUP -> new DiscoveryGroupRemoved(clusterId, upgradeId, stepId, step.clusterId(),
                    step.parameters().get("group"));
            case ROLLING_RESTART -> new ProcessesRestarted(clusterId, upgradeId, stepId, step.clusterId(),
                    step.parameters().get("group"));
            case ADD_DISCOVERY_GROUP -> new DiscoveryGroupAdded(clusterId, upgradeId, stepId, step.clusterId(),
                    step.parameters().get("group"));
            case APPROVAL, SOAK -> throw new IllegalStateException(step.action()
                    + " is settled by the ledger itself, never by a reported outcome");
        };
    }

    private static String required(Map<String, String> facts, String name) {
        String value = facts.get(name);
        if (value == null || value.isBlank()) {
            throw new MissingFact("missing-" + name, "the step reported success without a " + name);
        }
        return value;
    }

    private static String matchingChecksum(Map<String, String> facts, String exportChecksum) {
        String imported = required(facts, CHECKSUM);
        if (exportChecksum != null && !exportChecksum.equals(imported)) {
            throw new MissingFact("checksum-mismatch", "the imported state has checksum " + imported
                    + " but the export had " + exportChecksum);
        }
        return imported;
    }

    /**
     * A peer set up afresh on {@code parameters.version} (IPFS disaster recovery, guide step 3) is accepted only when it
     * runs that version (the version the export was taken on: the import needs it); a cleaned peer has no version.
     */
    private static PeerCleaned peerCleaned(ClusterId clusterId, UpgradeId upgradeId, PlannedStep step,
                                           Map<String, String> facts) {
        String wanted = step.parameters().get("version");
        if (wanted == null) {
            return new PeerCleaned(clusterId, upgradeId, step.stepId(), step.nodeId(), null);
        }
        String runs = facts.getOrDefault("version", wanted);
        if (!wanted.equals(runs)) {
            throw new MissingFact(Rule.IMPORT_ON_EXPORT_VERSION.id(), "peer " + step.nodeId() + " was set up on "
                    + runs + " but the export was taken on " + wanted + "; the state is imported only on a peer"
                    + " running the export's version");
        }
        return new PeerCleaned(clusterId, upgradeId, step.stepId(), step.nodeId(), Version.of(wanted));
    }

    /**
     * The checked node's state checksum; with {@code against}, only when it equals the one recorded for that node
     * (IPFS Cluster bootstrap: a rejoined peer "will receive a full copy of the state").
     */
    private static StateChecked stateChecked(ClusterId clusterId, UpgradeId upgradeId, PlannedStep step,
                                             Map<String, String> facts, Map<String, String> stateChecksums) {
        String checksum = required(facts, CHECKSUM);
        String against = step.parameters().get(AGAINST);
        if (against == null) {
            return new StateChecked(clusterId, upgradeId, step.stepId(), step.nodeId(), checksum, null, null);
        }
        String reference = stateChecksums.get(against);
        if (reference == null) {
            throw new MissingFact("no-reference-checksum", "the state of " + step.nodeId() + " cannot be checked:"
                    + " no state checksum of " + against + " was recorded");
        }
        if (!reference.equals(checksum)) {
            throw new MissingFact("state-checksum-mismatch", "peer " + step.nodeId() + " holds state checksum "
                    + checksum + " but " + against + " holds " + reference + "; the rejoined peer does not have"
                    + " the full state");
        }
        return new StateChecked(clusterId, upgradeId, step.stepId(), step.nodeId(), checksum, NodeId.of(against),
                reference);
    }

    /** A reported success that cannot be accepted as one. */
    static final class MissingFact extends RuntimeException {

        private final String code;

        MissingFact(String code, String message) {
            super(message);
            this.code = code;
        }

        String code() {
            return code;
        }
    }
}
