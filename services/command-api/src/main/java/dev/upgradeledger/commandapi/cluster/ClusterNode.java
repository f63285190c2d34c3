package dev.upgradeledger.commandapi.cluster;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.Version;

/** A node as the aggregate knows it; changed only by event-sourcing handlers. */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
class ClusterNode {

    NodeId id;
    String address;
    String group;
    Version version;
    String role;
    NodeState state = NodeState.IN_SERVICE;

    ClusterNode() {
    }

    ClusterNode(NodeId id, String address, String group, Version version, String role) {
        this.id = id;
        this.address = address;
        this.group = group;
        this.version = version;
        this.role = role;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClusterNode that && java.util.Objects.equals(id, that.id)
                && java.util.Objects.equals(address, that.address)
                && java.util.Objects.equals(group, that.group)
                && java.util.Objects.equals(version, that.version)
                && java.util.Objects.equals(role, that.role)
                && java.util.Objects.equals(state, that.state);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(id, address, group, version, role, state);
    }
}
