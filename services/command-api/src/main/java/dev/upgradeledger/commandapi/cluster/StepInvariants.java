package dev.upgradeledger.commandapi.cluster;

import dev.upgradeledger.domain.policy.VersionPolicy;
import dev.upgradeledger.domain.rules.SchemaOrderPolicy;
import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.PlannedStep;
import dev.upgradeledger.events.PolicyRules;
import dev.upgradeledger.events.ReleaseCatalog;
import dev.upgradeledger.events.Rule;
import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.events.UpgradeRequested;
import dev.upgradeledger.events.UpgradeStrategy;
import dev.upgradeledger.events.Version;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The invariants no message order may break, checked before a step starts: never more nodes out of service than
 * a rolling upgrade allows; in a rolling upgrade no node upgraded before the schema it needs (old nodes keep working
 * on the new schema, new nodes need it); no node serving again on a version newer than the schema; no state-format
 * change before the state was exported; no state imported on a peer that does not run the version the export was
 * taken on.
 */
final class StepInvariants {

    private static final SchemaOrderPolicy SCHEMA_ORDER = new SchemaOrderPolicy();
    /** Steps after which a node serves again: it must not run a version newer than the schema by then. */
    private static final Set<StepAction> IN_SERVICE_STEPS = EnumSet.of(StepAction.VERIFY_NODE,
            StepAction.REINTEGRATE_NODE, StepAction.REJOIN_PEER);

    /** An invariant a step would break: the rule and what would happen. */
    record Violation(Rule rule, String text) {
    }

    private final ClusterId cluster;
    private final Map<String, ClusterNode> nodes;
    private final ActiveUpgrade upgrade;
    private final StageProgress progress;
    private final ReleaseCatalog catalog;
    private final PolicyRules rules;
    private final Version schemaVersion;

    /*
     * Counted over the whole cluster and stage on the first isolation checked, then kept: while one call of advance
     * starts a stage's steps, only StepStarted events are applied (no node changes state) and each isolation started
     * leaves the pending ones (see started), so the counts need not be taken again for each of a stage's steps.
     */
    private long isolated = -1;
    private long pendingIsolations;
    /** The catalog's policy and whether it orders the plan's schema, taken on the first check: the same for all. */
    private VersionPolicy policy;
    private Boolean ordered;

    StepInvariants(ClusterId cluster, Map<String, ClusterNode> nodes, ActiveUpgrade upgrade, StageProgress progress,
                   ReleaseCatalog catalog, PolicyRules rules, Version schemaVersion) {
        this.cluster = cluster;
        this.nodes = nodes;
        this.upgrade = upgrade;
        this.progress = progress;
        this.catalog = catalog;
        this.rules = rules;
        this.schemaVersion = schemaVersion;
    }

    /** {@code step} was started after its check: an isolation no longer pending. */
    void started(PlannedStep step) {
        if (isolated >= 0 && step.action() == StepAction.ISOLATE_NODE && !progress.skipped(step)) {
            pendingIsolations--;
        }
    }

    /**
     * The invariant starting {@code step} now would break, if any. Checks of one instance are for the steps one call
     * of advance starts, in order, each reported by {@link #started} when it was started.
     */
    Optional<Violation> violation(PlannedStep step) {
        UpgradeRequested request = upgrade.request;
        boolean rolling = request.strategy() == UpgradeStrategy.ROLLING && !upgrade.rollingBack;
        if (rolling && step.action() == StepAction.ISOLATE_NODE) {
            if (isolated < 0) {
                isolated = nodes.values().stream().filter(node -> node.state == NodeState.ISOLATED).count();
                pendingIsolations = progress.currentSteps().stream()
                        .filter(other -> other.action() == StepAction.ISOLATE_NODE && !progress.skipped(other)
                                && upgrade.run(other.stepId()) == null).count();
            }
            long out = isolated;
            long pending = pendingIsolations;
            int allowed = request.maxUnavailable().resolve(nodes.size());
            if (out + pending > allowed) {
                return Optional.of(new Violation(Rule.MAX_UNAVAILABLE, (out + pending)
                        + " nodes would be out of service, " + allowed + " allowed"));
            }
        }
        // The order in the catalog is enforced when the plan itself keeps the schema at or ahead of the nodes
        // (a request without a schema change was taken at its word; see UpgradeDecider).
        if (ordered == null) {
            policy = catalog == null ? null : new VersionPolicy(catalog, rules);
            ordered = SCHEMA_ORDER.ordered(policy, upgrade.to, upgrade.toSchema)
                    && !policy.isAfter(upgrade.to, upgrade.toSchema);
        }
        if (rolling && step.action() == StepAction.UPGRADE_NODE) {
            String violation = SCHEMA_ORDER.violation(ordered ? policy : null, upgrade.to, schemaVersion,
                    upgrade.toSchema).orElse(null);
            if (violation != null) {
                return Optional.of(new Violation(Rule.NODE_NOT_NEWER_THAN_SCHEMA, "node " + step.nodeId() + ": "
                        + violation));
            }
        }
        if (ordered && !upgrade.rollingBack && step.clusterId().equals(cluster) && step.nodeId() != null
                && IN_SERVICE_STEPS.contains(step.action())) {
            ClusterNode node = nodes.get(step.nodeId().value());
            String violation = SCHEMA_ORDER.violation(policy, node == null ? null : node.version, schemaVersion, null)
                    .orElse(null);
            if (violation != null) {
                return Optional.of(new Violation(Rule.NODE_NOT_NEWER_THAN_SCHEMA, "node " + step.nodeId() + ": "
                        + violation));
            }
        }
        String onNode = step.parameters().get("onNode");
        if (step.action() == StepAction.IMPORT_STATE && onNode != null && step.parameters().containsKey("version")) {
            ClusterNode node = nodes.get(onNode);
            String exported = step.parameters().get("version");
            if (node == null || !node.version.value().equals(exported)) {
                return Optional.of(new Violation(Rule.IMPORT_ON_EXPORT_VERSION, "peer " + onNode + " runs "
                        + (node == null ? "nothing" : node.version) + " but the export was taken on " + exported
                        + "; set it up on " + exported + " before the import"));
            }
        }
        if (step.action() == StepAction.MIGRATE_SCHEMA && request.stateFormatChange()
                && request.strategy() != UpgradeStrategy.ROLLING && upgrade.exportChecksum == null) {
            return Optional.of(new Violation(Rule.EXPORT_BEFORE_STATE_CHANGE,
                    "the state format would change before the state was exported"));
        }
        return Optional.empty();
    }
}
