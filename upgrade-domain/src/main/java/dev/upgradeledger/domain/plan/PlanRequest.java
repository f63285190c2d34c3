package dev.upgradeledger.domain.plan;

import dev.upgradeledger.domain.profile.ProductProfile;
import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.InvalidValueException;
import dev.upgradeledger.events.MaxUnavailable;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.SchemaChange;
import dev.upgradeledger.events.UpgradeStrategy;
import dev.upgradeledger.events.Version;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the planner needs to plan one upgrade of one cluster. The constructor refuses structurally broken requests
 * with {@link InvalidValueException}; whether a well-formed request can be carried out is the planner's answer
 * ({@link PlanResult.Refused}).
 *
 * @param clusterId           the cluster to upgrade
 * @param nodes               its nodes with their current versions, in any order; at least one, ids unique
 * @param schemaVersion       the cluster's current schema (or state format) version
 * @param strategy            how to carry out the upgrade
 * @param targetVersion       the version every node should run afterwards
 * @param targetSchemaVersion the schema version afterwards; equal to {@code schemaVersion} when it does not change
 * @param schemaChange        what the upgrade does to the schema
 * @param stateFormatChange   whether the stored state must be converted to a new format (IPFS Cluster
 *                            {@code state upgrade})
 * @param maxUnavailable      ROLLING only: how many nodes may be out of service at once; when null for ROLLING it
 *                            defaults to {@code 1}, the node-by-node upgrade Camunda guarantees without downtime.
 *                            Ignored by the other strategies
 * @param byGroup             ROLLING only: a batch never mixes nodes of different groups
 * @param targetClusterId     MIGRATION only: the registered cluster that takes over; ignored otherwise
 * @param targetNodes         MIGRATION only: the nodes of that cluster with their versions; ignored otherwise
 * @param profileHop          the product profile that orders roles and adds extra steps, with the hop it plans;
 *                            null plans without a profile (no role order, no extra steps)
 */
public record PlanRequest(ClusterId clusterId, List<PlanNode> nodes, Version schemaVersion, UpgradeStrategy strategy,
                          Version targetVersion, Version targetSchemaVersion, SchemaChange schemaChange,
                          boolean stateFormatChange, MaxUnavailable maxUnavailable, boolean byGroup,
                          ClusterId targetClusterId, List<PlanNode> targetNodes, ProfileHop profileHop) {

    /** What a ROLLING request without {@code maxUnavailable} gets: one node at a time. */
    public static final MaxUnavailable DEFAULT_MAX_UNAVAILABLE = MaxUnavailable.of("1");

    public PlanRequest {
        require(clusterId != null, "clusterId is required");
        require(strategy != null, "strategy is required");
        require(targetVersion != null, "targetVersion is required");
        require(schemaVersion != null, "schemaVersion is required");
        require(targetSchemaVersion != null,
                "targetSchemaVersion is required (the current schemaVersion when the schema does not change)");
        require(schemaChange != null, "schemaChange is required (NONE when the schema does not change)");
        nodes = uniqueNodes(nodes, "nodes");
        require(!nodes.isEmpty(), "a cluster has at least one node to plan for");
        if (targetNodes != null) {
            targetNodes = uniqueNodes(targetNodes, "targetNodes");
        }
        if (strategy == UpgradeStrategy.ROLLING && maxUnavailable == null) {
            maxUnavailable = DEFAULT_MAX_UNAVAILABLE;
        }
    }

    /** A request planned without a product profile. */
    public PlanRequest(ClusterId clusterId, List<PlanNode> nodes, Version schemaVersion, UpgradeStrategy strategy,
                       Version targetVersion, Version targetSchemaVersion, SchemaChange schemaChange,
                       boolean stateFormatChange, MaxUnavailable maxUnavailable, boolean byGroup,
                       ClusterId targetClusterId, List<PlanNode> targetNodes) {
        this(clusterId, nodes, schemaVersion, strategy, targetVersion, targetSchemaVersion, schemaChange,
                stateFormatChange, maxUnavailable, byGroup, targetClusterId, targetNodes, null);
    }

    /**
     * The product profile a hop is planned with.
     *
     * @param from  the version the hop starts from ({@code {fromVersion}} of the extra steps)
     * @param major whether the hop is a major upgrade of the product
     */
    public record ProfileHop(ProductProfile profile, Version from, boolean major) {

        public ProfileHop {
            Objects.requireNonNull(profile, "profile");
            Objects.requireNonNull(from, "from");
        }
    }

    private static List<PlanNode> uniqueNodes(List<PlanNode> nodes, String name) {
        require(nodes != null, name + " are required");
        require(nodes.stream().allMatch(Objects::nonNull), name + " must not contain null");
        Set<NodeId> seen = new HashSet<>();
        for (PlanNode node : nodes) {
            require(seen.add(node.id()), "node ids must be unique in " + name + ", " + node.id() + " appears twice");
        }
        return List.copyOf(nodes);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new InvalidValueException(message);
        }
    }
}
