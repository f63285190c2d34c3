package dev.upgradeledger.projection.timetravel;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.projection.BatchUpsert;
import dev.upgradeledger.projection.ReadModel;
import dev.upgradeledger.projection.ReadModels;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;

/**
 * Writes a fold snapshot of a cluster after each of its events whose sequence is a multiple of
 * {@code ledger.projection.fold-snapshots.every} (1000; 0: none), in the transaction that applies the event. Only a
 * batch that reaches such a sequence costs anything: its cluster's fold resumes from the snapshot before, folds the
 * recorded events up to the batch (fewer than N) and then the batch's own events, already decoded. A history that
 * cannot be folded (a gap, no registration: what time travel answers {@code history-incomplete} for) gets no
 * snapshot. It reads only events of earlier batches from the history read model.
 */
@Component
@Order(4)
class FoldSnapshotProjection implements ReadModel {

    private static final Logger log = LoggerFactory.getLogger(FoldSnapshotProjection.class);
    private static final BatchUpsert SNAPSHOTS = BatchUpsert.of("fold_snapshot", List.of("cluster_id", "sequence"),
            List.of(new BatchUpsert.Column("cluster_id", Types.VARCHAR), new BatchUpsert.Column("sequence", Types.BIGINT),
                    new BatchUpsert.Column("state", Types.VARCHAR)));

    private final long every;
    private final FoldSnapshots snapshots;
    private final RecordedEvents recorded;
    private final JdbcTemplate batch;
    private final Counter written;

    FoldSnapshotProjection(@Value("${ledger.projection.fold-snapshots.every:1000}") long every,
                           FoldSnapshots snapshots, RecordedEvents recorded, JdbcTemplate batch, MeterRegistry meters) {
        if (every < 0) {
            throw new IllegalArgumentException("ledger.projection.fold-snapshots.every must be 0 or more, was " + every);
        }
        this.every = every;
        this.snapshots = snapshots;
        this.recorded = recorded;
        this.batch = batch;
        this.written = Counter.builder("ledger.projection.fold-snapshots")
                .description("fold snapshots written for time travel").register(meters);
    }

    @Override
    public void apply(List<EventEnvelope> events) {
        if (every == 0) {
            return;
        }
        Map<ClusterId, List<EventEnvelope>> reaching = new LinkedHashMap<>();
        for (EventEnvelope envelope : events) {
            reaching.computeIfAbsent(envelope.clusterId(), id -> new ArrayList<>()).add(envelope);
        }
        reaching.values().removeIf(clusterEvents -> !reachesSnapshot(clusterEvents));
        List<Object[]> rows = BatchUpsert.rows();
        reaching.forEach((clusterId, clusterEvents) -> snapshotsOf(clusterId, clusterEvents, rows));
        SNAPSHOTS.write(batch, rows);
        int count = rows.size();
        if (count > 0) {
            ReadModels.afterCommit(() -> written.increment(count));
        }
    }

    private boolean reachesSnapshot(List<EventEnvelope> clusterEvents) {
        long first = clusterEvents.get(0).sequence();
        long last = clusterEvents.get(clusterEvents.size() - 1).sequence();
        long firstMultiple = Math.max(every, (first + every - 1) / every * every);
        return firstMultiple <= last;
    }

    private void snapshotsOf(ClusterId clusterId, List<EventEnvelope> clusterEvents, List<Object[]> rows) {
        long first = clusterEvents.get(0).sequence();
        try {
            ClusterStateFold fold = snapshots.newestAtOrBefore(clusterId, first - 1).map(ClusterStateFold::resume)
                    .orElseGet(ClusterStateFold::initial);
            if (fold.lastSequence() < first - 1) {
                recorded.forEach(clusterId, fold.lastSequence() + 1, first - 1, fold::apply);
            }
            for (EventEnvelope envelope : clusterEvents) {
                fold.apply(envelope);
                if (envelope.sequence() > 0 && envelope.sequence() % every == 0) {
                    rows.add(new Object[] {clusterId.value(), envelope.sequence(),
                            FoldSnapshots.write(fold.snapshot())});
                }
            }
        } catch (IllegalStateException unfoldable) {
            log.debug("No fold snapshot for cluster {}: its history cannot be folded ({})", clusterId,
                    unfoldable.getMessage());
        }
    }
}
