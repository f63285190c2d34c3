package dev.upgradeledger.commandapi.fleet;

import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * An event of one fleet upgrade ({@link FleetUpgrade}), stored in command-api's event store under the aggregate
 * {@code fleet/<id>}; the actor, correlation and trace ids are the event's metadata, as for every event. Its clusters'
 * own upgrades carry the fleet's id as their upgrade id, so every cluster event of the fleet names it.
 */
public sealed interface FleetUpgradeEvent {

    String fleetId();

    /** Where a cluster of the fleet is. */
    enum ClusterOutcome {
        SUCCEEDED, PAUSED, FAILED
    }

    /**
     * A cluster taken, with the versions its path goes through from its current one.
     *
     * @param window its maintenance window, or null (any time)
     */
    record PlannedCluster(String clusterId, String product, String currentVersion, List<String> path, Window window) {
    }

    /** A maintenance window: a cron expression (five fields), a duration (ISO-8601) and a time zone id. */
    record Window(String cron, String duration, String zone) {
    }

    record PlannedWave(int index, boolean canary, List<PlannedCluster> clusters) {
    }

    /**
     * The fleet upgrade is recorded with its whole plan: the clusters of each wave in order and their paths, the
     * settings of every cluster's upgrade, the failure budget, the clusters upgrading at once, the gates and the
     * clusters selected but skipped with their rule.
     *
     * @param failureBudget        the budget as given (a count or a percentage)
     * @param allowedFailures      the failed or paused clusters it tolerates among those taken
     * @param estimatedClusterTime the plan's estimate of one cluster's upgrade (ISO-8601 duration), which the read
     *                             side's ETA uses until a step is measured; absent (null) in fleets started before it
     *                             was recorded
     */
    @Revision("1")
    record FleetUpgradeStarted(String fleetId, String product, String targetVersion, FleetPlanRequest.Settings upgrade,
                               List<PlannedWave> waves, String failureBudget, int allowedFailures, int maxConcurrent,
                               FleetPlan.Gates gates, List<FleetPlan.Skipped> skipped,
                               String estimatedClusterTime) implements FleetUpgradeEvent {
    }

    /** A wave starts: its clusters start from now on, within their windows and the concurrency limit. */
    @Revision("1")
    record FleetWaveStarted(String fleetId, int wave) implements FleetUpgradeEvent {
    }

    /** The fleet starts a cluster's upgrade (upgrade id = the fleet's id), through the same command as a single one. */
    @Revision("1")
    record FleetClusterStarted(String fleetId, int wave, String clusterId) implements FleetUpgradeEvent {
    }

    /** A cluster's upgrade ended (SUCCEEDED on the target, or FAILED) or paused, with why. */
    @Revision("1")
    record FleetClusterSettled(String fleetId, String clusterId, ClusterOutcome outcome, String reason)
            implements FleetUpgradeEvent {
    }

    /** A paused cluster's upgrade runs again. */
    @Revision("1")
    record FleetClusterResumed(String fleetId, String clusterId) implements FleetUpgradeEvent {
    }

    /** A failed or paused cluster, as the halt names it. */
    record FailedCluster(String clusterId, int wave, ClusterOutcome outcome, String reason) {
    }

    /**
     * The fleet starts no new cluster (the running ones finish) until it is resumed.
     *
     * @param cause  {@code failure-budget} or {@code check-failed}
     * @param failed the clusters counted against the budget when it stopped
     */
    @Revision("1")
    record FleetUpgradeHalted(String fleetId, int wave, String cause, List<FailedCluster> failed, int allowedFailures,
                              String detail) implements FleetUpgradeEvent {
    }

    /**
     * The halt is lifted: the failed clusters stay failed and no longer count; the paused ones are resumed.
     *
     * @param paused the paused clusters resumed
     */
    @Revision("1")
    record FleetUpgradeResumed(String fleetId, List<String> paused) implements FleetUpgradeEvent {
    }

    /**
     * Nothing more starts; the running clusters' upgrades are aborted.
     *
     * @param running the clusters whose upgrades were running
     */
    @Revision("1")
    record FleetUpgradeAborted(String fleetId, String reason, List<String> running) implements FleetUpgradeEvent {
    }

    /** Every wave ran: how many clusters succeeded, and which failed. */
    @Revision("1")
    record FleetUpgradeCompleted(String fleetId, int succeeded, List<String> failed) implements FleetUpgradeEvent {
    }

    /**
     * The fleet waits for a person's approval before it starts {@code wave} (its gates before it passed); recorded
     * once per wave.
     */
    @Revision("1")
    record FleetWaveAwaitingApproval(String fleetId, int wave) implements FleetUpgradeEvent {
    }

    /**
     * A person approved the start of {@code wave}.
     *
     * @param approvedBy who (the sender's token), as the event's actor
     */
    @Revision("1")
    record FleetWaveApproved(String fleetId, int wave, String approvedBy, String reason) implements FleetUpgradeEvent {
    }

    /**
     * The fleet asks for the check after {@code wave} (its soak passed): the fleet's process evaluates {@code query}
     * and records the result. Asked again after a resume.
     */
    @Revision("1")
    record FleetWaveCheckRequested(String fleetId, int wave, String query) implements FleetUpgradeEvent {
    }

    /**
     * The check after {@code wave} was evaluated.
     *
     * @param verdict   {@code PASSED}, {@code FAILED} (answered, does not hold) or {@code UNREACHABLE} (no answer)
     * @param value     the value answered (the first sample's), or null
     * @param detail    what was found, or why there was no answer
     * @param checkedAt when it was evaluated (ISO-8601)
     */
    @Revision("1")
    record FleetWaveChecked(String fleetId, int wave, String query, String verdict, Double value, String detail,
                            String checkedAt) implements FleetUpgradeEvent {
    }

    /**
     * The fleet is rolled back: nothing more starts, and each of {@code clusters} (upgraded or upgrading) is asked to
     * roll its upgrade back.
     */
    @Revision("1")
    record FleetRollbackStarted(String fleetId, String reason, List<String> clusters) implements FleetUpgradeEvent {
    }

    /**
     * What a cluster answered the fleet's rollback.
     *
     * @param outcome {@code REQUESTED} (its upgrade rolls back), {@code ABORTED} (no node was changed yet, so there was
     *                nothing to roll back: its upgrade was aborted instead) or {@code REFUSED}
     * @param rule    the refusal's rule (e.g. {@code rollback-not-supported}, {@code upgrade-not-active}; {@code
     *                nothing-to-roll-back} for {@code ABORTED}), or null
     */
    @Revision("1")
    record FleetClusterRollback(String fleetId, String clusterId, String outcome, String rule, String detail)
            implements FleetUpgradeEvent {
    }

    /**
     * Every cluster of the rollback answered: the fleet ended rolled back.
     *
     * @param requested the clusters whose upgrade rolls back or was aborted (nothing changed yet)
     * @param refused   the clusters that refused, each with its rule in its {@link FleetClusterRollback}
     */
    @Revision("1")
    record FleetUpgradeRolledBack(String fleetId, List<String> requested, List<String> refused)
            implements FleetUpgradeEvent {
    }
}
