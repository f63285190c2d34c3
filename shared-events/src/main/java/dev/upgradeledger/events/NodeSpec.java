package dev.upgradeledger.events;

/**
 * A node as registered: its id, the address its driver reaches it at, an optional group (an availability zone, a
 * discovery group, an environment) that strategies can upgrade group by group, and an optional role (the component it
 * runs: {@code manager}, {@code agent}) that product profiles order upgrades by.
 *
 * @param role the component the node runs, or null (events stored before roles existed have none)
 */
public record NodeSpec(NodeId id, String address, String group, String role) {

    public NodeSpec {
        Validation.require(id != null, "node id is required");
        Validation.require(address != null && !address.isBlank() && address.length() <= 255
                        && address.chars().noneMatch(Character::isWhitespace),
                "node address must be 1-255 characters without white space, was " + Validation.quote(address));
        Validation.require(group == null || (!group.isBlank() && group.length() <= 64),
                "node group must be 1-64 characters when given, was " + Validation.quote(group));
        InputLimits.requireNodeRole(role);
    }

    /** A node without a role. */
    public NodeSpec(NodeId id, String address, String group) {
        this(id, address, group, null);
    }
}
