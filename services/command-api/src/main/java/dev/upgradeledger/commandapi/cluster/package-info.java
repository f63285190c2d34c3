/** The cluster aggregate: the consistency boundary for a cluster's nodes and its upgrades. */
package dev.upgradeledger.commandapi.cluster;
