package dev.upgradeledger.events;

/**
 * Approve the pending {@code APPROVAL} step {@code stepId} of an upgrade; the actor (the sender's principal) and the
 * reason are recorded ({@link UpgradeApproved}). The step id makes it count once: an approval of a step already
 * approved, sent again over REST or Kafka, changes nothing.
 */
public record ApproveUpgrade(ClusterId clusterId, UpgradeId upgradeId, String stepId, String reason)
        implements ClusterCommand {

    public ApproveUpgrade {
        Validation.require(clusterId != null, "clusterId is required");
        Validation.require(upgradeId != null, "upgradeId is required");
        Validation.require(stepId != null && !stepId.isBlank(), "stepId is required: the APPROVAL step to approve");
        InputLimits.requireStepId(stepId);
        InputLimits.requireReason(reason);
    }
}
