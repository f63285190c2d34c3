package dev.upgradeledger.projection.recovery;

import java.time.Duration;

import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Snapshots, recovery and rebuilds of the projection's read models ({@code ledger.projection.*}).
 *
 * @param snapshots what is snapshotted where and when
 * @param recovery  what happens when the projection starts on an empty schema
 * @param checksum  what the read-model checksum leaves out
 * @param rebuild   where a side-by-side rebuild builds its tables
 * @param admin     whether the admin API is served
 */
@ConfigurationProperties("ledger.projection")
public record RecoveryProperties(@DefaultValue Snapshots snapshots,
                                 @DefaultValue Recovery recovery,
                                 @DefaultValue Checksum checksum,
                                 @DefaultValue Rebuild rebuild,
                                 @DefaultValue Admin admin) {

    /**
     * @param directory where snapshots are written, outside the projection's database (application.yml: under
     *                  {@code LEDGER_DATA_DIR}, else the system temporary directory)
     * @param every     a snapshot after every this many applied events (taken off the Kafka listener thread); 0 = off
     * @param keep      how many snapshots are kept; older ones are deleted after each new one
     * @param minInterval the least time between the end of an automatic snapshot and the start of the next (a turn
     *                  that comes sooner is deferred, never skipped); the pause is also at least four times the last
     *                  snapshot's duration
     */
    public record Snapshots(Path directory,
                            @DefaultValue("1000") long every,
                            @DefaultValue("5") int keep,
                            @DefaultValue("10s") Duration minInterval) {
    }

    /**
     * @param onEmptySchema when the projection starts and its read models are empty (a new or lost database), load
     *                      the latest verified snapshot of the same Kafka cluster before consuming
     */
    public record Recovery(@DefaultValue("true") boolean onEmptySchema) {
    }

    /**
     * @param excludedColumns {@code table.column}s left out of checksums because they are not derived from the events
     *                        alone: {@code history_event.stream_id} and {@code fleet_event.stream_id} are assigned in
     *                        the projection's commit order
     */
    public record Checksum(@DefaultValue({"history_event.stream_id", "fleet_event.stream_id"})
                           List<String> excludedColumns) {
    }

    /** @param schema the schema a side-by-side rebuild fills before it becomes the live one */
    public record Rebuild(@DefaultValue("projection_rebuild") String schema) {
    }

    /** @param enabled serve /admin/v1 (snapshots, recovery, rebuilds, checksum); automatic snapshots run either way */
    public record Admin(@DefaultValue("true") boolean enabled) {
    }
}
