package dev.upgradeledger.projection;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import dev.upgradeledger.projection.model.EventTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Whole rows of a table written with one statement, however many: {@code insert ... select from unnest(arrays)},
 * one array per column, then {@code on conflict (key) do update} (an upsert) or nothing more (an insert). How the
 * read models write what a batch of events changed: one round trip and one plan per table and batch, instead of one
 * execution per row. An upsert keeps the last of several rows with the same key (PostgreSQL refuses to update a row
 * twice in one statement), as writing them one after the other would.
 */
public final class BatchUpsert {

    /** A column and its {@link java.sql.Types JDBC type}; {@link Types#OTHER} stands for {@code jsonb} given as text. */
    public record Column(String name, int type) {

        /** A {@code jsonb} column, its values JSON text. */
        public static Column jsonb(String name) {
            return new Column(name, Types.OTHER);
        }

        String arrayType() {
            return switch (type) {
                case Types.VARCHAR -> "text";
                case Types.BIGINT -> "int8";
                case Types.INTEGER -> "int4";
                case Types.BOOLEAN -> "bool";
                case Types.TIMESTAMP, Types.OTHER -> "text";
                default -> throw new IllegalArgumentException("no array type for column " + name + " of type " + type);
            };
        }

        String cast() {
            return switch (type) {
                case Types.TIMESTAMP -> "::timestamptz";
                case Types.OTHER -> "::jsonb";
                default -> "";
            };
        }

        Object value(Object value) {
            if (value instanceof Timestamp timestamp) {
                return EventTime.text(EventTime.of(timestamp.toInstant()));
            }
            if (value instanceof Instant instant) {
                return EventTime.text(EventTime.of(instant));
            }
            return value;
        }
    }

    private final String sql;
    private final List<Column> columns;
    private final int keySize;

    private BatchUpsert(String sql, List<Column> columns, int keySize) {
        this.sql = sql;
        this.columns = columns;
        this.keySize = keySize;
    }

    /**
     * @param key     the primary key's columns, which must come first in {@code columns}
     * @param columns every column written, in the order of each row's values
     */
    public static BatchUpsert of(String table, List<String> key, List<Column> columns) {
        List<String> names = columns.stream().map(Column::name).toList();
        if (key.isEmpty() || !names.subList(0, key.size()).equals(key)) {
            throw new IllegalArgumentException("the key " + key + " of " + table + " must lead the columns " + names);
        }
        List<String> rest = names.subList(key.size(), names.size());
        String sql = insertSql(table, columns) + " on conflict (" + String.join(", ", key) + ") "
                + (rest.isEmpty() ? "do nothing"
                        : "do update set " + rest.stream().map(name -> name + " = excluded." + name)
                                .collect(Collectors.joining(", ")));
        return new BatchUpsert(sql, List.copyOf(columns), key.size());
    }

    /** Plain inserts: a row that exists already is an error. */
    public static BatchUpsert insert(String table, List<Column> columns) {
        return new BatchUpsert(insertSql(table, columns), List.copyOf(columns), 0);
    }

    private static String insertSql(String table, List<Column> columns) {
        String names = columns.stream().map(Column::name).collect(Collectors.joining(", "));
        String aliases = IntStream.range(0, columns.size()).mapToObj(i -> "c" + i).collect(Collectors.joining(", "));
        String values = IntStream.range(0, columns.size()).mapToObj(i -> "c" + i + columns.get(i).cast())
                .collect(Collectors.joining(", "));
        String arrays = columns.stream().map(column -> "?::" + column.arrayType() + "[]")
                .collect(Collectors.joining(", "));
        return "insert into " + table + " (" + names + ") select " + values + " from unnest(" + arrays + ") as r("
                + aliases + ")";
    }

    /** Writes the rows (each the values of the columns, in order) with one statement; nothing when there are none. */
    public void write(JdbcTemplate jdbc, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        List<Object[]> distinct = keySize == 0 ? rows : lastPerKey(rows);
        jdbc.execute((ConnectionCallback<Integer>) connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int c = 0; c < columns.size(); c++) {
                    statement.setArray(c + 1, array(connection, c, distinct));
                }
                return statement.executeUpdate();
            }
        });
    }

    private Array array(Connection connection, int c, List<Object[]> rows) throws SQLException {
        Column column = columns.get(c);
        Object[] values = switch (column.arrayType()) {
            case "int8" -> new Long[rows.size()];
            case "int4" -> new Integer[rows.size()];
            case "bool" -> new Boolean[rows.size()];
            default -> new String[rows.size()];
        };
        for (int r = 0; r < rows.size(); r++) {
            Object value = column.value(rows.get(r)[c]);
            values[r] = value == null ? null
                    : values instanceof Long[] ? (Object) ((Number) value).longValue()
                    : values instanceof Integer[] ? (Object) ((Number) value).intValue()
                    : values instanceof Boolean[] ? value
                    : value.toString();
        }
        return connection.createArrayOf(column.arrayType(), values);
    }

    private List<Object[]> lastPerKey(List<Object[]> rows) {
        Map<List<Object>, Object[]> last = new LinkedHashMap<>();
        for (Object[] row : rows) {
            List<Object> key = Arrays.asList(Arrays.copyOf(row, keySize));
            last.remove(key);
            last.put(key, row);
        }
        return last.size() == rows.size() ? rows : new ArrayList<>(last.values());
    }

    /**
     * Plain inserts of whole rows with PostgreSQL's {@code COPY ... FROM STDIN} (text format): the cheapest way to add
     * many rows, for a table that is only ever appended to (a row that exists already is an error, as with {@link
     * #insert}). Values are converted as for the other statements ({@link Column#value}), then escaped for COPY.
     */
    public static Copy copy(String table, List<Column> columns) {
        return new Copy("copy " + table + " (" + columns.stream().map(Column::name).collect(Collectors.joining(", "))
                + ") from stdin", List.copyOf(columns));
    }

    /** See {@link #copy}. */
    public static final class Copy {

        private final String sql;
        private final List<Column> columns;

        private Copy(String sql, List<Column> columns) {
            this.sql = sql;
            this.columns = columns;
        }

        /** Copies the rows (each the values of the columns, in order) in; nothing when there are none. */
        public void write(JdbcTemplate jdbc, List<Object[]> rows) {
            if (rows.isEmpty()) {
                return;
            }
            StringBuilder text = new StringBuilder(rows.size() * 512);
            for (Object[] row : rows) {
                for (int c = 0; c < columns.size(); c++) {
                    if (c > 0) {
                        text.append('\t');
                    }
                    Object value = columns.get(c).value(row[c]);
                    if (value == null) {
                        text.append("\\N");
                    } else {
                        escape(value.toString(), text);
                    }
                }
                text.append('\n');
            }
            jdbc.execute((ConnectionCallback<Long>) connection -> {
                try {
                    return connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql,
                            new StringReader(text.toString()));
                } catch (IOException e) {
                    throw new SQLException("COPY failed: " + e.getMessage(), e);
                }
            });
        }

        /**
         * COPY's text format: backslash, tab, newline and carriage return escaped with a backslash. A value without
         * any of them (almost all) is appended whole.
         */
        static void escape(String value, StringBuilder into) {
            int first = firstToEscape(value);
            if (first < 0) {
                into.append(value);
                return;
            }
            into.append(value, 0, first);
            for (int i = first; i < value.length(); i++) {
                char ch = value.charAt(i);
                switch (ch) {
                    case '\\' -> into.append("\\\\");
                    case '\t' -> into.append("\\t");
                    case '\n' -> into.append("\\n");
                    case '\r' -> into.append("\\r");
                    default -> into.append(ch);
                }
            }
        }

        private static int firstToEscape(String value) {
            for (int i = 0; i < value.length(); i++) {
                char ch = value.charAt(i);
                if (ch == '\\' || ch == '\t' || ch == '\n' || ch == '\r') {
                    return i;
                }
            }
            return -1;
        }
    }

    /** A list of rows to write. */
    public static List<Object[]> rows() {
        return new ArrayList<>();
    }
}
