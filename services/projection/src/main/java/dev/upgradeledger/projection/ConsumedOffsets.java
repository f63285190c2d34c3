package dev.upgradeledger.projection;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The {@code projection_offset} table: per topic partition, the last offset the read models include. Written in the
 * transaction that applied the record; it only moves forward (a redelivery of an older record changes nothing).
 */
@Repository
public class ConsumedOffsets {

    private final JdbcClient jdbc;

    ConsumedOffsets(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Joins the caller's transaction, or runs in its own. */
    @Transactional
    public void record(ConsumedOffset consumed) {
        jdbc.sql("""
                        insert into projection_offset (topic, kafka_partition, last_offset) values (?, ?, ?)
                        on conflict (topic, kafka_partition)
                        do update set last_offset = greatest(projection_offset.last_offset, excluded.last_offset)""")
                .params(consumed.topic(), consumed.partition(), consumed.offset())
                .update();
    }

    /** Every partition's last included offset, by topic and partition. */
    public List<ConsumedOffset> all() {
        return jdbc.sql("select topic, kafka_partition, last_offset from projection_offset order by topic,"
                        + " kafka_partition")
                .query((rs, row) -> new ConsumedOffset(rs.getString(1), rs.getInt(2), rs.getLong(3)))
                .list();
    }
}
