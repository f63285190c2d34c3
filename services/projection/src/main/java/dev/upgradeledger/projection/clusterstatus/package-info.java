/** The cluster-status read model: one row per cluster and per node, each remembering the event it includes. */
package dev.upgradeledger.projection.clusterstatus;
