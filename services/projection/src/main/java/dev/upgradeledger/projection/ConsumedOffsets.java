package dev.upgradeledger.projection;

import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.listener.ConsumerSeekAware.ConsumerSeekCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The {@code projection_offset} table: per topic partition, the last offset the read models include. Written in the
 * transaction that applied the records (once per partition per batch: its last offset); it only moves forward (a
 * redelivery of an older record changes nothing).
 */
@Repository
public class ConsumedOffsets {

    private static final String UPSERT = """
            insert into projection_offset (topic, kafka_partition, last_offset) values (?, ?, ?)
            on conflict (topic, kafka_partition)
            do update set last_offset = greatest(projection_offset.last_offset, excluded.last_offset)""";
    private static final int[] TYPES = {Types.VARCHAR, Types.INTEGER, Types.BIGINT};

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    ConsumedOffsets(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /** Joins the caller's transaction, or runs in its own. */
    @Transactional
    public void record(ConsumedOffset consumed) {
        record(List.of(consumed));
    }

    /** Records several partitions' offsets in one batch; joins the caller's transaction, or runs in its own. */
    @Transactional
    public void record(List<ConsumedOffset> consumed) {
        if (consumed.isEmpty()) {
            return;
        }
        batch.batchUpdate(UPSERT, consumed.stream()
                .map(offset -> new Object[] {offset.topic(), offset.partition(), offset.offset()}).toList(), TYPES);
    }

    /** Every partition's last included offset, by topic and partition. */
    public List<ConsumedOffset> all() {
        return jdbc.sql("select topic, kafka_partition, last_offset from projection_offset order by topic,"
                        + " kafka_partition")
                .query((rs, row) -> new ConsumedOffset(rs.getString(1), rs.getInt(2), rs.getLong(3)))
                .list();
    }

    /**
     * Seeks each assigned partition to just after its last included offset, or to its beginning when none is
     * recorded (a new or rebuilt read side), so that a listener resumes exactly where its read models stand.
     *
     * @return the recorded offsets of the assigned partitions (for the listener's log line)
     */
    public Map<TopicPartition, Long> resumeAfterIncluded(Collection<TopicPartition> assigned,
                                                         ConsumerSeekCallback callback) {
        Map<TopicPartition, Long> included = new HashMap<>();
        all().forEach(consumed -> included.put(new TopicPartition(consumed.topic(), consumed.partition()),
                consumed.offset()));
        Map<TopicPartition, Long> resumed = new HashMap<>();
        List<TopicPartition> fromBeginning = new ArrayList<>();
        for (TopicPartition partition : assigned) {
            Long last = included.get(partition);
            if (last == null) {
                fromBeginning.add(partition);
            } else {
                resumed.put(partition, last);
                callback.seek(partition.topic(), partition.partition(), last + 1);
            }
        }
        if (!fromBeginning.isEmpty()) {
            callback.seekToBeginning(fromBeginning);
        }
        return resumed;
    }
}
