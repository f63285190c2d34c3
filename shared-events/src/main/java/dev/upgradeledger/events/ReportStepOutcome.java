package dev.upgradeledger.events;

/**
 * Report what came of one attempt of a started step. A report for another attempt, an older manager epoch or a step
 * already settled changes nothing.
 */
public record ReportStepOutcome(ClusterId clusterId, UpgradeId upgradeId, String stepId, int attempt,
                                long managerEpoch, StepOutcome outcome) implements ClusterCommand {

    public ReportStepOutcome {
        Validation.require(clusterId != null, "clusterId is required");
        Validation.require(upgradeId != null, "upgradeId is required");
        Validation.require(stepId != null && !stepId.isBlank(), "stepId is required");
        Validation.require(attempt >= 1, "attempt starts at 1, was " + attempt);
        Validation.require(managerEpoch >= 0, "managerEpoch must not be negative");
        Validation.require(outcome != null, "outcome is required");
    }
}
