package dev.upgradeledger.events;

/**
 * Reject the pending {@code APPROVAL} step {@code stepId} of an upgrade: recorded with the actor and the reason
 * ({@link ApprovalRejected}), and the upgrade is aborted ({@link UpgradeAborted}).
 */
public record RejectUpgrade(ClusterId clusterId, UpgradeId upgradeId, String stepId, String reason)
        implements ClusterCommand {

    public RejectUpgrade {
        Validation.require(clusterId != null, "clusterId is required");
        Validation.require(upgradeId != null, "upgradeId is required");
        Validation.require(stepId != null && !stepId.isBlank(), "stepId is required: the APPROVAL step to reject");
        InputLimits.requireStepId(stepId);
        InputLimits.requireReason(reason);
    }
}
