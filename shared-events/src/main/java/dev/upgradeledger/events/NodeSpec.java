package dev.upgradeledger.events;

/**
 * A node as registered: its id, the address its driver reaches it at, and an optional group (an
 * availability zone, a discovery group, an environment) that strategies can upgrade group by group.
 */
public record NodeSpec(NodeId id, String address, String group) {

    public NodeSpec {
        Validation.require(id != null, "node id is required");
        Validation.require(address != null && !address.isBlank() && address.length() <= 255
                        && address.chars().noneMatch(Character::isWhitespace),
                "node address must be 1-255 characters without white space, was " + Validation.quote(address));
        Validation.require(group == null || (!group.isBlank() && group.length() <= 64),
                "node group must be 1-64 characters when given, was " + Validation.quote(group));
    }
}
