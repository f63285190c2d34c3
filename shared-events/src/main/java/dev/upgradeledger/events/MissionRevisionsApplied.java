package dev.upgradeledger.events;

import org.axonframework.serialization.Revision;

/**
 * The mission revisions of a Backend.AI major upgrade were applied on the manager
 * ({@code backend.ai mgr schema apply-mission-revisions <previousVersion>}), the extra step its profile adds to a
 * major hop.
 *
 * @param previousVersion the version the cluster ran before the hop
 */
@Revision("1")
public record MissionRevisionsApplied(ClusterId clusterId, UpgradeId upgradeId, String stepId, NodeId nodeId,
                                      Version previousVersion) implements LedgerEvent {
}
