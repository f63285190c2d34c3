package dev.upgradeledger.projection.history;

import java.util.List;

/** The events one batch added to the histories, in stream-id order; published inside the recording transaction. */
public record HistoryBatchRecorded(List<HistoryRecorded> recorded) {

    public HistoryBatchRecorded {
        recorded = List.copyOf(recorded);
    }
}
