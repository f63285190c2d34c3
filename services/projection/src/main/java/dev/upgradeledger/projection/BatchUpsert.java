package dev.upgradeledger.projection;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One batched {@code insert ... on conflict (key) do update} of whole rows of a table, every parameter typed (so
 * nulls need no look-up of parameter types): how the read models write what a batch of events changed.
 */
public final class BatchUpsert {

    /** A column and its {@link java.sql.Types JDBC type}. */
    public record Column(String name, int type) {
    }

    private final String sql;
    private final int[] types;

    private BatchUpsert(String sql, int[] types) {
        this.sql = sql;
        this.types = types;
    }

    /**
     * @param key     the primary key's columns, which must come first in {@code columns}
     * @param columns every column written, in the order of each row's values
     */
    public static BatchUpsert of(String table, List<String> key, List<Column> columns) {
        List<String> names = columns.stream().map(Column::name).toList();
        if (!names.subList(0, key.size()).equals(key)) {
            throw new IllegalArgumentException("the key " + key + " of " + table + " must lead the columns " + names);
        }
        List<String> rest = names.subList(key.size(), names.size());
        String sql = "insert into " + table + " (" + String.join(", ", names) + ") values ("
                + names.stream().map(name -> "?").collect(Collectors.joining(", ")) + ") on conflict ("
                + String.join(", ", key) + ") "
                + (rest.isEmpty() ? "do nothing"
                        : "do update set " + rest.stream().map(name -> name + " = excluded." + name)
                                .collect(Collectors.joining(", ")));
        return new BatchUpsert(sql, columns.stream().mapToInt(Column::type).toArray());
    }

    /** Writes the rows (each the values of the columns, in order) in one batch; nothing when there are none. */
    public void write(JdbcTemplate jdbc, List<Object[]> rows) {
        if (!rows.isEmpty()) {
            jdbc.batchUpdate(sql, rows, types);
        }
    }

    /** A list of rows to write. */
    public static List<Object[]> rows() {
        return new ArrayList<>();
    }
}
