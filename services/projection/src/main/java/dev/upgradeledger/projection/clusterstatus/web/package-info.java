/** REST queries of the cluster-status read model under /api/v1/clusters. */
package dev.upgradeledger.projection.clusterstatus.web;
