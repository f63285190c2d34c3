package dev.upgradeledger.projection.timetravel;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.projection.clusterstatus.ClusterNotFoundException;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Rebuilds a cluster's past state from its recorded events: from the newest fold snapshot at or before the sequence
 * asked for ({@link FoldSnapshots}; from the registration when there is none), the events after it with one query,
 * ordered by sequence and streamed, folded by {@link ClusterStateFold}. Nothing is read from the live read models but the cursor that says which clusters and
 * sequences the projection has applied. Runs in one repeatable-read snapshot, so its queries agree with each other.
 */
@Service
@Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
public class TimeTravel {

    private final RecordedEvents events;
    private final FoldSnapshots snapshots;
    private final MeterRegistry meters;
    private final DistributionSummary folded;

    TimeTravel(RecordedEvents events, FoldSnapshots snapshots, MeterRegistry meters) {
        this.events = events;
        this.snapshots = snapshots;
        this.meters = meters;
        this.folded = DistributionSummary.builder("ledger.projection.time-travel.events")
                .description("events folded to answer one time-travel query").register(meters);
    }

    /**
     * The state after the cluster's event {@code sequence}.
     *
     * @throws ClusterNotFoundException when the projection does not know the cluster
     * @throws NotInHistoryException    when the projection has not recorded that sequence (yet)
     */
    public ClusterState atSequence(ClusterId clusterId, long sequence) {
        long last = lastSequence(clusterId);
        if (sequence > last) {
            throw new NotInHistoryException("cluster " + clusterId + " has events 0 to " + last
                    + " in the projection's history; there is no event " + sequence + " (yet)");
        }
        return timed("sequence", () -> statesAt(clusterId, Set.of(sequence)).get(sequence));
    }

    /**
     * The state as of {@code at}: after the last event stored at or before that instant. A history is a sequence, so
     * this is always a prefix of it, even if clocks made a later event's timestamp earlier than its predecessor's.
     *
     * @throws ClusterNotFoundException when the projection does not know the cluster
     * @throws NotInHistoryException    when the cluster was registered after {@code at}
     */
    public ClusterState at(ClusterId clusterId, Instant at) {
        lastSequence(clusterId);
        long sequence = events.lastSequenceAt(clusterId, at).orElseThrow(() -> new NotInHistoryException("cluster "
                + clusterId + " was not registered yet at " + at + "; its history starts at "
                + events.firstRecordedAt(clusterId).map(Instant::toString).orElse("(nothing recorded)")));
        return timed("at", () -> statesAt(clusterId, Set.of(sequence)).get(sequence));
    }

    /**
     * The states after each of the given sequences, from one fold of the history up to the highest of them.
     *
     * @throws HistoryIncompleteException when the recorded history does not start with the registration or has a gap
     */
    public Map<Long, ClusterState> statesAt(ClusterId clusterId, Collection<Long> sequences) {
        TreeSet<Long> wanted = new TreeSet<>(sequences);
        Map<Long, ClusterState> states = new TreeMap<>();
        ClusterStateFold fold = ClusterStateFold.initial();
        long applied = 0;
        for (long sequence : wanted) {
            Optional<ClusterStateFold.Snapshot> snapshot = snapshots.newestAtOrBefore(clusterId, sequence);
            if (snapshot.isPresent() && snapshot.get().last().sequence() > fold.lastSequence()) {
                applied += fold.applied();
                fold = ClusterStateFold.resume(snapshot.get());
            }
            if (fold.lastSequence() < sequence) {
                ClusterStateFold folding = fold;
                events.forEach(clusterId, fold.lastSequence() + 1, sequence, envelope -> {
                    try {
                        folding.apply(envelope);
                    } catch (IllegalStateException broken) {
                        throw new HistoryIncompleteException("the projection's history of cluster " + clusterId
                                + " cannot be folded: " + broken.getMessage()
                                + "; rebuild the projection's read models from the beginning to fill it");
                    }
                });
            }
            if (fold.lastSequence() != sequence) {
                throw new HistoryIncompleteException("the projection's history of cluster " + clusterId
                        + " ends before event " + sequence + (fold.lastSequence() < 0 ? "" : " (at "
                        + fold.lastSequence() + ")"));
            }
            states.put(sequence, fold.state());
        }
        if (!wanted.isEmpty()) {
            folded.record(applied + fold.applied());
        }
        return states;
    }

    private long lastSequence(ClusterId clusterId) {
        return events.lastSequence(clusterId).orElseThrow(() -> new ClusterNotFoundException(clusterId));
    }

    private ClusterState timed(String query, Supplier<ClusterState> fold) {
        return Timer.builder("ledger.projection.time-travel").tag("query", query)
                .description("time to rebuild a cluster's state from its history").register(meters).record(fold);
    }
}
