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
 * {@code REJOIN} within a record; plain stages are read as before. Revision 4 adds {@code profile}: the version of the
 * product's profile the hop was planned with and where its release catalog came from (null in events planned before
 * profiles had versions: command-api upcasts stored ones, and a reader of an older envelope gets null).
 */
@Revision("4")
public record UpgradePlanned(ClusterId clusterId, UpgradeId upgradeId, Version fromVersion, Version toVersion,
                             Version toSchemaVersion, UpgradeStrategy strategy,
                             @JsonSerialize(using = UpgradePlanJson.Writer.class)
                             @JsonDeserialize(using = UpgradePlanJson.Reader.class) UpgradePlan plan,
                             List<Version> remainingHops, ProfileUsed profile) implements LedgerEvent {

    public UpgradePlanned {
        remainingHops = List.copyOf(remainingHops);
    }

    /** A hop planned without naming the profile it used (revision 3 and before). */
    public UpgradePlanned(ClusterId clusterId, UpgradeId upgradeId, Version fromVersion, Version toVersion,
                          Version toSchemaVersion, UpgradeStrategy strategy, UpgradePlan plan,
                          List<Version> remainingHops) {
        this(clusterId, upgradeId, fromVersion, toVersion, toSchemaVersion, strategy, plan, remainingHops, null);
    }
}
