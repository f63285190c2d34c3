package dev.upgradeledger.events;

import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * An upgrade was accepted with its plan; with a multi-hop path, one UpgradePlanned per hop, {@code remainingHops}
 * the versions still to go after this one.
 *
 * <p>Revision 2: large stages may be written in the compact form of {@link PlannedStageJson} (one node id per step
 * instead of a whole step); revision 1 stages are read as they are.
 */
@Revision("2")
public record UpgradePlanned(ClusterId clusterId, UpgradeId upgradeId, Version fromVersion, Version toVersion,
                             Version toSchemaVersion, UpgradeStrategy strategy, UpgradePlan plan,
                             List<Version> remainingHops) implements LedgerEvent {

    public UpgradePlanned {
        remainingHops = List.copyOf(remainingHops);
    }
}
