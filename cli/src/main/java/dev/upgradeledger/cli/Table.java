package dev.upgradeledger.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** A plain text table as kubectl prints them: upper-case headers, columns two spaces apart, no borders. */
final class Table {

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    Table(String... headers) {
        this.headers = Arrays.stream(headers).map(header -> header.toUpperCase(Locale.ROOT)).toList();
    }

    Table row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException(headers.size() + " cells expected, got " + cells.length);
        }
        rows.add(Arrays.stream(cells).map(cell -> cell == null ? "-" : cell.toString()).toList());
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    void print(PrintWriter out) {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        line(out, headers, widths);
        rows.forEach(row -> line(out, row, widths));
        out.flush();
    }

    private static void line(PrintWriter out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            line.append(cells.get(i));
            if (i < cells.size() - 1) {
                line.append(" ".repeat(widths[i] - cells.get(i).length() + 2));
            }
        }
        out.println(line.toString().stripTrailing());
    }

    /** Aligned {@code Label:  value} lines, for one object. */
    static final class Fields {

        private final List<String[]> fields = new ArrayList<>();

        Fields add(String label, Object value) {
            fields.add(new String[] {label + ":", value == null ? "-" : value.toString()});
            return this;
        }

        void print(PrintWriter out) {
            print(out, "");
        }

        void print(PrintWriter out, String indent) {
            int width = fields.stream().mapToInt(field -> field[0].length()).max().orElse(0);
            fields.forEach(field -> out.println(indent + field[0] + " ".repeat(width - field[0].length() + 2)
                    + field[1]));
            out.flush();
        }
    }

    /** A bar of {@code width} cells for done of total: {@code [######----]}. */
    static String bar(long done, long total, int width) {
        int filled = total <= 0 ? 0 : (int) Math.min(width, Math.round(width * (double) done / total));
        return "[" + "#".repeat(filled) + "-".repeat(width - filled) + "]";
    }
}
