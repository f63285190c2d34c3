/** REST queries of a cluster's history under /api/v1/clusters/{clusterId}/history. */
package dev.upgradeledger.projection.history.web;
