package dev.upgradeledger.domain.decide;

import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.Version;
import java.util.Objects;

/**
 * A node as the decider sees it.
 *
 * @param quarantined set aside by an earlier upgrade's QUARANTINE policy: not planned, not counted by single-version
 * @param role        the component it runs, or null
 */
public record NodeSnapshot(NodeId id, String group, Version version, boolean quarantined, String role) {

    public NodeSnapshot {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
    }

    /** A node without a role. */
    public NodeSnapshot(NodeId id, String group, Version version, boolean quarantined) {
        this(id, group, version, quarantined, null);
    }
}
