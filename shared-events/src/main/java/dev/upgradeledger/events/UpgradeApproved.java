package dev.upgradeledger.events;

import org.axonframework.serialization.Revision;

/**
 * An {@code APPROVAL} step was approved: the step's fact, after which the upgrade goes on.
 *
 * @param what       what was to be approved (the step's {@code what}, e.g. "read the release notes")
 * @param approvedBy the principal who approved
 * @param reason     why, as they gave it (may be null)
 */
@Revision("1")
public record UpgradeApproved(ClusterId clusterId, UpgradeId upgradeId, String stepId, String what,
                              String approvedBy, String reason) implements LedgerEvent {
}
