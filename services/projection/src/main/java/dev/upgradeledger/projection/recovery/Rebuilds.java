package dev.upgradeledger.projection.recovery;

import dev.upgradeledger.events.InvalidValueException;
import dev.upgradeledger.events.LedgerTopics;
import dev.upgradeledger.projection.ConsumedOffset;
import dev.upgradeledger.projection.ConsumedOffsets;
import dev.upgradeledger.projection.Delivery;
import dev.upgradeledger.projection.ReadModelTarget;
import dev.upgradeledger.projection.ReadModels;
import dev.upgradeledger.projection.fleet.FleetReadModel;
import dev.upgradeledger.projection.recovery.ReplaySource.TopicOffsets;
import dev.upgradeledger.support.envelope.EnvelopeCodec;
import dev.upgradeledger.support.kafka.UnprocessableRecordException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rebuilds of the read models from the events, run one at a time in the background.
 *
 * <ul>
 *   <li>{@code FULL} from {@code KAFKA}: the live listeners stop, the schema is recreated empty and the listeners
 *   replay ledger.events from its beginning. Refused when the topic no longer starts at offset 0. Queries see the
 *   read models fill up.</li>
 *   <li>{@code FULL} from {@code EVENT_STORE}: the schema is recreated empty and the listeners start at the topic's
 *   current end; command-api's {@code POST /api/v1/admin/publisher/replay} then republishes the whole event store,
 *   which the listeners apply (what they already hold is skipped).</li>
 *   <li>{@code SIDE_BY_SIDE}: a second schema is migrated and filled by a separate consumer (no group, every
 *   partition assigned, from the beginning) through the same {@link ReadModels}, while the live tables keep answering.
 *   It never goes past the live offsets. Once it has caught up with them, the live listeners pause, the rebuild
 *   consumes up to the offsets they stopped at, the schemas are swapped in one transaction, and the live listeners
 *   resume on the new tables, which include exactly what the old ones did.</li>
 * </ul>
 * Progress is kept in memory by this instance ({@code GET /admin/v1/rebuilds/{id}}).
 */
@Component
public class Rebuilds implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Rebuilds.class);
    private static final String OPERATION = "a rebuild";
    private static final Duration POLL = Duration.ofMillis(200);
    /** A FULL rebuild whose offsets have not moved for this long is reported failed, so it frees the admin lock. */
    private static final Duration STALLED = Duration.ofMinutes(2);

    public enum Mode { FULL, SIDE_BY_SIDE }

    public enum Source { KAFKA, EVENT_STORE }

    public enum State { RUNNING, SWITCHING, COMPLETED, FAILED }

    private final ProjectionSchemas schemas;
    private final LiveListeners listeners;
    private final ReplaySource replaySource;
    private final AdminOperations operations;
    private final ConsumedOffsets offsets;
    private final ReadModels readModels;
    private final EnvelopeCodec codec;
    private final ConsumerFactory<?, ?> consumerFactory;
    private final JdbcClient jdbc;
    private final RecoveryProperties properties;
    private final TransactionTemplate beside;
    private final DeferredIndexes indexes;
    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ledger-projection-rebuild");
        thread.setDaemon(true);
        return thread;
    });

    Rebuilds(ProjectionSchemas schemas, LiveListeners listeners, ReplaySource replaySource,
             AdminOperations operations, ConsumedOffsets offsets, ReadModels readModels, EnvelopeCodec codec,
             ConsumerFactory<?, ?> consumerFactory, JdbcClient jdbc, RecoveryProperties properties,
             PlatformTransactionManager transactionManager, DeferredIndexes indexes) {
        this.schemas = schemas;
        this.indexes = indexes;
        this.listeners = listeners;
        this.replaySource = replaySource;
        this.operations = operations;
        this.offsets = offsets;
        this.readModels = readModels;
        this.codec = codec;
        this.consumerFactory = consumerFactory;
        this.jdbc = jdbc;
        this.properties = properties;
        this.beside = new TransactionTemplate(transactionManager);
        this.beside.setName(ReadModelTarget.BESIDE_TRANSACTION);
    }

    /**
     * Starts a rebuild.
     *
     * @throws RecoveryProblem {@code operation-in-progress} while another operation runs, {@code
     *                         replay-source-incomplete} when a replay from Kafka would miss events
     */
    public RebuildStatus start(Mode mode, Source source) {
        if (mode == Mode.SIDE_BY_SIDE && source == Source.EVENT_STORE) {
            throw new InvalidValueException("a SIDE_BY_SIDE rebuild reads Kafka (source KAFKA); to rebuild from the"
                    + " event store use mode FULL");
        }
        operations.begin(OPERATION);
        try {
            TopicOffsets topic = replaySource.offsets();
            if (source == Source.KAFKA && !topic.truncated().isEmpty()) {
                throw RecoveryProblem.replaySourceIncomplete("A " + mode + " rebuild from Kafka",
                        topic.truncated());
            }
            Run run = new Run(UUID.randomUUID().toString(), mode, source, topic);
            runs.put(run.id, run);
            worker.execute(() -> {
                try {
                    switch (mode) {
                        case FULL -> full(run, topic);
                        case SIDE_BY_SIDE -> sideBySide(run, topic);
                    }
                } catch (RuntimeException e) {
                    log.error("Rebuild {} failed", run.id, e);
                    restoreIndexes(run);
                    run.finish(State.FAILED, e.getMessage());
                } finally {
                    operations.end(OPERATION);
                }
            });
            return run.status();
        } catch (RuntimeException e) {
            operations.end(OPERATION);
            throw e;
        }
    }

    public RebuildStatus status(String id) {
        Run run = runs.get(id);
        if (run == null) {
            throw RecoveryProblem.rebuildNotFound(id);
        }
        return run.status();
    }

    public List<RebuildStatus> all() {
        return runs.values().stream().map(Run::status)
                .sorted(java.util.Comparator.comparing(RebuildStatus::startedAt).reversed()).toList();
    }

    private void full(Run run, TopicOffsets topic) {
        listeners.stop();
        try {
            schemas.recreate(schemas.live(), null);
            if (run.source == Source.KAFKA) {
                log.info("Rebuild {}: indexes {} dropped until the replay is done", run.id,
                        indexes.defer(schemas.live()));
            }
            if (run.source == Source.EVENT_STORE) {
                topic.end().forEach((partition, end) -> {
                    if (end > 0) {
                        offsets.record(new ConsumedOffset(topic.topic(), partition, end - 1));
                    }
                });
            }
        } finally {
            listeners.start();
        }
        if (run.source == Source.EVENT_STORE) {
            run.finish(State.COMPLETED, "The read models are empty and the listeners wait at the topic's end: now"
                    + " republish the event store (POST /api/v1/admin/publisher/replay on command-api)");
            return;
        }
        // the fleet read model, emptied too, is replayed from ledger.fleet-events by its own listener
        TopicOffsets fleet = replaySource.offsets(List.of(LedgerTopics.FLEET_EVENTS)).get(LedgerTopics.FLEET_EVENTS);
        Map<Integer, Long> last = Map.of();
        long lastProgress = System.nanoTime();
        while (true) {
            List<ConsumedOffset> positions = offsets.all();
            Map<Integer, Long> applied = topic.included(positions);
            run.progress(applied);
            if (topic.caughtUp(positions) && fleet.caughtUp(positions)) {
                indexes.restore(schemas.live());
                run.finish(State.COMPLETED, "Replayed ledger.events and ledger.fleet-events up to the offsets they had"
                        + " when the rebuild began");
                return;
            }
            if (!applied.equals(last)) {
                last = applied;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > STALLED.toNanos()) {
                indexes.restore(schemas.live());
                run.finish(State.FAILED, "No progress for " + STALLED + " at " + applied + " (a record dead-lettered"
                        + " after its retries is not counted); the listeners go on replaying");
                return;
            }
            sleep(POLL);
        }
    }

    /** After a failure: the indexes a FULL rebuild deferred (else built at the next start-up). */
    private void restoreIndexes(Run run) {
        if (run.mode != Mode.FULL) {
            return;
        }
        try {
            indexes.restore(schemas.live());
        } catch (RuntimeException e) {
            log.error("Rebuild {}: building its deferred indexes failed; they are built at the next start-up", run.id,
                    e);
        }
    }

    private void sideBySide(Run run, TopicOffsets topic) {
        String target = properties.rebuild().schema();
        String previous = schemas.live() + "_previous";
        schemas.recreate(target, null);
        indexes.defer(target);
        boolean indexed = false;
        boolean paused = false;
        try (Consumer<String, String> consumer = consumer()) {
            List<TopicPartition> partitions = topic.end().keySet().stream()
                    .map(partition -> new TopicPartition(topic.topic(), partition)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (true) {
                Map<Integer, Long> live = liveOffsets(topic.topic());
                List<ConsumerRecord<String, String>> due = upTo(live, consumer.poll(POLL), consumer);
                if (!due.isEmpty()) {
                    applyBeside(target, due);
                    run.applied += due.size();
                }
                Map<Integer, Long> position = partitions.stream().collect(Collectors.toMap(TopicPartition::partition,
                        partition -> consumer.position(partition) - 1));
                run.progress(position);
                run.target = live;
                boolean caughtUp = live.entrySet().stream()
                        .allMatch(entry -> position.getOrDefault(entry.getKey(), -1L) >= entry.getValue());
                if (caughtUp && paused) {
                    break;
                }
                if (caughtUp && !indexed) {
                    // built while the live listeners still run; then catch up with what they applied meanwhile
                    indexes.restore(target);
                    indexed = true;
                } else if (caughtUp) {
                    listeners.pause();
                    paused = true;
                    run.state = State.SWITCHING;
                } else if (due.isEmpty()) {
                    sleep(Duration.ofMillis(50));
                }
            }
            carryOverFleetReadModel(target);
            schemas.swap(target, previous);
            log.info("Rebuild {}: schema {} is now the live one, at offsets {}", run.id, target, run.position);
        } catch (RuntimeException e) {
            schemas.drop(target);
            throw e;
        } finally {
            if (paused) {
                listeners.resume();
            }
        }
        schemas.drop(previous);
        run.finish(State.COMPLETED, "Built beside the live tables and switched over");
    }

    /**
     * While every live listener is paused: the fleet read model (fed by {@code ledger.fleet-events}, which this rebuild
     * does not replay) and its offsets are copied as they are into the rebuilt schema, so that the switch keeps them.
     */
    private void carryOverFleetReadModel(String target) {
        String live = Sql.identifier(schemas.live());
        String rebuilt = Sql.identifier(target);
        beside.executeWithoutResult(status -> {
            for (String table : FleetReadModel.TABLES) {
                jdbc.sql("insert into " + rebuilt + "." + table + " select * from " + live + "." + table).update();
            }
            jdbc.sql("insert into " + rebuilt + ".projection_offset select * from " + live
                    + ".projection_offset where topic = ?").param(LedgerTopics.FLEET_EVENTS).update();
        });
    }

    /**
     * The records at or below the live offsets; the consumer is moved back to the first record beyond them. The
     * rebuilt tables never get ahead of the live ones, so at the switch they include exactly what the live ones did,
     * and every later event is applied (and streamed to dashboards) by the live listeners.
     */
    private static List<ConsumerRecord<String, String>> upTo(Map<Integer, Long> live,
                                                            ConsumerRecords<String, String> records,
                                                            Consumer<String, String> consumer) {
        List<ConsumerRecord<String, String>> due = new ArrayList<>();
        for (TopicPartition partition : records.partitions()) {
            long limit = live.getOrDefault(partition.partition(), -1L);
            for (ConsumerRecord<String, String> record : records.records(partition)) {
                if (record.offset() > limit) {
                    consumer.seek(partition, record.offset());
                    break;
                }
                due.add(record);
            }
        }
        return due;
    }

    /**
     * Records in one transaction on the rebuilt schema, through the same batched path as the live listeners: one
     * batch of the read models; records that cannot be decoded only have their offsets recorded.
     */
    private void applyBeside(String schema, List<ConsumerRecord<String, String>> records) {
        List<Delivery> deliveries = new ArrayList<>(records.size());
        for (ConsumerRecord<String, String> record : records) {
            ConsumedOffset source = new ConsumedOffset(record.topic(), record.partition(), record.offset());
            try {
                deliveries.add(Delivery.of(codec.decodeWithPayloadText(record.value()), source));
            } catch (UnprocessableRecordException e) {
                deliveries.add(Delivery.undecodable(source));
            }
        }
        beside.executeWithoutResult(status -> {
            jdbc.sql("select set_config('search_path', ?, true)").param(Sql.identifier(schema))
                    .query(String.class).single();
            readModels.apply(deliveries);
        });
    }

    private Map<Integer, Long> liveOffsets(String topic) {
        return jdbc.sql("select kafka_partition, last_offset from " + Sql.identifier(schemas.live())
                        + ".projection_offset where topic = ?")
                .param(topic)
                .query((rs, row) -> Map.entry(rs.getInt(1), rs.getLong(2)))
                .list().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private Consumer<String, String> consumer() {
        Map<String, Object> config = new HashMap<>(consumerFactory.getConfigurationProperties());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "projection-rebuild");
        return new DefaultKafkaConsumerFactory<>(config, new StringDeserializer(), new StringDeserializer())
                .createConsumer();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
    }

    /** A rebuild as it goes; written by the worker, read by status requests. */
    private static final class Run {

        private final String id;
        private final Mode mode;
        private final Source source;
        private final Instant startedAt = Instant.now();
        private volatile State state = State.RUNNING;
        private volatile Map<Integer, Long> target;
        private volatile Map<Integer, Long> position = Map.of();
        private volatile long applied;
        private volatile @Nullable Instant finishedAt;
        private volatile @Nullable String detail;

        Run(String id, Mode mode, Source source, TopicOffsets topic) {
            this.id = id;
            this.mode = mode;
            this.source = source;
            this.target = topic.end().entrySet().stream().filter(entry -> entry.getValue() > 0)
                    .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue() - 1));
        }

        void progress(Map<Integer, Long> position) {
            this.position = new TreeMap<>(position);
        }

        void finish(State state, String detail) {
            this.detail = detail;
            this.finishedAt = Instant.now();
            this.state = state;
        }

        RebuildStatus status() {
            return new RebuildStatus(id, mode, source, state, startedAt, finishedAt, new TreeMap<>(target),
                    position, applied, detail);
        }
    }

    /**
     * A rebuild's progress.
     *
     * @param target   per partition, the last offset to reach: for FULL the topic's end when it began, for
     *                 SIDE_BY_SIDE the live read models' offsets (frozen once the live listeners paused)
     * @param position per partition, the last offset the rebuilt read models include
     * @param applied  records applied beside the live tables (SIDE_BY_SIDE)
     */
    public record RebuildStatus(String id, Mode mode, Source source, State state, Instant startedAt,
                                @Nullable Instant finishedAt, Map<Integer, Long> target, Map<Integer, Long> position,
                                long applied, @Nullable String detail) {
    }
}
