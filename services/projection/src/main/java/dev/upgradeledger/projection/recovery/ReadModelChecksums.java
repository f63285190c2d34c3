package dev.upgradeledger.projection.recovery;

import dev.upgradeledger.projection.recovery.ReadModelCatalog.Table;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Checksums of read-model tables, computed by PostgreSQL: per table the md5 of the md5s of its rows (each row as
 * PostgreSQL's text of a row of its columns, in column-name order) in primary-key order, and the row count; overall
 * the md5 of the tables' {@code name:checksum} lines in name order. Columns listed as excluded ({@code table.column},
 * see {@link RecoveryProperties.Checksum}) are left out. Runs in the caller's transaction, so that a snapshot's
 * checksum is of exactly what it dumped.
 */
@Component
public class ReadModelChecksums {

    private final JdbcClient jdbc;

    ReadModelChecksums(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<TableChecksum> compute(String schema, List<Table> tables, Collection<String> excludedColumns) {
        return tables.stream().sorted(java.util.Comparator.comparing(Table::name))
                .map(table -> compute(schema, table, excludedColumns))
                .toList();
    }

    private TableChecksum compute(String schema, Table table, Collection<String> excludedColumns) {
        String columns = table.columns().stream()
                .filter(column -> !excludedColumns.contains(table.name() + "." + column))
                .sorted()
                .map(Sql::identifier)
                .collect(Collectors.joining(", "));
        String order = table.primaryKey().stream().map(Sql::identifier).collect(Collectors.joining(", "));
        return jdbc.sql("select count(*), coalesce(md5(string_agg(md5(row(" + columns + ")::text), '' order by "
                        + order + ")), md5('')) from " + Sql.identifier(schema) + "." + Sql.identifier(table.name()))
                .query((rs, row) -> new TableChecksum(table.name(), rs.getLong(1), rs.getString(2)))
                .single();
    }

    /** The md5 of the tables' {@code name:checksum} lines, in name order. */
    public static String overall(List<TableChecksum> tables) {
        String lines = tables.stream().sorted(java.util.Comparator.comparing(TableChecksum::table))
                .map(table -> table.table() + ":" + table.checksum() + "\n")
                .collect(Collectors.joining());
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                    .digest(lines.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One table's checksum and row count. */
    public record TableChecksum(String table, long rows, String checksum) {
    }
}
