package dev.upgradeledger.projection.timetravel;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.projection.BatchUpsert;
import dev.upgradeledger.projection.ReadModel;
import dev.upgradeledger.projection.ReadModelTarget;
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

/**
 * Writes a fold snapshot of a cluster after each of its events whose sequence is a multiple of
 * {@code ledger.projection.fold-snapshots.every} (1000; 0: none), in the transaction that applies the event. A batch
 * that reaches such a sequence folds the cluster's events: from the fold this projection kept after the cluster's last
 * batch when it has one (see below), else from the snapshot before (its recorded events up to the batch, fewer than N,
 * read back from the history), then the batch's own events, already decoded. A history that cannot be folded (a gap,
 * no registration: what time travel answers {@code history-incomplete} for) gets no snapshot.
 *
 * <p><b>Folds kept between batches.</b> Once a cluster's fold was needed, it is kept in memory after its batch has
 * committed, and the cluster's next batches fold their events into it (in memory, no reading back), so that a long
 * history is read back at most once, not every N events. A kept fold is used only by a batch whose first event of the
 * cluster follows the fold's last (anything else, say a redelivery after a failed batch or a recovery to an older
 * snapshot, reads back as before); it is taken out while a batch uses it and put back only after that batch commits,
 * so a failed batch leaves none behind. At most {@value #KEPT_CLUSTERS} clusters with {@value #KEPT_NODES} nodes in all
 * are kept, the least recently used given up first. Only the live read models keep folds (a side-by-side rebuild
 * reads back).
 */
@Component
@Order(4)
class FoldSnapshotProjection implements ReadModel {

    static final int KEPT_CLUSTERS = 256;
    static final int KEPT_NODES = 50_000;

    private static final Logger log = LoggerFactory.getLogger(FoldSnapshotProjection.class);
    private static final BatchUpsert SNAPSHOTS = BatchUpsert.of("fold_snapshot", List.of("cluster_id", "sequence"),
            List.of(new BatchUpsert.Column("cluster_id", Types.VARCHAR), new BatchUpsert.Column("sequence", Types.BIGINT),
                    new BatchUpsert.Column("state", Types.VARCHAR)));

    private final long every;
    private final FoldSnapshots snapshots;
    private final RecordedEvents recorded;
    private final JdbcTemplate batch;
    private final Counter written;
    private final Counter readBack;
    private final KeptFolds kept = new KeptFolds(KEPT_CLUSTERS, KEPT_NODES);

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
        this.readBack = Counter.builder("ledger.projection.fold-snapshots.read-back")
                .description("recorded events read back from the history to fold a cluster's next fold snapshot")
                .register(meters);
    }

    @Override
    public void apply(List<EventEnvelope> events) {
        if (every == 0) {
            return;
        }
        boolean live = ReadModelTarget.isLive();
        Map<ClusterId, List<EventEnvelope>> byCluster = new LinkedHashMap<>();
        for (EventEnvelope envelope : events) {
            byCluster.computeIfAbsent(envelope.clusterId(), id -> new ArrayList<>()).add(envelope);
        }
        List<Object[]> rows = BatchUpsert.rows();
        Map<ClusterId, ClusterStateFold> toKeep = new LinkedHashMap<>();
        long[] readBackCount = {0};
        byCluster.forEach((clusterId, clusterEvents) -> {
            long first = clusterEvents.get(0).sequence();
            ClusterStateFold fold = live ? kept.take(clusterId) : null;
            if (fold != null && fold.lastSequence() != first - 1) {
                fold = null;
            }
            if (fold == null) {
                if (!reachesSnapshot(clusterEvents)) {
                    return;
                }
                fold = readBack(clusterId, first, readBackCount);
            }
            if (fold != null && foldOn(fold, clusterId, clusterEvents, rows) && live) {
                toKeep.put(clusterId, fold);
            }
        });
        SNAPSHOTS.write(batch, rows);
        int count = rows.size();
        long readBackEvents = readBackCount[0];
        if (count == 0 && toKeep.isEmpty() && readBackEvents == 0) {
            return;
        }
        ReadModels.afterCommit(() -> {
            toKeep.forEach(kept::put);
            written.increment(count);
            readBack.increment(readBackEvents);
        });
    }

    private boolean reachesSnapshot(List<EventEnvelope> clusterEvents) {
        long first = clusterEvents.get(0).sequence();
        long last = clusterEvents.get(clusterEvents.size() - 1).sequence();
        long firstMultiple = Math.max(every, (first + every - 1) / every * every);
        return firstMultiple <= last;
    }

    /** The cluster's fold up to {@code first - 1}: from its snapshot before, and the recorded events after it. */
    private ClusterStateFold readBack(ClusterId clusterId, long first, long[] readBackCount) {
        try {
            ClusterStateFold fold = snapshots.newestAtOrBefore(clusterId, first - 1).map(ClusterStateFold::resume)
                    .orElseGet(ClusterStateFold::initial);
            if (fold.lastSequence() < first - 1) {
                long before = fold.applied();
                recorded.forEach(clusterId, fold.lastSequence() + 1, first - 1, fold::apply);
                readBackCount[0] += fold.applied() - before;
            }
            return fold;
        } catch (IllegalStateException unfoldable) {
            log.debug("No fold snapshot for cluster {}: its history cannot be folded ({})", clusterId,
                    unfoldable.getMessage());
            return null;
        }
    }

    /** Folds the batch's events of the cluster, a snapshot row at each N-th; false when they cannot be folded. */
    private boolean foldOn(ClusterStateFold fold, ClusterId clusterId, List<EventEnvelope> clusterEvents,
                           List<Object[]> rows) {
        try {
            for (EventEnvelope envelope : clusterEvents) {
                fold.apply(envelope);
                if (envelope.sequence() > 0 && envelope.sequence() % every == 0) {
                    rows.add(new Object[] {clusterId.value(), envelope.sequence(),
                            FoldSnapshots.write(fold.snapshot())});
                }
            }
            return true;
        } catch (IllegalStateException unfoldable) {
            log.debug("No fold snapshot for cluster {}: its history cannot be folded ({})", clusterId,
                    unfoldable.getMessage());
            return false;
        }
    }

    /**
     * The folds kept between batches, by cluster, least recently used first; bounded by clusters and by their nodes.
     */
    static final class KeptFolds {

        private final int maxClusters;
        private final long maxNodes;
        /** In the order put: a fold in use is taken out and put back, so the first is the least recently used. */
        private final LinkedHashMap<ClusterId, ClusterStateFold> folds = new LinkedHashMap<>();
        private long nodes;

        KeptFolds(int maxClusters, long maxNodes) {
            this.maxClusters = maxClusters;
            this.maxNodes = maxNodes;
        }

        /** Takes the cluster's fold out (null when none is kept): no other batch can use it meanwhile. */
        synchronized ClusterStateFold take(ClusterId clusterId) {
            ClusterStateFold fold = folds.remove(clusterId);
            if (fold != null) {
                nodes -= fold.nodeCount();
            }
            return fold;
        }

        synchronized void put(ClusterId clusterId, ClusterStateFold fold) {
            take(clusterId);
            if (fold.nodeCount() > maxNodes) {
                return;
            }
            folds.put(clusterId, fold);
            nodes += fold.nodeCount();
            var eldest = folds.entrySet().iterator();
            while (folds.size() > maxClusters || nodes > maxNodes) {
                nodes -= eldest.next().getValue().nodeCount();
                eldest.remove();
            }
        }

        synchronized int size() {
            return folds.size();
        }
    }
}
