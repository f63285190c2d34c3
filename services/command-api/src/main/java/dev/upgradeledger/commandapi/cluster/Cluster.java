package dev.upgradeledger.commandapi.cluster;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.upgradeledger.events.LedgerEvent;
import org.axonframework.modelling.command.AggregateLifecycle;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.upgradeledger.domain.decide.ClusterSnapshot;
import dev.upgradeledger.domain.decide.NodeSnapshot;
import dev.upgradeledger.domain.decide.UpgradeDecider;
import dev.upgradeledger.domain.profile.ProductProfile;
import dev.upgradeledger.domain.rules.ComponentRolePolicy;
import dev.upgradeledger.domain.rules.FinalizeGate;
import dev.upgradeledger.domain.rules.SingleVersionPolicy;
import dev.upgradeledger.events.AbandonUpgrade;
import dev.upgradeledger.events.ApprovalRejected;
import dev.upgradeledger.events.ApproveUpgrade;
import dev.upgradeledger.events.AuditMetadata;
import dev.upgradeledger.events.BatchSoaked;
import dev.upgradeledger.events.RejectUpgrade;
import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.events.UpgradeApproved;
import dev.upgradeledger.events.FailureCause;
import dev.upgradeledger.events.PauseCause;
import dev.upgradeledger.events.Rule;
import dev.upgradeledger.events.UpgradeAbandoned;
import dev.upgradeledger.events.UpgradeFailed;
import dev.upgradeledger.domain.plan.PlanResult;
import dev.upgradeledger.domain.plan.RecordedExport;
import dev.upgradeledger.events.PeerCleaned;
import dev.upgradeledger.domain.policy.Hop;
import dev.upgradeledger.events.AbortUpgrade;
import dev.upgradeledger.events.AddNode;
import dev.upgradeledger.events.ClaimDiscoveryGroup;
import dev.upgradeledger.events.ClaimManagement;
import dev.upgradeledger.events.DiscoveryGroupAdded;
import dev.upgradeledger.events.DiscoveryGroupClaimed;
import dev.upgradeledger.events.DiscoveryGroupReleased;
import dev.upgradeledger.events.DiscoveryGroupRemoved;
import dev.upgradeledger.events.ProcessesRestarted;
import dev.upgradeledger.events.ReleaseDiscoveryGroup;
import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.ClusterLabelsChanged;
import dev.upgradeledger.events.ClusterRegistered;
import dev.upgradeledger.events.ClusterRetired;
import dev.upgradeledger.events.DeclareReleaseCatalog;
import dev.upgradeledger.events.FailurePolicy;
import dev.upgradeledger.events.FinalizeUpgrade;
import dev.upgradeledger.events.HandOverManagement;
import dev.upgradeledger.events.ManagementClaimed;
import dev.upgradeledger.events.ManagementHandedOver;
import dev.upgradeledger.events.MissionRevisionsApplied;
import dev.upgradeledger.events.EnvironmentRecompiled;
import dev.upgradeledger.events.EnvironmentResumed;
import dev.upgradeledger.events.EnvironmentsChecked;
import dev.upgradeledger.events.ServerStarted;
import dev.upgradeledger.events.ServerStopped;
import dev.upgradeledger.events.TargetVerified;
import dev.upgradeledger.events.NodeAdded;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.NodeIsolated;
import dev.upgradeledger.events.NodeQuarantined;
import dev.upgradeledger.events.NodeReintegrated;
import dev.upgradeledger.events.NodeRemoved;
import dev.upgradeledger.events.NodeRolledBack;
import dev.upgradeledger.events.NodeUpgraded;
import dev.upgradeledger.events.WorkloadsResumed;
import dev.upgradeledger.events.WorkloadsMoved;
import dev.upgradeledger.events.StateImported;
import dev.upgradeledger.events.WorkloadsHalted;
import dev.upgradeledger.events.NodeVerified;
import dev.upgradeledger.events.PauseUpgrade;
import dev.upgradeledger.events.PeerRejoined;
import dev.upgradeledger.events.PeerRemoved;
import dev.upgradeledger.events.PlannedStep;
import dev.upgradeledger.events.PolicyRules;
import dev.upgradeledger.events.RegisterCluster;
import dev.upgradeledger.events.ReleaseCatalog;
import dev.upgradeledger.events.ReleaseCatalogDeclared;
import dev.upgradeledger.events.RemoveNode;
import dev.upgradeledger.events.ReportStepOutcome;
import dev.upgradeledger.events.RequestUpgrade;
import dev.upgradeledger.events.ResumeUpgrade;
import dev.upgradeledger.events.RetireCluster;
import dev.upgradeledger.events.SetClusterLabels;
import dev.upgradeledger.events.RollBackUpgrade;
import dev.upgradeledger.events.RollbackStarted;
import dev.upgradeledger.events.SchemaChange;
import dev.upgradeledger.events.SchemaMigrated;
import dev.upgradeledger.events.StateExported;
import dev.upgradeledger.events.NodeStarted;
import dev.upgradeledger.events.NodeStopped;
import dev.upgradeledger.events.StateChecked;
import dev.upgradeledger.events.StepFailed;
import dev.upgradeledger.events.StepOutcome;
import dev.upgradeledger.events.StepStarted;
import dev.upgradeledger.events.StepTimedOut;
import dev.upgradeledger.events.UpgradeAborted;
import dev.upgradeledger.events.UpgradeCompleted;
import dev.upgradeledger.events.UpgradeFinalized;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.events.UpgradePaused;
import dev.upgradeledger.events.UpgradePlan;
import dev.upgradeledger.events.UpgradePlanned;
import dev.upgradeledger.events.ProfileUsed;
import dev.upgradeledger.events.UpgradeRejected;
import dev.upgradeledger.events.UpgradeRequested;
import dev.upgradeledger.events.UpgradeResumed;
import dev.upgradeledger.events.UpgradeStrategy;
import dev.upgradeledger.events.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One cluster under the ledger: its nodes, release catalog, manager and at most one active upgrade. Command handlers
 * check the rules and apply events; event-sourcing handlers only assign state. A second registration of the same id
 * is refused by the event store (the first event of a stream can be stored once), answered as 409.
 *
 * <p>An upgrade runs as stages of steps (see {@link UpgradePlan}). The aggregate starts every step of a stage
 * ({@link StepStarted}), the executor reports each outcome ({@link ReportStepOutcome}), and the next stage starts when
 * every step of the current one succeeded or its node was quarantined. A report for another attempt, an older manager
 * epoch or a settled step changes nothing.
 */
@Revision("2")
@Aggregate(commandTargetResolver = "clusterCommandTargetResolver", snapshotTriggerDefinition = "clusterSnapshotTrigger",
        cache = "clusterCache")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class Cluster {

    static final String STEP_DEADLINE = "step-deadline";
    static final String STEP_RETRY = "step-retry";
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
    private static final UpgradeDecider DECIDER = new UpgradeDecider();
    private static final FinalizeGate FINALIZE_GATE = new FinalizeGate();
    private static final SingleVersionPolicy SINGLE_VERSION = new SingleVersionPolicy(DECIDER.scheme());
    private static final ComponentRolePolicy COMPONENT_ROLES = new ComponentRolePolicy();

    @AggregateIdentifier
    private ClusterId id;
    private String product;
    private Version version;
    private Version schemaVersion;
    private Map<String, ClusterNode> nodes = new LinkedHashMap<>();
    private ReleaseCatalog catalog;
    private PolicyRules rules;
    private String managerId;
    private long epoch;
    private ActiveUpgrade upgrade;
    private UpgradeId unfinalized;
    private boolean retired;
    /** The cluster's labels, in key order; snapshots taken before labels existed lack them and read as none. */
    private Map<String, String> labels = Map.of();
    /** Which cluster manages each of this cluster's discovery groups (Replicante live move). */
    private DiscoveryGroups discoveryGroups = new DiscoveryGroups();
    /**
     * The state exports recorded by this cluster's upgrades, by upgrade id, oldest first (at most
     * {@value #EXPORTS_KEPT}): what a RESTORE starts from. Snapshots of revision 1 lack them, so they are not used.
     */
    private Map<String, RecordedExport> exports = new LinkedHashMap<>();
    static final int EXPORTS_KEPT = 20;

    protected Cluster() {
    }

    @CommandHandler
    public Cluster(RegisterCluster command) {
        ProductProfile profile = ProfileSource.inUnitOfWork().current(command.product())
                .map(ProfileSource.Applied::profile).orElse(null);
        command.nodes().forEach(node -> COMPONENT_ROLES.nodeRole(profile, node).ifPresent(refusal -> {
            throw new ClusterRefusal(refusal);
        }));
        apply(new ClusterRegistered(command.clusterId(), command.product(), command.version(),
                command.schemaVersion(), command.nodes(), command.labels()));
        if (command.catalog() != null) {
            apply(new ReleaseCatalogDeclared(command.clusterId(), command.catalog(), command.rules()));
        }
    }

    @CommandHandler
    void handle(DeclareReleaseCatalog command) {
        requireNoActiveUpgrade("declare a release catalog");
        if (!command.catalog().contains(version)) {
            throw new ClusterRefusal(Rule.VERSION_NOT_IN_CATALOG,
                    "the release catalog does not list the cluster's version " + version);
        }
        apply(new ReleaseCatalogDeclared(id, command.catalog(), command.rules()));
    }

    @CommandHandler
    void handle(AddNode command) {
        requireActive();
        requireNoActiveUpgrade("add a node");
        if (nodes.containsKey(command.node().id().value())) {
            throw new ClusterRefusal(Rule.NODE_EXISTS, "node " + command.node().id() + " is already in cluster " + id);
        }
        if (nodes.size() >= RegisterCluster.MAX_NODES) {
            throw new ClusterRefusal(Rule.NODE_LIMIT, "cluster " + id + " already has " + nodes.size()
                    + " nodes, the most a cluster may have");
        }
        ProfileSource.Applied applied = currentProfile();
        ProductProfile profile = applied == null ? null : applied.profile();
        COMPONENT_ROLES.nodeRole(profile, command.node()).ifPresent(refusal -> {
            throw new ClusterRefusal(refusal);
        });
        boolean driftAllowed = profile != null && profile.allowVersionDrift();
        if (!driftAllowed) {
            SINGLE_VERSION.nodeJoins(snapshot(applied), command.node().id(), command.version()).ifPresent(refusal -> {
                throw new ClusterRefusal(refusal);
            });
        }
        apply(new NodeAdded(id, command.node(), command.version() == null ? version : command.version()));
    }

    @CommandHandler
    void handle(RemoveNode command) {
        requireActive();
        requireNoActiveUpgrade("remove a node");
        node(command.nodeId());
        if (nodes.size() == 1) {
            throw new ClusterRefusal(Rule.LAST_NODE, "the last node of a cluster cannot be removed; retire it instead");
        }
        apply(new NodeRemoved(id, command.nodeId()));
    }

    @CommandHandler
    void handle(ClaimManagement command) {
        if (command.managerId().equals(managerId)) {
            return;
        }
        if (managerId != null) {
            throw new ClusterRefusal(Rule.MANAGED_BY_OTHER, "cluster " + id + " is managed by " + managerId
                    + "; it must hand management over");
        }
        apply(new ManagementClaimed(id, command.managerId(), epoch + 1));
    }

    @CommandHandler
    void handle(HandOverManagement command, DeadlineManager deadlines) {
        if (!command.fromManagerId().equals(managerId)) {
            throw new ClusterRefusal(Rule.NOT_THE_MANAGER, command.fromManagerId() + " does not manage cluster " + id
                    + (managerId == null ? "" : "; " + managerId + " does"));
        }
        apply(new ManagementHandedOver(id, managerId, command.toManagerId(), epoch + 1));
        if (upgrade != null && !upgrade.paused) {
            restartRunningSteps(deadlines);
        }
    }

    /** A cluster claims one of this cluster's discovery groups; 409 {@code group-managed-elsewhere} while another has it. */
    @CommandHandler
    void handle(ClaimDiscoveryGroup command) {
        discoveryGroups.claim(id, nodes.values(), command.group(), command.managerClusterId(), null, null)
                .ifPresent(AggregateLifecycle::apply);
    }

    /** The cluster that manages one of this cluster's discovery groups releases it. */
    @CommandHandler
    void handle(ReleaseDiscoveryGroup command) {
        discoveryGroups.release(id, nodes.values(), command.group(), command.managerClusterId(), null, null)
                .ifPresent(AggregateLifecycle::apply);
    }

    /** Replaces the cluster's labels; records nothing when they are the same. Answers the labels it has now. */
    @CommandHandler
    ClusterLabelsAnswer handle(SetClusterLabels command) {
        requireActive();
        if (command.labels().equals(labels)) {
            return new ClusterLabelsAnswer(id.value(), labels, false);
        }
        apply(new ClusterLabelsChanged(id, command.labels()));
        return new ClusterLabelsAnswer(id.value(), labels, true);
    }

    @CommandHandler
    void handle(RetireCluster command) {
        requireActive();
        requireNoActiveUpgrade("retire the cluster");
        apply(new ClusterRetired(id, command.reason()));
    }

    /**
     * Checks the request against the version policy and the strategy, plans every hop, and (unless it is a dry run)
     * records the request and starts the first stage. A refusal is recorded as {@link UpgradeRejected} and returned.
     */
    @CommandHandler
    UpgradeDecision handle(RequestUpgrade command, DeadlineManager deadlines, ClusterDirectory directory) {
        requireActive();
        requireNoActiveUpgrade("start another upgrade");
        ProfileSource.Applied applied = currentProfile();
        FINALIZE_GATE.nextUpgrade(snapshot(applied)).ifPresent(refusal -> {
            throw new ClusterRefusal(refusal);
        });
        UpgradeDecision decision = decide(command, directory, applied);
        if (command.dryRun()) {
            return decision;
        }
        if (!decision.accepted()) {
            apply(new UpgradeRejected(id, command.upgradeId(), version, command.targetVersion(), decision.rule(),
                    decision.reason(), decision.allowedPath()));
            return decision;
        }
        apply(new UpgradeRequested(id, command.upgradeId(), version, command.targetVersion(),
                command.targetSchemaVersion(), command.strategy(), command.schemaChange(),
                command.stateFormatChange(), command.maxUnavailable(), command.byGroup(), command.targetClusterId(),
                command.failurePolicy(), command.followPath(), command.maxAttempts(), command.stepTimeout(),
                command.soakTime(), command.approvalBefore(), command.approvalTimeout()));
        UpgradeDecision.HopPlan first = decision.hops().get(0);
        List<Version> remaining = decision.hops().stream().skip(1).map(UpgradeDecision.HopPlan::to).toList();
        apply(new UpgradePlanned(id, command.upgradeId(), first.from(), first.to(), first.toSchema(),
                command.strategy(), first.plan(), remaining, profileUsed(applied)));
        advance(deadlines);
        return decision;
    }

    @CommandHandler
    StepReceipt handle(ReportStepOutcome command, DeadlineManager deadlines) {
        if (upgrade == null || !upgrade.request.upgradeId().equals(command.upgradeId())) {
            return StepReceipt.STALE;
        }
        if (command.managerEpoch() != epoch) {
            return StepReceipt.STALE;
        }
        StepRun run = upgrade.run(command.stepId());
        PlannedStep step = upgrade.step(command.stepId()).orElse(null);
        if (run == null || step == null || command.attempt() != run.attempt || step.action().heldByLedger()) {
            // an approval or a soak is settled by the ledger alone: no outcome report decides it
            return StepReceipt.STALE;
        }
        if (run.status != StepRun.Status.RUNNING) {
            return StepReceipt.DUPLICATE;
        }
        if (run.deadlineId != null) {
            // The attempt has its outcome: its time-out would only load this cluster again in vain.
            deadlines.cancelSchedule(STEP_DEADLINE, run.deadlineId);
        }
        if (command.outcome() instanceof StepOutcome.Succeeded succeeded) {
            try {
                LedgerEvent fact = StepFacts.of(id, upgrade.request.upgradeId(), step, succeeded.facts(),
                        nodeVersion(step), schemaVersion, upgrade.exportChecksum, upgrade.stateChecksums);
                Optional<LedgerEvent> fencing = discoveryGroups.after(id, nodes.values(), upgrade.request.upgradeId(),
                        step);
                apply(fact);
                fencing.ifPresent(AggregateLifecycle::apply);
            } catch (StepFacts.MissingFact missing) {
                fail(step, run.attempt, missing.code(), missing.getMessage(), false, deadlines);
                return StepReceipt.ACCEPTED;
            }
            advance(deadlines);
        } else {
            StepOutcome.Failed failed = (StepOutcome.Failed) command.outcome();
            fail(step, run.attempt, failed.code(), failed.message(), failed.retryable(), deadlines);
        }
        return StepReceipt.ACCEPTED;
    }

    @CommandHandler
    void handle(PauseUpgrade command) {
        ActiveUpgrade active = activeUpgrade(command.upgradeId());
        if (active.paused) {
            throw new ClusterRefusal(Rule.UPGRADE_PAUSED, "upgrade " + command.upgradeId() + " is already paused");
        }
        apply(UpgradePaused.byOperator(id, command.upgradeId(), reasonOr(command.reason(), "paused by an operator")));
    }

    @CommandHandler
    void handle(ResumeUpgrade command, DeadlineManager deadlines) {
        ActiveUpgrade active = activeUpgrade(command.upgradeId());
        if (!active.paused) {
            throw new ClusterRefusal(Rule.UPGRADE_NOT_PAUSED, "upgrade " + command.upgradeId() + " is not paused");
        }
        apply(new UpgradeResumed(id, command.upgradeId()));
        restartFailedSteps(deadlines);
        advance(deadlines);
    }

    /**
     * Approves the {@code APPROVAL} step the upgrade waits for, with who and why, and goes on. The same approval sent
     * again (over REST or Kafka) answers {@link StepReceipt#DUPLICATE} and records nothing: it counts once.
     */
    @CommandHandler
    StepReceipt handle(ApproveUpgrade command, @MetaDataValue(AuditMetadata.ACTOR) String actor,
                       DeadlineManager deadlines) {
        activeUpgrade(command.upgradeId());
        PlannedStep step = upgrade.step(command.stepId()).orElse(null);
        StepRun run = upgrade.run(command.stepId());
        if (step != null && step.action() == StepAction.APPROVAL && run != null
                && run.status == StepRun.Status.SUCCEEDED) {
            return StepReceipt.DUPLICATE;
        }
        pendingApproval(command.stepId(), step, run);
        if (run.deadlineId != null) {
            deadlines.cancelSchedule(STEP_DEADLINE, run.deadlineId);
        }
        apply(new UpgradeApproved(id, command.upgradeId(), step.stepId(), step.parameters().get("what"),
                actorOr(actor), command.reason()));
        advance(deadlines);
        return StepReceipt.ACCEPTED;
    }

    /** Rejects the {@code APPROVAL} step the upgrade waits for, with who and why: the upgrade is aborted. */
    @CommandHandler
    void handle(RejectUpgrade command, @MetaDataValue(AuditMetadata.ACTOR) String actor, DeadlineManager deadlines) {
        activeUpgrade(command.upgradeId());
        PlannedStep step = upgrade.step(command.stepId()).orElse(null);
        StepRun run = upgrade.run(command.stepId());
        pendingApproval(command.stepId(), step, run);
        if (run.deadlineId != null) {
            deadlines.cancelSchedule(STEP_DEADLINE, run.deadlineId);
        }
        String what = step.parameters().get("what");
        apply(new ApprovalRejected(id, command.upgradeId(), step.stepId(), what, actorOr(actor), command.reason()));
        apply(new UpgradeAborted(id, command.upgradeId(), "approval " + step.stepId() + " (" + what + ") rejected by "
                + actorOr(actor) + (command.reason() == null || command.reason().isBlank() ? ""
                : ": " + command.reason())));
    }

    @CommandHandler
    void handle(AbortUpgrade command) {
        activeUpgrade(command.upgradeId());
        apply(new UpgradeAborted(id, command.upgradeId(), reasonOr(command.reason(), "aborted by an operator")));
    }

    /**
     * Runs the plan backwards for the nodes already upgraded: one node at a time, isolate (if in service), roll back,
     * verify, reintegrate. Refused after a destructive schema change (old versions cannot run on it), and for REJOIN and
     * MIGRATION, whose state was migrated or moved (abort those instead; a migration's source cluster is untouched).
     */
    @CommandHandler
    void handle(RollBackUpgrade command, DeadlineManager deadlines) {
        ActiveUpgrade active = activeUpgrade(command.upgradeId());
        if (active.rollingBack) {
            throw new ClusterRefusal(Rule.ROLLBACK_IN_PROGRESS, "upgrade " + command.upgradeId() + " is already rolling back");
        }
        if (active.destructiveSchemaApplied) {
            throw new ClusterRefusal(Rule.ROLLBACK_AFTER_DESTRUCTIVE_SCHEMA, "the destructive schema change to "
                    + schemaVersion + " was applied; the old version cannot run on it");
        }
        UpgradeStrategy strategy = active.request.strategy();
        if (strategy.movesToAnotherCluster()) {
            throw new ClusterRefusal(Rule.ROLLBACK_NOT_SUPPORTED, strategy + " upgrades cannot be rolled back: the"
                    + " source cluster is untouched; abort instead");
        }
        if (strategy == UpgradeStrategy.REJOIN || strategy == UpgradeStrategy.RESTORE) {
            RecordedExport export = exports.get(command.upgradeId().value());
            throw new ClusterRefusal(Rule.ROLLBACK_NOT_SUPPORTED, strategy + " upgrades cannot be rolled back: the"
                    + " peers' state was migrated", export == null
                    ? "abort it, then restore the last recorded export: an upgrade with strategy RESTORE"
                    : "abort it, then restore its export (checksum " + export.checksum() + ", taken on "
                    + export.version() + "): an upgrade with strategy RESTORE and restoreFrom "
                    + command.upgradeId());
        }
        apply(new RollbackStarted(id, command.upgradeId(), reasonOr(command.reason(), "rolled back by an operator"),
                RollbackPlanner.plan(id, nodes, active)));
        advance(deadlines);
    }

    @CommandHandler
    void handle(FinalizeUpgrade command) {
        FINALIZE_GATE.finalize(snapshot(), command.upgradeId()).ifPresent(refusal -> {
            throw new ClusterRefusal(refusal);
        });
        apply(new UpgradeFinalized(id, command.upgradeId(), version));
    }

    /** Gives up on finalizing a completed upgrade, so that the next one may start. */
    @CommandHandler
    void handle(AbandonUpgrade command) {
        FINALIZE_GATE.abandon(snapshot(), command.upgradeId()).ifPresent(refusal -> {
            throw new ClusterRefusal(refusal);
        });
        apply(new UpgradeAbandoned(id, command.upgradeId(), reasonOr(command.reason(), "abandoned by an operator")));
    }

    @DeadlineHandler(deadlineName = STEP_DEADLINE)
    void onStepDeadline(StepDeadline deadline, DeadlineManager deadlines) {
        if (!isCurrent(deadline) || upgrade.run(deadline.stepId()).status != StepRun.Status.RUNNING) {
            return;
        }
        PlannedStep step = upgrade.step(deadline.stepId()).orElseThrow();
        if (step.action() == StepAction.SOAK) {
            apply(new BatchSoaked(id, upgrade.request.upgradeId(), step.stepId(),
                    Duration.parse(step.parameters().get("soakTime"))));
            advance(deadlines);
            return;
        }
        if (step.action() == StepAction.APPROVAL) {
            UpgradeId upgradeId = upgrade.request.upgradeId();
            Instant expired = upgrade.run(step.stepId()).deadline;
            apply(new StepTimedOut(id, upgradeId, step.stepId(), deadline.attempt(), false));
            apply(new UpgradeAborted(id, upgradeId, "approval " + step.stepId() + " ("
                    + step.parameters().get("what") + ") expired at " + expired + ": nobody approved it"));
            return;
        }
        boolean willRetry = deadline.attempt() < upgrade.request.maxAttempts() && !upgrade.paused;
        apply(new StepTimedOut(id, upgrade.request.upgradeId(), step.stepId(), deadline.attempt(), willRetry));
        settleFailure(step, "timeout", "no outcome before " + upgrade.run(step.stepId()).deadline, willRetry,
                deadline.attempt(), deadlines);
    }

    @DeadlineHandler(deadlineName = STEP_RETRY)
    void onStepRetry(StepDeadline retry, DeadlineManager deadlines) {
        if (!isCurrent(retry) || upgrade.paused
                || upgrade.run(retry.stepId()).status != StepRun.Status.WAITING_RETRY) {
            return;
        }
        startStep(upgrade.step(retry.stepId()).orElseThrow(), retry.attempt() + 1, deadlines);
    }

    // ---- deciding an upgrade ------------------------------------------------------------------------------------

    private UpgradeDecision decide(RequestUpgrade command, ClusterDirectory directory, ProfileSource.Applied applied) {
        Optional<ClusterSnapshot> target = Optional.empty();
        if (command.strategy().movesToAnotherCluster() && !command.targetClusterId().equals(id)) {
            target = directory.find(command.targetClusterId()).map(Cluster::snapshotOf);
        }
        Optional<RecordedExport> export = command.strategy() != UpgradeStrategy.RESTORE ? Optional.empty()
                : command.restoreFrom() != null ? Optional.ofNullable(exports.get(command.restoreFrom().value()))
                : exports.values().stream().reduce((first, second) -> second);
        return UpgradeDecision.of(DECIDER.decide(snapshot(applied), command, target, export), command.dryRun());
    }

    /** The labels the cluster carries now. */
    Map<String, String> labels() {
        return labels;
    }

    /** Everything the decider and the policies may know of this cluster, as an immutable value. */
    ClusterSnapshot snapshot() {
        return snapshot(currentProfile());
    }

    /**
     * The cluster with a version of its product's profile: the profile's roles, steps and workloads rule apply, and
     * its release catalog when the cluster has none of its own (a cluster's own catalog overrides the product's).
     */
    private ClusterSnapshot snapshot(ProfileSource.Applied applied) {
        boolean productCatalog = catalog == null && applied != null && applied.catalogApplies();
        return new ClusterSnapshot(id, product, version, schemaVersion, nodes.values().stream()
                .map(node -> new NodeSnapshot(node.id, node.group, node.version, node.state == NodeState.QUARANTINED,
                        node.role))
                .toList(), productCatalog ? applied.profile().catalog() : catalog,
                productCatalog ? applied.profile().rules() : rules, managerId, retired,
                upgrade == null ? null : upgrade.request.upgradeId(), unfinalized,
                applied == null ? null : applied.profile(), labels);
    }

    /** The version of the product's profile in force now, or null when the product has none. */
    private ProfileSource.Applied currentProfile() {
        return product == null ? null : ProfileSource.inUnitOfWork().current(product).orElse(null);
    }

    /**
     * The version of the product's profile the active upgrade was planned with (upgrades planned before profiles had
     * versions: the built-in one), or null when the product has none.
     */
    private ProfileSource.Applied plannedProfile() {
        if (product == null) {
            return null;
        }
        ProfileUsed used = upgrade == null ? null : upgrade.profile;
        if (used != null && used.version() == null) {
            return null;
        }
        return ProfileSource.inUnitOfWork().version(product, used == null ? 0 : used.version()).orElse(null);
    }

    /** What a plan records of the profile it was made with. */
    private ProfileUsed profileUsed(ProfileSource.Applied applied) {
        ProfileUsed.CatalogSource source = catalog != null ? ProfileUsed.CatalogSource.CLUSTER
                : applied != null && applied.catalogApplies() ? ProfileUsed.CatalogSource.PRODUCT
                : ProfileUsed.CatalogSource.NONE;
        return new ProfileUsed(product, applied == null ? null : applied.version(), source);
    }

    private static ClusterSnapshot snapshotOf(ClusterDirectory.ClusterView view) {
        return new ClusterSnapshot(view.id(), null, view.version(), null, view.nodes().stream()
                .map(node -> new NodeSnapshot(node.id(), node.group(), node.version(), false)).toList(), null, null,
                view.managerId(), view.retired(), null, null);
    }

    /** What this cluster weighs in the cache ({@link BoundedClusterCache}): its nodes and its current plan's steps. */
    int cacheWeight() {
        return nodes.size() + plannedSteps();
    }

    /** The steps of the current upgrade's plan, 0 without one. */
    int plannedSteps() {
        return upgrade == null ? 0 : stepCount(upgrade.plan);
    }

    /** The steps of {@code plan} (0 for none). */
    static int stepCount(UpgradePlan plan) {
        return plan == null ? 0 : plan.stages().stream().mapToInt(stage -> stage.steps().size()).sum();
    }

    int nodeCount() {
        return nodes.size();
    }

    ClusterDirectory.ClusterView view() {
        return new ClusterDirectory.ClusterView(id, version, managerId, retired, nodes.values().stream()
                .map(node -> new ClusterDirectory.NodeView(node.id, node.group, node.version)).toList());
    }

    // ---- running stages and steps -------------------------------------------------------------------------------

    private void startStep(PlannedStep step, int attempt, DeadlineManager deadlines) {
        Instant deadline = GenericEventMessage.clock.instant().plus(timeout(step));
        String deadlineId = deadlines.schedule(deadline, STEP_DEADLINE,
                new StepDeadline(upgrade.request.upgradeId(), step.stepId(), attempt));
        apply(new StepStarted(id, upgrade.request.upgradeId(), step.stepId(), step.action(), step.clusterId(),
                step.nodeId(), step.parameters(), attempt, deadline, epoch, deadlineId));
    }

    private void fail(PlannedStep step, int attempt, String code, String message, boolean retryable,
                      DeadlineManager deadlines) {
        boolean willRetry = retryable && attempt < upgrade.request.maxAttempts() && !upgrade.paused;
        apply(new StepFailed(id, upgrade.request.upgradeId(), step.stepId(), attempt, code, message, retryable,
                willRetry));
        settleFailure(step, code, message, willRetry, attempt, deadlines);
    }

    /** After a failed or timed-out attempt: retry after a back-off, quarantine the node, or pause. */
    private void settleFailure(PlannedStep step, String code, String message, boolean willRetry, int attempt,
                               DeadlineManager deadlines) {
        if (willRetry) {
            deadlines.schedule(backoff(attempt), STEP_RETRY,
                    new StepDeadline(upgrade.request.upgradeId(), step.stepId(), attempt));
            return;
        }
        FailurePolicy policy = upgrade.request.failurePolicy();
        String failure = "step " + step.stepId() + " (" + step.action()
                + (step.nodeId() == null ? "" : " on " + step.nodeId())
                + (step.parameters().containsKey("environment")
                        ? " of environment " + step.parameters().get("environment") : "")
                + ") failed: " + code + ": " + message;
        if (policy.mode() == FailurePolicy.Mode.FAIL && !upgrade.rollingBack) {
            apply(new UpgradeFailed(id, upgrade.request.upgradeId(), failure + "; the failure policy is FAIL",
                    FailureCause.POLICY_FAIL, null, step.stepId(), step.nodeId()));
            return;
        }
        if (step.nodeId() != null && policy.mode() == FailurePolicy.Mode.QUARANTINE && !upgrade.rollingBack) {
            if (upgrade.quarantined < policy.budget(nodes.size())) {
                apply(new NodeQuarantined(id, upgrade.request.upgradeId(), step.stepId(), step.nodeId(),
                        code + ": " + message));
                advance(deadlines);
            } else {
                apply(new UpgradeFailed(id, upgrade.request.upgradeId(), failure + "; " + upgrade.quarantined
                        + " node(s) quarantined already, " + policy.budget(nodes.size()) + " allowed ("
                        + policy.maxFailedPercent() + "% of " + nodes.size() + ")",
                        FailureCause.FAILURE_BUDGET_EXCEEDED, Rule.FAILURE_BUDGET.id(), step.stepId(), step.nodeId()));
            }
            return;
        }
        if (!upgrade.paused) {
            apply(new UpgradePaused(id, upgrade.request.upgradeId(), failure, PauseCause.STEP_FAILED, null,
                    step.stepId(), step.nodeId()));
        }
    }

    /**
     * How long a started step may run: an approval until it expires, a soak for its soak time (its deadline ends it),
     * any other step the upgrade's step time-out.
     */
    private Duration timeout(PlannedStep step) {
        return switch (step.action()) {
            case APPROVAL -> Duration.parse(step.parameters().get("timeout"));
            case SOAK -> Duration.parse(step.parameters().get("soakTime"));
            default -> upgrade.request.stepTimeout();
        };
    }

    private static Duration backoff(int attempt) {
        Duration delay = Duration.ofSeconds(1L << Math.min(attempt - 1, 6));
        return delay.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : delay;
    }

    /**
     * Starts what the current stage (the first one not done) still needs, or completes the hop when every stage is
     * done. Derived from the recorded state only, so it reads the same after a replay or a snapshot.
     */
    private void advance(DeadlineManager deadlines) {
        if (upgrade == null || upgrade.paused) {
            return;
        }
        StageProgress progress = progress();
        int current = progress.currentStage();
        if (current < 0) {
            completeHop(deadlines);
            return;
        }
        StepInvariants invariants = invariants(progress);
        List<PlannedStep> steps = upgrade.plan.stages().get(current).steps();
        // the steps before the first one not started were started or skipped by earlier calls: not walked again
        for (int index = progress.firstNotStarted(current); index < steps.size(); index++) {
            PlannedStep step = steps.get(index);
            if (progress.skipped(step) || upgrade.run(step.stepId()) != null) {
                continue;
            }
            StepInvariants.Violation violation = invariants.violation(step)
                    .or(() -> discoveryGroups.violation(id, nodes.values(), step)).orElse(null);
            if (violation != null) {
                apply(new UpgradePaused(id, upgrade.request.upgradeId(), "invariant: " + violation.text(),
                        PauseCause.INVARIANT, violation.rule().id(), step.stepId(), step.nodeId()));
                return;
            }
            startStep(step, 1, deadlines);
            invariants.started(step);
        }
    }

    private void completeHop(DeadlineManager deadlines) {
        List<String> stillOut = nodes.values().stream()
                .filter(node -> node.state == NodeState.ISOLATED || node.state == NodeState.REMOVED)
                .map(node -> node.id.value())
                .toList();
        if (!stillOut.isEmpty()) {
            apply(new UpgradePaused(id, upgrade.request.upgradeId(), "the plan ended with nodes out of service: "
                    + String.join(", ", stillOut), PauseCause.NODES_OUT_OF_SERVICE, Rule.NODES_BACK_IN_SERVICE.id(),
                    null, null));
            return;
        }
        UpgradeId upgradeId = upgrade.request.upgradeId();
        if (upgrade.rollingBack) {
            apply(new UpgradeCompleted(id, upgradeId, upgrade.from, schemaVersion, true));
        } else if (!upgrade.remainingHops.isEmpty()) {
            Version from = upgrade.to;
            Version next = upgrade.remainingHops.get(0);
            RequestUpgrade request = asRequest(upgrade.request);
            boolean lastHop = upgrade.remainingHops.size() == 1;
            Version toSchema = UpgradeDecider.targetSchema(request, new Hop(from, next, false), lastHop,
                    schemaVersion);
            ProfileSource.Applied planned = plannedProfile();
            PlanResult result = DECIDER.planNextHop(snapshot(planned), request, from, next, lastHop);
            if (result instanceof PlanResult.Refused refused) {
                apply(new UpgradePaused(id, upgradeId, "the next hop to " + next + " cannot be planned: "
                        + refused.rule() + ": " + refused.reason(), PauseCause.NEXT_HOP_REFUSED, refused.rule(), null,
                        null));
                return;
            }
            apply(new UpgradePlanned(id, upgradeId, from, next, toSchema, request.strategy(),
                    HopStepIds.forNextHop(upgrade.plan, ((PlanResult.Planned) result).plan()),
                    List.copyOf(upgrade.remainingHops.subList(1, upgrade.remainingHops.size())),
                    upgrade.profile != null ? upgrade.profile : profileUsed(planned)));
            advance(deadlines);
        } else {
            boolean migrated = upgrade.request.strategy().movesToAnotherCluster();
            apply(new UpgradeCompleted(id, upgradeId, migrated ? version : upgrade.to, schemaVersion, false));
        }
    }

    /** After a hand-over: the running attempts carry the old epoch, so each is started again as a new attempt. */
    private void restartRunningSteps(DeadlineManager deadlines) {
        for (PlannedStep step : progress().currentSteps()) {
            StepRun run = upgrade.run(step.stepId());
            // approvals and soaks are held by the ledger, not by a manager: the new epoch changes nothing for them
            if (run != null && run.status == StepRun.Status.RUNNING && !step.action().heldByLedger()) {
                startStep(step, run.attempt + 1, deadlines);
            }
        }
    }

    /** On resume: failed steps of the current stage get a new attempt. */
    private void restartFailedSteps(DeadlineManager deadlines) {
        for (PlannedStep step : progress().currentSteps()) {
            StepRun run = upgrade.run(step.stepId());
            if (!progress().skipped(step) && run != null && (run.status == StepRun.Status.FAILED
                    || run.status == StepRun.Status.WAITING_RETRY)) {
                startStep(step, run.attempt + 1, deadlines);
            }
        }
    }

    private StageProgress progress() {
        return new StageProgress(id, nodes, upgrade);
    }

    private StepInvariants invariants(StageProgress progress) {
        return new StepInvariants(id, nodes, upgrade, progress, catalog, rules, schemaVersion);
    }

    private static RequestUpgrade asRequest(UpgradeRequested requested) {
        return new RequestUpgrade(requested.clusterId(), requested.upgradeId(), requested.targetVersion(),
                requested.targetSchemaVersion(), requested.strategy(), requested.schemaChange(),
                requested.stateFormatChange(), requested.maxUnavailable(), requested.byGroup(),
                requested.targetClusterId(), requested.failurePolicy(), requested.followPath(), false,
                requested.maxAttempts(), requested.stepTimeout(), requested.soakTime(), requested.approvalBefore(),
                requested.approvalTimeout());
    }

    // ---- guards -------------------------------------------------------------------------------------------------

    private void requireActive() {
        if (retired) {
            throw new ClusterRefusal(Rule.CLUSTER_RETIRED, "cluster " + id + " is retired");
        }
    }

    private void requireNoActiveUpgrade(String intent) {
        if (upgrade != null) {
            throw new ClusterRefusal(Rule.UPGRADE_IN_PROGRESS, "cannot " + intent + " while upgrade "
                    + upgrade.request.upgradeId() + " is active");
        }
    }

    private ActiveUpgrade activeUpgrade(UpgradeId upgradeId) {
        if (upgrade == null || !upgrade.request.upgradeId().equals(upgradeId)) {
            throw new ClusterRefusal(Rule.UPGRADE_NOT_ACTIVE, "upgrade " + upgradeId + " is not active on cluster " + id);
        }
        return upgrade;
    }

    private ClusterNode node(NodeId nodeId) {
        ClusterNode node = nodes.get(nodeId.value());
        if (node == null) {
            throw new ClusterRefusal(Rule.NODE_NOT_FOUND, "cluster " + id + " has no node " + nodeId);
        }
        return node;
    }

    private Version nodeVersion(PlannedStep step) {
        return step.nodeId() == null || !nodes.containsKey(step.nodeId().value()) ? null
                : nodes.get(step.nodeId().value()).version;
    }

    private boolean isCurrent(StepDeadline deadline) {
        return upgrade != null && upgrade.request.upgradeId().equals(deadline.upgradeId())
                && upgrade.run(deadline.stepId()) != null && upgrade.run(deadline.stepId()).attempt == deadline.attempt();
    }

    /** The step must be an APPROVAL step the upgrade waits for now. */
    private void pendingApproval(String stepId, PlannedStep step, StepRun run) {
        if (step == null || step.action() != StepAction.APPROVAL || run == null
                || run.status != StepRun.Status.RUNNING) {
            String waiting = progress().currentSteps().stream()
                    .filter(current -> current.action() == StepAction.APPROVAL)
                    .filter(current -> upgrade.run(current.stepId()) != null
                            && upgrade.run(current.stepId()).status == StepRun.Status.RUNNING)
                    .map(PlannedStep::stepId).findFirst().orElse(null);
            throw new ClusterRefusal(Rule.APPROVAL_NOT_PENDING, "upgrade " + upgrade.request.upgradeId()
                    + " does not wait for approval " + stepId + (waiting == null ? "; it waits for no approval"
                    : "; it waits for approval " + waiting));
        }
    }

    private static String actorOr(String actor) {
        return actor == null || actor.isBlank() ? AuditMetadata.ANONYMOUS : actor;
    }

    private static String reasonOr(String reason, String fallback) {
        return reason == null || reason.isBlank() ? fallback : reason;
    }

    // ---- event-sourcing handlers: state only ------------------------------------------------------------------

    @EventSourcingHandler
    void on(ClusterRegistered event) {
        id = event.clusterId();
        product = event.product();
        version = event.version();
        schemaVersion = event.schemaVersion();
        labels = event.labels();
        event.nodes().forEach(node -> nodes.put(node.id().value(),
                new ClusterNode(node.id(), node.address(), node.group(), event.version(), node.role())));
    }

    @EventSourcingHandler
    void on(ReleaseCatalogDeclared event) {
        catalog = event.catalog();
        rules = event.rules();
    }

    @EventSourcingHandler
    void on(NodeAdded event) {
        nodes.put(event.node().id().value(),
                new ClusterNode(event.node().id(), event.node().address(), event.node().group(), event.version(),
                        event.node().role()));
    }

    @EventSourcingHandler
    void on(NodeRemoved event) {
        nodes.remove(event.nodeId().value());
    }

    @EventSourcingHandler
    void on(ManagementClaimed event) {
        managerId = event.managerId();
        epoch = event.epoch();
    }

    @EventSourcingHandler
    void on(ManagementHandedOver event) {
        managerId = event.toManagerId();
        epoch = event.epoch();
    }

    @EventSourcingHandler
    void on(ClusterLabelsChanged event) {
        labels = event.labels();
    }

    @EventSourcingHandler
    void on(ClusterRetired event) {
        retired = true;
    }

    @EventSourcingHandler
    void on(UpgradeRequested event) {
        upgrade = new ActiveUpgrade(event);
        unfinalized = null;
    }

    @EventSourcingHandler
    void on(UpgradePlanned event) {
        upgrade.beginHop(event.fromVersion(), event.toVersion(), event.toSchemaVersion(), event.plan(),
                event.remainingHops());
        upgrade.profile = event.profile();
    }

    @EventSourcingHandler
    void on(StepStarted event) {
        StepRun run = new StepRun(event.attempt(), event.deadline());
        run.deadlineId = event.deadlineId();
        upgrade.steps.put(event.stepId(), run);
    }

    @EventSourcingHandler
    void on(StepFailed event) {
        StepRun run = upgrade.run(event.stepId());
        run.status = event.willRetry() ? StepRun.Status.WAITING_RETRY : StepRun.Status.FAILED;
    }

    @EventSourcingHandler
    void on(StepTimedOut event) {
        StepRun run = upgrade.run(event.stepId());
        run.status = event.willRetry() ? StepRun.Status.WAITING_RETRY : StepRun.Status.FAILED;
    }

    @EventSourcingHandler
    void on(NodeQuarantined event) {
        nodes.get(event.nodeId().value()).state = NodeState.QUARANTINED;
        upgrade.quarantined++;
    }

    @EventSourcingHandler
    void on(StateExported event) {
        succeeded(event.stepId());
        upgrade.exportChecksum = event.checksum();
        String exportedSchema = upgrade.step(event.stepId()).map(step -> step.parameters().get("schemaVersion"))
                .orElse(null);
        exports.remove(event.upgradeId().value());
        exports.put(event.upgradeId().value(), new RecordedExport(event.upgradeId(), event.checksum(),
                event.dumpRef(), upgrade.from, exportedSchema == null ? schemaVersion : Version.of(exportedSchema)));
        if (exports.size() > EXPORTS_KEPT) {
            exports.remove(exports.keySet().iterator().next());
        }
    }

    @EventSourcingHandler
    void on(SchemaMigrated event) {
        succeeded(event.stepId());
        if (upgrade.request.strategy() != UpgradeStrategy.MIGRATION) {
            schemaVersion = event.toSchemaVersion();
        }
        if (upgrade.request.schemaChange() == SchemaChange.DESTRUCTIVE) {
            upgrade.destructiveSchemaApplied = true;
        }
    }

    @EventSourcingHandler
    void on(NodeIsolated event) {
        succeeded(event.stepId());
        nodes.get(event.nodeId().value()).state = NodeState.ISOLATED;
    }

    @EventSourcingHandler
    void on(NodeUpgraded event) {
        succeeded(event.stepId());
        nodes.get(event.nodeId().value()).version = event.toVersion();
        upgrade.upgradedNodes.add(event.nodeId().value());
    }

    @EventSourcingHandler
    void on(NodeRolledBack event) {
        succeeded(event.stepId());
        nodes.get(event.nodeId().value()).version = event.toVersion();
    }

    @EventSourcingHandler
    void on(NodeReintegrated event) {
        succeeded(event.stepId());
        nodes.get(event.nodeId().value()).state = NodeState.IN_SERVICE;
    }

    @EventSourcingHandler
    void on(PeerRemoved event) {
        succeeded(event.stepId());
        nodes.get(event.nodeId().value()).state = NodeState.REMOVED;
    }

    @EventSourcingHandler
    void on(PeerRejoined event) {
        succeeded(event.stepId());
        nodes.get(event.nodeId().value()).state = NodeState.IN_SERVICE;
    }

    @EventSourcingHandler
    void on(NodeVerified event) {
        succeeded(event.stepId());
    }

    @EventSourcingHandler
    void on(WorkloadsHalted event) {
        succeeded(event.stepId());
    }

    @EventSourcingHandler
    void on(StateImported event) {
        succeeded(event.stepId());
        if (upgrade.exportChecksum == null) {
            // a RESTORE imports an export of an earlier upgrade: the state upgrade after it has its export
            upgrade.exportChecksum = event.checksum();
        }
    }

    @EventSourcingHandler
    void on(PeerCleaned event) {
        succeeded(event.stepId());
        ClusterNode node = nodes.get(event.nodeId().value());
        if (event.version() != null) {
            node.version = event.version();
        } else {
            node.state = NodeState.REMOVED;
        }
    }

    @EventSourcingHandler
    void on(WorkloadsMoved event) {
        succeeded(event.stepId());
    }

    @EventSourcingHandler
    void on(WorkloadsResumed event) {
        succeeded(event.stepId());
    }

    @EventSourcingHandler
    void on(MissionRevisionsApplied event) {
        succeeded(event.stepId());
    }

    @EventSourcingHandler
    void on(UpgradeApproved event) {
        succeeded(event.stepId());
    }

    @EventSourcingHandler
    void on(BatchSoaked event) {
        succeeded(event.stepId());
    }

    // the Inmanta migration's steps (MIGRATION with a PER_ENVIRONMENT profile): facts only, nothing else to keep
    @EventSourcingHandler
    void on(TargetVerified event) {
        succeeded(event.stepId());
    }

    @EventSourcingHandler
    void on(ServerStopped event) {
        succeeded(event.stepId());
    }

    @EventSourcingHandler
    void on(ServerStarted event) {
        succeeded(event.stepId());
    }

    @EventSourcingHandler
    void on(EnvironmentsChecked event) {
        succeeded(event.stepId());
    }

    @EventSourcingHandler
    void on(EnvironmentRecompiled event) {
        succeeded(event.stepId());
    }

    @EventSourcingHandler
    void on(EnvironmentResumed event) {
        succeeded(event.stepId());
    }

    @EventSourcingHandler
    void on(NodeStopped event) {
        succeeded(event.stepId());
    }

    @EventSourcingHandler
    void on(NodeStarted event) {
        succeeded(event.stepId());
    }

    @EventSourcingHandler
    void on(StateChecked event) {
        succeeded(event.stepId());
        upgrade.stateChecksums.put(event.nodeId().value(), event.checksum());
    }

    @EventSourcingHandler
    void on(DiscoveryGroupRemoved event) {
        succeeded(event.stepId());
    }

    @EventSourcingHandler
    void on(ProcessesRestarted event) {
        succeeded(event.stepId());
    }

    @EventSourcingHandler
    void on(DiscoveryGroupAdded event) {
        succeeded(event.stepId());
    }

    @EventSourcingHandler
    void on(DiscoveryGroupClaimed event) {
        discoveryGroups.on(event);
    }

    @EventSourcingHandler
    void on(DiscoveryGroupReleased event) {
        discoveryGroups.on(event);
    }

    @EventSourcingHandler
    void on(UpgradePaused event) {
        upgrade.paused = true;
    }

    @EventSourcingHandler
    void on(UpgradeResumed event) {
        upgrade.paused = false;
    }

    @EventSourcingHandler
    void on(RollbackStarted event) {
        upgrade.rollingBack = true;
        upgrade.paused = false;
        upgrade.replacePlan(event.plan());
    }

    @EventSourcingHandler
    void on(UpgradeAborted event) {
        upgrade = null;
    }

    @EventSourcingHandler
    void on(UpgradeCompleted event) {
        version = event.version();
        unfinalized = event.rolledBack() ? null : event.upgradeId();
        upgrade = null;
    }

    @EventSourcingHandler
    void on(UpgradeFinalized event) {
        unfinalized = null;
    }

    @EventSourcingHandler
    void on(UpgradeAbandoned event) {
        unfinalized = null;
    }

    @EventSourcingHandler
    void on(UpgradeFailed event) {
        upgrade = null;
    }

    private void succeeded(String stepId) {
        if (upgrade != null && upgrade.run(stepId) != null) {
            upgrade.run(stepId).status = StepRun.Status.SUCCEEDED;
        }
    }
}
