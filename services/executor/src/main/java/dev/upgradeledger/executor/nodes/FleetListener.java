package dev.upgradeledger.executor.nodes;

import dev.upgradeledger.executor.driver.ActionContext.NodeTarget;

/** Told of every node the ledger registers, in the transaction that records it (the simulated fleet builds on it). */
public interface FleetListener {

    void nodeRegistered(String clusterId, NodeTarget node);
}
