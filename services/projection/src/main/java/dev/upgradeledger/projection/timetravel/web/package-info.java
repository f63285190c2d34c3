/** REST query of a cluster's past state under /api/v1/clusters/{clusterId}/state. */
package dev.upgradeledger.projection.timetravel.web;
