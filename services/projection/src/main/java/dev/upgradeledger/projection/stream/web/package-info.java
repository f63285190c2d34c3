/** Server-sent-event endpoints under /api/v1/stream and /api/v1/clusters/{clusterId}/stream. */
package dev.upgradeledger.projection.stream.web;
