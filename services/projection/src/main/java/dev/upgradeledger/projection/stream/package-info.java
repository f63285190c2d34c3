/** The live stream for dashboards: server-sent events, each id a stream position, resumable with Last-Event-ID. */
package dev.upgradeledger.projection.stream;
