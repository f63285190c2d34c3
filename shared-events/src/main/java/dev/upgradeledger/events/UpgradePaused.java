package dev.upgradeledger.events;

import org.axonframework.serialization.Revision;

/**
 * The upgrade stopped starting steps, by an operator or after a failure.
 *
 * <p>Revision 2 adds the typed cause: {@code cause}, the {@code rule} broken (an id of {@link Rule}; null when no
 * rule is involved), and the {@code stepId} and {@code nodeId} of a failed step (null otherwise). A revision 1 event
 * is upcast with the cause its reason text implies ({@link PauseCause#fromLegacyReason}); a reader given one without
 * a cause gets the same.
 */
@Revision("2")
public record UpgradePaused(ClusterId clusterId, UpgradeId upgradeId, String reason, PauseCause cause, String rule,
                            String stepId, NodeId nodeId) implements LedgerEvent {

    public UpgradePaused {
        cause = cause == null ? PauseCause.fromLegacyReason(reason) : cause;
    }

    /** A pause by an operator. */
    public static UpgradePaused byOperator(ClusterId clusterId, UpgradeId upgradeId, String reason) {
        return new UpgradePaused(clusterId, upgradeId, reason, PauseCause.OPERATOR, null, null, null);
    }

    /** The revision 1 shape: the cause is implied by the reason text. */
    public UpgradePaused(ClusterId clusterId, UpgradeId upgradeId, String reason) {
        this(clusterId, upgradeId, reason, null, null, null, null);
    }
}
