package dev.upgradeledger.domain.plan;

import dev.upgradeledger.events.InvalidValueException;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.Version;
import java.util.Comparator;

/**
 * A node as the planner sees it.
 *
 * @param id      the node's id, unique within its cluster
 * @param group   its workload group (availability zone, discovery group, environment), or null
 * @param version the version it runs now
 * @param role    the component it runs (its product profile orders roles), or null
 */
public record PlanNode(NodeId id, String group, Version version, String role) {

    /**
     * The order every plan lists nodes in: by group (no group sorts as the empty string, so first), then by id,
     * both compared as plain strings ({@code engine-10} comes before {@code engine-2}).
     */
    public static final Comparator<PlanNode> PLAN_ORDER =
            Comparator.comparing(PlanNode::groupKey).thenComparing(node -> node.id().value());

    public PlanNode {
        if (id == null) {
            throw new InvalidValueException("node id is required");
        }
        if (version == null) {
            throw new InvalidValueException("node " + id + " needs its current version");
        }
        if (group != null && (group.isBlank() || group.length() > 64)) {
            throw new InvalidValueException("node group must be 1-64 characters when given, was \"" + group + '"');
        }
    }

    /** A node without a role. */
    public PlanNode(NodeId id, String group, Version version) {
        this(id, group, version, null);
    }

    /** The group as sorted and batched: the empty string when the node has none. */
    String groupKey() {
        return group == null ? "" : group;
    }
}
