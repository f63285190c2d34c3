/** The nodes of every cluster as the ledger's events describe them; drivers find addresses and groups here. */
package dev.upgradeledger.executor.nodes;
