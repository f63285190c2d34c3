package dev.upgradeledger.projection.recovery;

import dev.upgradeledger.projection.ConsumedOffset;
import dev.upgradeledger.projection.ConsumedOffsets;
import dev.upgradeledger.projection.recovery.ReadModelCatalog.Table;
import dev.upgradeledger.projection.recovery.ReadModelChecksums.TableChecksum;
import dev.upgradeledger.projection.recovery.SnapshotManifest.TableDump;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes snapshots of the live read models and loads them back. A snapshot is one consistent read (a read-only
 * REPEATABLE READ transaction) of every read-model table, dumped with PostgreSQL's COPY in primary-key order, together
 * with the Kafka offsets those rows include, the schema version and the checksums; it is written outside the database
 * ({@link SnapshotStore}).
 */
@Component
public class Snapshots {

    private static final Logger log = LoggerFactory.getLogger(Snapshots.class);
    private static final DateTimeFormatter IDS = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final ReadModelCatalog catalog;
    private final ReadModelChecksums checksums;
    private final ConsumedOffsets offsets;
    private final ProjectionSchemas schemas;
    private final SnapshotStore store;
    private final ReplaySource replaySource;
    private final AdminOperations operations;
    private final RecoveryProperties properties;
    private final TransactionTemplate consistentRead;
    private final TransactionTemplate transactions;
    private final Timer timer;

    Snapshots(DataSource dataSource, JdbcClient jdbc, ReadModelCatalog catalog, ReadModelChecksums checksums,
              ConsumedOffsets offsets, ProjectionSchemas schemas, SnapshotStore store, ReplaySource replaySource,
              AdminOperations operations, RecoveryProperties properties,
              PlatformTransactionManager transactionManager, MeterRegistry meters) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.checksums = checksums;
        this.offsets = offsets;
        this.schemas = schemas;
        this.store = store;
        this.replaySource = replaySource;
        this.operations = operations;
        this.properties = properties;
        this.consistentRead = new TransactionTemplate(transactionManager);
        this.consistentRead.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.consistentRead.setReadOnly(true);
        this.transactions = new TransactionTemplate(transactionManager);
        this.timer = Timer.builder("ledger.projection.snapshots").description("time to take a snapshot")
                .register(meters);
    }

    /**
     * Takes a snapshot now.
     *
     * @throws RecoveryProblem {@code operation-in-progress} while a recovery, a rebuild or another snapshot runs
     */
    public SnapshotManifest take(String trigger) {
        operations.begin("a snapshot");
        try {
            return takeNow(trigger);
        } finally {
            operations.end("a snapshot");
        }
    }

    /** Takes a snapshot unless another operation runs; answers whether it did. */
    public boolean takeIfIdle(String trigger) {
        if (!operations.tryBegin("a snapshot")) {
            return false;
        }
        try {
            takeNow(trigger);
            return true;
        } finally {
            operations.end("a snapshot");
        }
    }

    private SnapshotManifest takeNow(String trigger) {
        String kafkaClusterId = replaySource.offsets().clusterId();
        Instant takenAt = Instant.now();
        String id = IDS.format(takenAt);
        Path folder = store.begin(id);
        try {
            SnapshotManifest manifest = timer.record(() -> consistentRead.execute(status ->
                    dump(folder, id, takenAt, trigger, kafkaClusterId)));
            SnapshotManifest published = store.publish(folder, manifest);
            store.prune(properties.snapshots().keep());
            log.info("Snapshot {} ({}) taken: {} tables, positions {}", id, trigger, manifest.tables().size(),
                    manifest.positions());
            return published;
        } catch (RuntimeException e) {
            store.discard(folder);
            throw e;
        }
    }

    private SnapshotManifest dump(Path folder, String id, Instant takenAt, String trigger, String kafkaClusterId) {
        String schema = schemas.live();
        String version = jdbc.sql("select version from flyway_schema_history where success and version is not null"
                + " order by installed_rank desc limit 1").query(String.class).single();
        List<Table> tables = catalog.tables(schema);
        Map<String, TableChecksum> sums = checksums.compute(schema, tables, excluded()).stream()
                .collect(Collectors.toMap(TableChecksum::table, Function.identity()));
        CopyManager copy = copyManager();
        List<TableDump> dumps = new ArrayList<>();
        for (Table table : tables) {
            String file = table.name() + ".copy.gz";
            MessageDigest digest = SnapshotStore.sha256();
            try (OutputStream out = new GZIPOutputStream(new DigestOutputStream(
                    Files.newOutputStream(folder.resolve(file)), digest))) {
                copy.copyOut("copy (select " + columns(table) + " from " + Sql.identifier(schema) + "."
                        + Sql.identifier(table.name()) + " order by " + String.join(", ", table.primaryKey().stream()
                        .map(Sql::identifier).toList()) + ") to stdout", out);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file + " of snapshot " + id, e);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot dump " + table.name(), e);
            }
            TableChecksum sum = sums.get(table.name());
            dumps.add(new TableDump(table.name(), table.columns(), sum.rows(), sum.checksum(), file,
                    HexFormat.of().formatHex(digest.digest())));
        }
        List<ConsumedOffset> positions = offsets.all();
        return new SnapshotManifest(id, takenAt, trigger, kafkaClusterId, version, positions, dumps, excluded(),
                ReadModelChecksums.overall(List.copyOf(sums.values())));
    }

    /**
     * Replaces the live read models with the snapshot's: the schema is recreated at the snapshot's version, the tables
     * loaded in one transaction and checked against the snapshot's checksum (rolled back when they differ), then the
     * later migrations are applied. The Kafka listeners must not be running.
     *
     * @return false when the loaded tables did not match the snapshot's checksum (nothing is loaded then)
     */
    boolean restore(SnapshotManifest manifest) {
        String schema = schemas.live();
        schemas.recreate(schema, manifest.schemaVersion());
        Boolean loaded = transactions.execute(status -> {
            if (!load(schema, manifest)) {
                status.setRollbackOnly();
                return false;
            }
            return true;
        });
        schemas.migrate(schema, null);
        return Boolean.TRUE.equals(loaded);
    }

    private boolean load(String schema, SnapshotManifest manifest) {
        List<Table> tables = catalog.tables(schema);
        Map<String, TableDump> dumps = manifest.tables().stream()
                .collect(Collectors.toMap(TableDump::name, Function.identity()));
        if (!dumps.keySet().equals(tables.stream().map(Table::name).collect(Collectors.toSet()))) {
            log.warn("Snapshot {} holds tables {}, but schema version {} has {}", manifest.id(), dumps.keySet(),
                    manifest.schemaVersion(), tables.stream().map(Table::name).toList());
            return false;
        }
        jdbc.sql("truncate table " + tables.stream().map(table -> Sql.identifier(schema) + "."
                + Sql.identifier(table.name())).collect(Collectors.joining(", "))).update();
        CopyManager copy = copyManager();
        for (Table table : tables) {
            TableDump dump = dumps.get(table.name());
            try (InputStream in = new GZIPInputStream(store.open(manifest, dump))) {
                copy.copyIn("copy " + Sql.identifier(schema) + "." + Sql.identifier(table.name()) + " ("
                        + String.join(", ", dump.columns().stream().map(Sql::identifier).toList())
                        + ") from stdin", in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + dump.file() + " of snapshot " + manifest.id(), e);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot load " + table.name() + " from snapshot " + manifest.id(), e);
            }
        }
        advanceSequences(schema);
        manifest.positions().forEach(offsets::record);
        String loaded = ReadModelChecksums.overall(checksums.compute(schema, tables, manifest.excludedColumns()));
        if (!loaded.equals(manifest.checksum())) {
            log.warn("Snapshot {} loaded with checksum {}, but was taken with {}", manifest.id(), loaded,
                    manifest.checksum());
            return false;
        }
        return true;
    }

    /** Sequences behind serial or identity columns continue after the loaded rows. */
    private void advanceSequences(String schema) {
        jdbc.sql("""
                        select c.relname, a.attname, pg_get_serial_sequence(quote_ident(n.nspname) || '.'
                            || quote_ident(c.relname), a.attname) from pg_class c
                        join pg_namespace n on n.oid = c.relnamespace
                        join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
                        where n.nspname = ? and c.relkind in ('r', 'p')
                          and pg_get_serial_sequence(quote_ident(n.nspname) || '.' || quote_ident(c.relname),
                              a.attname) is not null""")
                .param(schema)
                .query((rs, row) -> List.of(rs.getString(1), rs.getString(2), rs.getString(3)))
                .list()
                .forEach(column -> jdbc.sql("select setval(?, coalesce(max(" + Sql.identifier(column.get(1))
                                + "), 0) + 1, false) from " + Sql.identifier(schema) + "."
                                + Sql.identifier(column.get(0)))
                        .param(column.get(2)).query(Long.class).single());
    }

    private CopyManager copyManager() {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            return connection.unwrap(PGConnection.class).getCopyAPI();
        } catch (SQLException e) {
            throw new IllegalStateException("the projection's database must be PostgreSQL", e);
        }
    }

    private List<String> excluded() {
        return properties.checksum().excludedColumns();
    }

    private static String columns(Table table) {
        return String.join(", ", table.columns().stream().map(Sql::identifier).toList());
    }
}
