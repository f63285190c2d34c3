package dev.upgradeledger.projection.recovery;

import dev.upgradeledger.projection.ConsumedOffset;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a snapshot holds, written as {@code manifest.json} beside its table dumps once they are complete.
 *
 * @param id              sortable by time: {@code yyyyMMdd'T'HHmmssSSS'Z'}
 * @param takenAt         when the consistent read began
 * @param trigger         {@code manual} (admin API) or {@code automatic} (every N events)
 * @param kafkaClusterId  the Kafka cluster whose offsets {@code positions} are; only used with that cluster
 * @param schemaVersion   the projection schema's Flyway version: a recovery restores into that version, then
 *                        migrates
 * @param positions       per partition, the last offset the dumped read models include
 * @param tables          every read-model table dumped, with its rows, checksum and file
 * @param excludedColumns the columns left out of the checksums
 * @param checksum        the read models' overall checksum (see {@link ReadModelChecksums})
 */
public record SnapshotManifest(String id, Instant takenAt, String trigger, String kafkaClusterId, String schemaVersion,
                               List<ConsumedOffset> positions, List<TableDump> tables, List<String> excludedColumns,
                               String checksum) {

    /** The positions in one topic, by partition. */
    public Map<Integer, Long> positionsIn(String topic) {
        return positions.stream().filter(position -> position.topic().equals(topic))
                .collect(Collectors.toMap(ConsumedOffset::partition, ConsumedOffset::offset));
    }

    /**
     * One table's dump: PostgreSQL's COPY text format, gzip-compressed, rows in primary-key order.
     *
     * @param sha256 of the file, checked before the snapshot is used
     */
    public record TableDump(String name, List<String> columns, long rows, String checksum, String file,
                            String sha256) {
    }
}
