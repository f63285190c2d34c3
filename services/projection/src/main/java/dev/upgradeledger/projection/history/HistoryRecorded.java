package dev.upgradeledger.projection.history;

/** An event was added to a cluster's history under {@code streamId}; published inside the recording transaction. */
public record HistoryRecorded(String clusterId, long streamId, HistoryEntry entry) {
}
