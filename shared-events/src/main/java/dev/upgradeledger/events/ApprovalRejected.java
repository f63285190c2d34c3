package dev.upgradeledger.events;

import org.axonframework.serialization.Revision;

/**
 * An {@code APPROVAL} step was rejected; {@link UpgradeAborted} follows.
 *
 * @param what       what was to be approved
 * @param rejectedBy the principal who rejected
 * @param reason     why, as they gave it (may be null)
 */
@Revision("1")
public record ApprovalRejected(ClusterId clusterId, UpgradeId upgradeId, String stepId, String what,
                               String rejectedBy, String reason) implements LedgerEvent {
}
