package dev.upgradeledger.events;

import java.util.List;
import org.axonframework.serialization.Revision;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * An upgrade was accepted with its plan; with a multi-hop path, one UpgradePlanned per hop, {@code remainingHops}
 * the versions still to go after this one.
 *
 * <p>Revision 2: large stages may be written in the compact form of {@link PlannedStageJson} (one node id per step
 * instead of a whole step); revision 1 stages are read as they are. Revision 3: the plan may hold runs of one-node
 * stages written once as a pattern and its nodes ({@link UpgradePlanJson}), which keeps the plan of a 10,000-node
 * {@code REJOIN} within a record; plain stages are read as before.
 */
@Revision("3")
public record UpgradePlanned(ClusterId clusterId, UpgradeId upgradeId, Version fromVersion, Version toVersion,
                             Version toSchemaVersion, UpgradeStrategy strategy,
                             @JsonSerialize(using = UpgradePlanJson.Writer.class)
                             @JsonDeserialize(using = UpgradePlanJson.Reader.class) UpgradePlan plan,
                             List<Version> remainingHops) implements LedgerEvent {

    public UpgradePlanned {
        remainingHops = List.copyOf(remainingHops);
    }
}
