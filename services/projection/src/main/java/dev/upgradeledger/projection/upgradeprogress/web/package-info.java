/** REST queries of upgrade progress under /api/v1/upgrades and /api/v1/clusters/{clusterId}/upgrades. */
package dev.upgradeledger.projection.upgradeprogress.web;
