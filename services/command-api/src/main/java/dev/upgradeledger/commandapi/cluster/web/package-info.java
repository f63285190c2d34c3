/** REST edge of the cluster feature under /api/v1/clusters. */
package dev.upgradeledger.commandapi.cluster.web;
