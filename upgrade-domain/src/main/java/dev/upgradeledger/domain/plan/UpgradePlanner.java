package dev.upgradeledger.domain.plan;

import dev.upgradeledger.events.Rule;
import dev.upgradeledger.events.UpgradePlan;
import dev.upgradeledger.events.UpgradeStrategy;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a {@link PlanRequest} into the deterministic {@link UpgradePlan} of its strategy, or refuses it with the rule
 * it breaks. Pure and stateless: the same request, with its nodes in any order, always gives an equal result.
 *
 * <p>Nodes are taken in {@link PlanNode#PLAN_ORDER} (group, no group first, then id, as plain strings); rolling
 * batches, the REJOIN survivor and the order of steps within a stage all follow it. Only nodes whose version differs
 * from the target version are upgraded. Step ids are {@code s<stage>.<n>}, both counted from 0.
 *
 * <p>A strategy's own rules are checked first, then {@link #NOTHING_TO_UPGRADE}.
 */
public final class UpgradePlanner {

    /** Every node already runs the target version and neither the schema nor the state format changes. */
    public static final String NOTHING_TO_UPGRADE = Rule.NOTHING_TO_UPGRADE.id();
    /** ROLLING with a DESTRUCTIVE schema change: old nodes must keep working on the new schema (Camunda). */
    public static final String ROLLING_REQUIRES_ADDITIVE_SCHEMA = Rule.ROLLING_REQUIRES_ADDITIVE_SCHEMA.id();
    /** ROLLING with a state format change: a state upgrade needs the peer offline (IPFS Cluster). */
    public static final String ROLLING_FORBIDS_STATE_FORMAT_CHANGE = Rule.ROLLING_FORBIDS_STATE_FORMAT_CHANGE.id();
    /** MIGRATION without a target cluster or without its nodes. */
    public static final String MIGRATION_NEEDS_TARGET_CLUSTER = Rule.MIGRATION_NEEDS_TARGET_CLUSTER.id();
    /** MIGRATION whose target cluster is the cluster being migrated. */
    public static final String MIGRATION_TARGET_IS_SOURCE = Rule.MIGRATION_TARGET_IS_SOURCE.id();
    /** MIGRATION to a cluster with a node not on the target version: it must be installed first (Inmanta step 1). */
    public static final String MIGRATION_TARGET_NOT_ON_TARGET_VERSION = Rule.MIGRATION_TARGET_NOT_ON_TARGET_VERSION.id();

    private static final StrategyPlanner ROLLING = new RollingStrategy();
    private static final StrategyPlanner OFFLINE = new OfflineStrategy();
    private static final StrategyPlanner REJOIN = new RejoinStrategy();
    private static final StrategyPlanner MIGRATION = new MigrationStrategy();
    private static final StrategyPlanner LIVE_MOVE = new LiveMoveStrategy();
    private static final RestoreStrategy RESTORE = new RestoreStrategy();

    /** The plan for {@code request}, or the rule it breaks. */
    public PlanResult plan(PlanRequest request) {
        Objects.requireNonNull(request, "request");
        if (request.strategy() == UpgradeStrategy.RESTORE) {
            // a RESTORE has no plan without the export it restores: planRestore takes it
            return new PlanResult.Refused(Rule.NO_EXPORT_RECORDED.id(), "a RESTORE starts from a recorded state"
                    + " export; plan it with the export (planRestore)");
        }
        StrategyPlanner strategy = switch (request.strategy()) {
            case ROLLING -> ROLLING;
            case OFFLINE -> OFFLINE;
            case REJOIN -> REJOIN;
            case MIGRATION -> MIGRATION;
            case LIVE_MOVE -> LIVE_MOVE;
            case RESTORE -> throw new IllegalStateException("RESTORE is planned by planRestore");
        };
        UpgradeScope scope = new UpgradeScope(request);
        Optional<PlanResult.Refused> refusal = strategy.refusal(scope).or(() -> nothingToUpgrade(scope));
        if (refusal.isPresent()) {
            return refusal.get();
        }
        UpgradePlan plan = strategy.plan(scope);
        return gated(request, plan);
    }

    /**
     * The plan of a {@link dev.upgradeledger.events.UpgradeStrategy#RESTORE} from {@code export}: the request's nodes
     * with the versions they run, its schema version the one the export was taken on. Always something to do.
     */
    public PlanResult planRestore(PlanRequest request, RecordedExport export) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(export, "export");
        UpgradeScope scope = new UpgradeScope(request);
        UpgradePlan plan = RESTORE.plan(scope, export);
        return gated(request, plan);
    }

    /** The plan with the request's approvals and soak time and the profile's approval, or the gate it breaks. */
    private static PlanResult gated(PlanRequest request, UpgradePlan plan) {
        PlanGates gates = request.gates();
        Optional<PlanResult.Refused> gateRefusal = gates.refusal(request.strategy(), plan);
        if (gateRefusal.isPresent()) {
            return gateRefusal.get();
        }
        String profileApproval = request.profileHop() == null ? null
                : request.profileHop().profile().approvalBeforeFirstStep();
        return new PlanResult.Planned(gates.apply(request.strategy(), plan, request.clusterId(), profileApproval));
    }

    private static Optional<PlanResult.Refused> nothingToUpgrade(UpgradeScope scope) {
        if (!scope.nothingToDo()) {
            return Optional.empty();
        }
        return Optional.of(new PlanResult.Refused(NOTHING_TO_UPGRADE,
                "every node of " + scope.cluster() + " already runs " + scope.targetVersion()
                        + " and neither the schema nor the state format changes"));
    }
}
