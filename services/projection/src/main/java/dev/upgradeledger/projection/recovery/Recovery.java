package dev.upgradeledger.projection.recovery;

import dev.upgradeledger.projection.recovery.ReplaySource.TopicOffsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Recovery of lost or damaged read models from the latest good snapshot: the live listeners stop, the schema is
 * recreated, the newest snapshot of this Kafka cluster whose files and checksum verify is loaded, and the listeners
 * start again at the offsets after the snapshot's, so only what follows it is replayed. When the projection starts on
 * an empty schema (a new or lost database) and {@code ledger.projection.recovery.on-empty-schema} is on, the same
 * happens before the listeners first start.
 */
@Component
public class Recovery implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(Recovery.class);
    private static final String OPERATION = "a recovery";

    private final Snapshots snapshots;
    private final SnapshotStore store;
    private final ReplaySource replaySource;
    private final LiveListeners listeners;
    private final AdminOperations operations;
    private final JdbcClient jdbc;
    private final RecoveryProperties properties;
    private final RecoveryWindow window;

    Recovery(Snapshots snapshots, SnapshotStore store, ReplaySource replaySource, LiveListeners listeners,
             AdminOperations operations, JdbcClient jdbc, RecoveryProperties properties, RecoveryWindow window) {
        this.window = window;
        this.snapshots = snapshots;
        this.store = store;
        this.replaySource = replaySource;
        this.listeners = listeners;
        this.operations = operations;
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /**
     * Recovers the read models from the latest good snapshot, or from the one named.
     *
     * @param snapshotId null for the newest snapshot that verifies (older ones are tried when it does not load with
     *                   its checksum)
     * @throws RecoveryProblem {@code no-usable-snapshot} when no snapshot of this Kafka cluster verifies,
     *                         {@code replay-source-incomplete} when Kafka no longer holds what follows it,
     *                         {@code operation-in-progress} while another operation runs; nothing is changed then
     */
    public RecoveryResult recover(@Nullable String snapshotId) {
        operations.begin(OPERATION);
        try {
            TopicOffsets topic = replaySource.offsets();
            List<SnapshotManifest> candidates = usable(topic).stream()
                    .filter(manifest -> snapshotId == null || manifest.id().equals(snapshotId))
                    .toList();
            if (candidates.isEmpty()) {
                throw RecoveryProblem.noUsableSnapshot((snapshotId == null ? "No snapshot" : "No snapshot "
                        + snapshotId) + " of Kafka cluster " + topic.clusterId() + " with intact files in "
                        + store.directory());
            }
            Set<Integer> missing = topic.missingAfter(candidates.get(0).positionsIn(topic.topic()));
            if (!missing.isEmpty()) {
                throw RecoveryProblem.replaySourceIncomplete("Replaying what follows snapshot "
                        + candidates.get(0).id(), missing);
            }
            Instant started = Instant.now();
            listeners.stop();
            try {
                SnapshotManifest restored = restoreFirstGood(candidates);
                log.info("Recovered the read models from snapshot {}; replaying what follows {}", restored.id(),
                        restored.positions());
                return new RecoveryResult(restored.id(), restored.takenAt(), restored.positionsIn(topic.topic()),
                        topic.end(), started, Instant.now());
            } finally {
                listeners.start();
            }
        } finally {
            operations.end(OPERATION);
        }
    }

    /** On start-up, before the listeners start: recovers an empty schema from the latest snapshot, if there is one. */
    @Override
    public void afterSingletonsInstantiated() {
        if (!properties.recovery().onEmptySchema() || !readModelsEmpty() || store.list().isEmpty()) {
            return;
        }
        try {
            TopicOffsets topic = replaySource.offsets();
            List<SnapshotManifest> candidates = usable(topic);
            if (candidates.isEmpty()) {
                log.info("The read models are empty and no snapshot of Kafka cluster {} is usable: replaying {}"
                        + " from the beginning", topic.clusterId(), topic.topic());
                return;
            }
            SnapshotManifest restored = restoreFirstGood(candidates);
            log.info("The read models were empty: recovered from snapshot {}; replaying what follows {}",
                    restored.id(), restored.positions());
        } catch (RuntimeException e) {
            log.warn("The read models are empty, but recovery from a snapshot failed; replaying from the beginning",
                    e);
        }
    }

    private boolean readModelsEmpty() {
        return jdbc.sql("select not exists (select 1 from projection_offset) and not exists (select 1 from"
                + " projection_cursor)").query(Boolean.class).single();
    }

    /** This Kafka cluster's snapshots whose files are intact, newest first. */
    private List<SnapshotManifest> usable(TopicOffsets topic) {
        return store.list().stream()
                .filter(manifest -> topic.clusterId().equals(manifest.kafkaClusterId()))
                .filter(store::verifyFiles)
                .toList();
    }

    private SnapshotManifest restoreFirstGood(List<SnapshotManifest> candidates) {
        return window.restoring(() -> loadFirstGood(candidates));
    }

    private SnapshotManifest loadFirstGood(List<SnapshotManifest> candidates) {
        for (SnapshotManifest candidate : candidates) {
            if (snapshots.restore(candidate)) {
                return candidate;
            }
            log.warn("Snapshot {} did not load with its checksum; trying an older one", candidate.id());
        }
        throw new IllegalStateException("No snapshot loaded with its checksum; the read models are empty and will be"
                + " replayed from the beginning");
    }

    /**
     * What a recovery did.
     *
     * @param snapshotId the snapshot loaded
     * @param resumedAfter per partition of ledger.events, the last offset the snapshot includes; replay resumes after
     * @param endOffsets   per partition, the end of the topic when the recovery began: caught up once applied
     */
    public record RecoveryResult(String snapshotId, Instant snapshotTakenAt, Map<Integer, Long> resumedAfter,
                                 Map<Integer, Long> endOffsets, Instant startedAt, @Nullable Instant finishedAt) {
    }
}
