package dev.upgradeledger.projection.model;

import java.util.Collection;

/**
 * The state of one cluster a {@link ClusterTransition} reads and changes: the cluster and its nodes. A full state
 * (time travel) holds every node; a partial one (a batch of the live read model) holds at least every node an event of
 * the batch names, and every node whose last step an event of the batch ends or cancels, which is all a transition
 * looks at.
 */
public interface ClusterScope {

    /** The cluster, null before its registration. */
    ClusterRow cluster();

    void registered(ClusterRow cluster);

    /** The node, null when the cluster has none of that id. */
    NodeRow node(String nodeId);

    /** The nodes held (see above); a transition changes those it selects through {@link #put}. */
    Collection<NodeRow> nodes();

    /** A node added, or changed. */
    void put(NodeRow node);

    void remove(String nodeId);
}
