package dev.upgradeledger.projection.recovery;

import dev.upgradeledger.events.LedgerTopics;
import dev.upgradeledger.projection.ConsumedOffset;
import dev.upgradeledger.projection.ConsumedOffsets;
import dev.upgradeledger.projection.recovery.ReadModelChecksums.TableChecksum;
import dev.upgradeledger.projection.recovery.ReplaySource.TopicOffsets;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The checksum of the live read models with the Kafka offsets they include, read in one consistent read, and how far
 * those offsets are behind the topic's end. Two projections whose read models include the same records have the same
 * checksum; compare them when both are caught up.
 */
@Component
public class ChecksumReports {

    private static final Logger log = LoggerFactory.getLogger(ChecksumReports.class);

    private final ReadModelCatalog catalog;
    private final ReadModelChecksums checksums;
    private final ConsumedOffsets offsets;
    private final ProjectionSchemas schemas;
    private final ReplaySource replaySource;
    private final RecoveryProperties properties;
    private final TransactionTemplate consistentRead;

    ChecksumReports(ReadModelCatalog catalog, ReadModelChecksums checksums, ConsumedOffsets offsets,
                    ProjectionSchemas schemas, ReplaySource replaySource, RecoveryProperties properties,
                    PlatformTransactionManager transactionManager) {
        this.catalog = catalog;
        this.checksums = checksums;
        this.offsets = offsets;
        this.schemas = schemas;
        this.replaySource = replaySource;
        this.properties = properties;
        this.consistentRead = new TransactionTemplate(transactionManager);
        this.consistentRead.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.consistentRead.setReadOnly(true);
    }

    public ChecksumReport report() {
        ChecksumReport report = consistentRead.execute(status -> {
            String schema = schemas.live();
            List<TableChecksum> tables = checksums.compute(schema, catalog.tables(schema),
                    properties.checksum().excludedColumns());
            return new ChecksumReport(ReadModelChecksums.overall(tables), tables,
                    properties.checksum().excludedColumns(), offsets.all(), null, null, null);
        });
        try {
            // caught up: the fleet read model too, fed by ledger.fleet-events
            Map<String, TopicOffsets> topics = replaySource.offsets(List.of(LedgerTopics.EVENTS,
                    LedgerTopics.FLEET_EVENTS));
            TopicOffsets events = topics.get(LedgerTopics.EVENTS);
            boolean caughtUp = topics.values().stream().allMatch(topic -> topic.caughtUp(report.positions()));
            return new ChecksumReport(report.checksum(), report.tables(), report.excludedColumns(),
                    report.positions(), events.end(), events.lag(events.included(report.positions())), caughtUp);
        } catch (RuntimeException e) {
            log.warn("Checksum without the topic's end offsets: Kafka did not answer ({})", e.getMessage());
            return report;
        }
    }

    /**
     * @param checksum        the read models' overall checksum
     * @param tables          per read-model table, its rows and checksum
     * @param excludedColumns columns left out (assigned in commit order, not derived from the events)
     * @param positions       per partition, the last offset the read models include
     * @param endOffsets      per partition of ledger.events, the offset of its next record (null: Kafka did not answer)
     * @param lag             per partition, records not yet applied
     * @param caughtUp        true when no record of ledger.events or ledger.fleet-events is waiting
     */
    public record ChecksumReport(String checksum, List<TableChecksum> tables, List<String> excludedColumns,
                                 List<ConsumedOffset> positions, @Nullable Map<Integer, Long> endOffsets,
                                 @Nullable Map<Integer, Long> lag, @Nullable Boolean caughtUp) {
    }
}
