package dev.upgradeledger.events;

import java.util.List;
import org.axonframework.serialization.Revision;

/** An upgrade request broke a rule: which one, why, and the shortest allowed path (empty when there is none). */
@Revision("1")
public record UpgradeRejected(ClusterId clusterId, UpgradeId upgradeId, Version fromVersion, Version targetVersion,
                              String rule, String reason, List<Version> allowedPath) implements LedgerEvent {

    public UpgradeRejected {
        allowedPath = List.copyOf(allowedPath);
    }
}
