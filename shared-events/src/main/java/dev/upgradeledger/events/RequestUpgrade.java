package dev.upgradeledger.events;

import java.time.Duration;
import java.util.List;

/**
 * Ask for an upgrade of the cluster to {@code targetVersion}.
 *
 * @param targetSchemaVersion schema or state-format version after the upgrade; null keeps the current one, unless
 *                            {@code schemaChange} is not NONE, in which case it defaults to the target version
 * @param maxUnavailable      ROLLING only: nodes out of service at once (a count or a percentage)
 * @param byGroup             ROLLING only: never mix node groups in one batch
 * @param targetClusterId     MIGRATION and LIVE_MOVE only: the registered cluster to move to
 * @param followPath          when the direct hop is refused, run the shortest allowed path as a chain of upgrades
 * @param dryRun              answer the plan (or the refusal) without recording anything
 * @param maxAttempts         attempts per step before it fails for good (1 to 10; left out of a REST body or a
 *                            Kafka payload: {@value #DEFAULT_MAX_ATTEMPTS})
 * @param stepTimeout         how long an attempt may take before it times out (1 s to 24 h; null means 10 min)
 * @param soakTime            ROLLING only: how long each batch stays in service, and is verified again, before the
 *                            next batch starts (1 s to 24 h; null: the next batch starts at once)
 * @param approvalBefore      batches (counted from 1) that wait for an operator's approval before they start
 *                            ({@code APPROVAL} stages); for a strategy without batches only 1, before the first step.
 *                            Null or empty: none but the product profile's
 * @param approvalTimeout     how long an approval may wait before it expires and the upgrade is aborted (1 s to
 *                            30 days; null means 24 h)
 * @param restoreFrom         RESTORE only: the upgrade whose recorded state export is restored; null takes the last
 *                            export recorded on the cluster
 *
 * <p>The defaults live here, so a command sent over Kafka and one sent over REST get the same ones: a left-out
 * {@code upgradeId} is generated, booleans left out are false.
 */
public record RequestUpgrade(ClusterId clusterId, UpgradeId upgradeId, Version targetVersion,
                             Version targetSchemaVersion, UpgradeStrategy strategy, SchemaChange schemaChange,
                             boolean stateFormatChange, MaxUnavailable maxUnavailable, boolean byGroup,
                             ClusterId targetClusterId, FailurePolicy failurePolicy, boolean followPath,
                             boolean dryRun, int maxAttempts, Duration stepTimeout, Duration soakTime,
                             List<Integer> approvalBefore, Duration approvalTimeout, UpgradeId restoreFrom)
        implements ClusterCommand {

    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final Duration DEFAULT_STEP_TIMEOUT = Duration.ofMinutes(10);
    public static final Duration DEFAULT_APPROVAL_TIMEOUT = Duration.ofHours(24);
    /** The most approvals one request may ask for. */
    public static final int MAX_APPROVALS = 100;

    public RequestUpgrade {
        Validation.require(clusterId != null, "clusterId is required");
        upgradeId = upgradeId == null ? UpgradeId.generate() : upgradeId;
        stepTimeout = stepTimeout == null ? DEFAULT_STEP_TIMEOUT : stepTimeout;
        Validation.require(targetVersion != null, "targetVersion is required");
        Validation.require(strategy != null, "strategy is required: ROLLING, OFFLINE, REJOIN, MIGRATION, LIVE_MOVE or RESTORE");
        Validation.require(restoreFrom == null || strategy == UpgradeStrategy.RESTORE,
                "restoreFrom names the export a RESTORE starts from; only a RESTORE takes it");
        Validation.require(strategy != UpgradeStrategy.RESTORE || !followPath,
                "a RESTORE goes from the export's version to the target in one hop; followPath does not apply");
        Validation.require(strategy != UpgradeStrategy.ROLLING || maxUnavailable != null,
                "a ROLLING upgrade needs maxUnavailable, a count such as 2 or a percentage such as 33%");
        Validation.require(strategy != UpgradeStrategy.MIGRATION || targetClusterId != null,
                "a MIGRATION needs targetClusterId, the registered cluster to move to");
        Validation.require(strategy != UpgradeStrategy.LIVE_MOVE || targetClusterId != null,
                "a LIVE_MOVE needs targetClusterId, the registered cluster to move the discovery groups to");
        Validation.require(maxAttempts >= 1 && maxAttempts <= 10, "maxAttempts must be 1 to 10, was " + maxAttempts);
        Validation.require(stepTimeout != null && stepTimeout.compareTo(Duration.ofSeconds(1)) >= 0
                        && stepTimeout.compareTo(Duration.ofHours(24)) <= 0,
                "stepTimeout must be between 1 second and 24 hours, was " + stepTimeout);
        schemaChange = schemaChange == null ? SchemaChange.NONE : schemaChange;
        failurePolicy = failurePolicy == null ? FailurePolicy.PAUSE : failurePolicy;
        Validation.require(soakTime == null || (soakTime.compareTo(Duration.ofSeconds(1)) >= 0
                        && soakTime.compareTo(Duration.ofHours(24)) <= 0),
                "soakTime must be between 1 second and 24 hours, was " + soakTime);
        Validation.require(soakTime == null || strategy == UpgradeStrategy.ROLLING,
                "soakTime keeps a batch in service before the next one: only a ROLLING upgrade has batches");
        approvalBefore = approvalBefore == null ? List.of()
                : approvalBefore.stream().peek(batch -> Validation.require(batch != null && batch >= 1
                        && batch <= RegisterCluster.MAX_NODES, "approvalBefore lists batch numbers from 1, was "
                        + batch)).distinct().sorted().toList();
        Validation.require(approvalBefore.size() <= MAX_APPROVALS,
                "approvalBefore lists at most " + MAX_APPROVALS + " batches");
        Validation.require(strategy == UpgradeStrategy.ROLLING || approvalBefore.stream().allMatch(n -> n == 1),
                "only a ROLLING upgrade has batches: approvalBefore may only be [1], before the first step");
        approvalTimeout = approvalTimeout == null ? DEFAULT_APPROVAL_TIMEOUT : approvalTimeout;
        Validation.require(approvalTimeout.compareTo(Duration.ofSeconds(1)) >= 0
                        && approvalTimeout.compareTo(Duration.ofDays(30)) <= 0,
                "approvalTimeout must be between 1 second and 30 days, was " + approvalTimeout);
    }

    /** A request that restores no export (every strategy but RESTORE; a RESTORE of the last recorded export). */
    public RequestUpgrade(ClusterId clusterId, UpgradeId upgradeId, Version targetVersion,
                          Version targetSchemaVersion, UpgradeStrategy strategy, SchemaChange schemaChange,
                          boolean stateFormatChange, MaxUnavailable maxUnavailable, boolean byGroup,
                          ClusterId targetClusterId, FailurePolicy failurePolicy, boolean followPath,
                          boolean dryRun, int maxAttempts, Duration stepTimeout, Duration soakTime,
                          List<Integer> approvalBefore, Duration approvalTimeout) {
        this(clusterId, upgradeId, targetVersion, targetSchemaVersion, strategy, schemaChange, stateFormatChange,
                maxUnavailable, byGroup, targetClusterId, failurePolicy, followPath, dryRun, maxAttempts, stepTimeout,
                soakTime, approvalBefore, approvalTimeout, null);
    }

    /** A request without soak time or approvals of its own (the shape before they existed). */
    public RequestUpgrade(ClusterId clusterId, UpgradeId upgradeId, Version targetVersion,
                          Version targetSchemaVersion, UpgradeStrategy strategy, SchemaChange schemaChange,
                          boolean stateFormatChange, MaxUnavailable maxUnavailable, boolean byGroup,
                          ClusterId targetClusterId, FailurePolicy failurePolicy, boolean followPath,
                          boolean dryRun, int maxAttempts, Duration stepTimeout) {
        this(clusterId, upgradeId, targetVersion, targetSchemaVersion, strategy, schemaChange, stateFormatChange,
                maxUnavailable, byGroup, targetClusterId, failurePolicy, followPath, dryRun, maxAttempts, stepTimeout,
                null, null, null, null);
    }
}
