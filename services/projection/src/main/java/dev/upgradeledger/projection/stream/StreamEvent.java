package dev.upgradeledger.projection.stream;

import dev.upgradeledger.projection.history.HistoryEntry;

/** One event on the live stream: its stream id (the SSE id), its cluster, and the event as the history holds it. */
public record StreamEvent(long streamId, String clusterId, HistoryEntry event) {
}
