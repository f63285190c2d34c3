package dev.upgradeledger.events;

import org.axonframework.serialization.Revision;

/**
 * The upgrade ended without reaching its target: it cannot go on. Nodes keep the version they reached; the cluster
 * is out of single version until a converging upgrade (see {@link Rule#SINGLE_VERSION}).
 *
 * <p>Revision 2 adds the typed cause: {@code cause}, the {@code rule} (an id of {@link Rule}), and the
 * {@code stepId} and {@code nodeId} of the step whose failure ended it (null when none). A revision 1 event is read
 * with cause {@link FailureCause#UNKNOWN}.
 */
@Revision("2")
public record UpgradeFailed(ClusterId clusterId, UpgradeId upgradeId, String reason, FailureCause cause, String rule,
                            String stepId, NodeId nodeId) implements LedgerEvent {

    public UpgradeFailed {
        cause = cause == null ? FailureCause.UNKNOWN : cause;
    }

    /** The revision 1 shape. */
    public UpgradeFailed(ClusterId clusterId, UpgradeId upgradeId, String reason) {
        this(clusterId, upgradeId, reason, null, null, null, null);
    }
}
