package dev.upgradeledger.bench;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark's findings: sections of labelled figures, printed as they are measured and written at the end as
 * {@code bench-report.json} and {@code bench-report.md}.
 */
final class Report {

    private final Map<String, Object> header = new LinkedHashMap<>();
    private final List<Section> sections = new ArrayList<>();
    private final PrintStream out;

    Report(PrintStream out) {
        this.out = out;
    }

    /** A titled group of figures; {@code data} holds the same figures (and more) for the JSON file. */
    static final class Section {
        private final String key;
        private final String title;
        private final List<String[]> rows = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private final Map<String, Object> data = new LinkedHashMap<>();

        Section(String key, String title) {
            this.key = key;
            this.title = title;
        }

        Section row(String label, String value) {
            rows.add(new String[] {label, value, null});
            return this;
        }

        /** A figure and, beside it, how it compares with the limit it is bound by (see {@link Ratio}). */
        Section rowVs(String label, String value, String versusLimit) {
            rows.add(new String[] {label, value, versusLimit});
            return this;
        }

        String title() {
            return title;
        }

        Section note(String note) {
            notes.add(note);
            return this;
        }

        Section data(String name, Object value) {
            data.put(name, value);
            return this;
        }
    }

    void header(String name, Object value) {
        header.put(name, value);
    }

    Section section(String key, String title) {
        Section section = new Section(key, title);
        sections.add(section);
        return section;
    }

    /** Prints a finished section to the console. */
    void print(Section section) {
        out.println();
        out.println("== " + section.title);
        int width = section.rows.stream().mapToInt(row -> row[0].length()).max().orElse(0);
        for (String[] row : section.rows) {
            out.printf(Locale.ROOT, "  %-" + width + "s  %s%n", row[0], row[1]);
            if (row[2] != null) {
                out.printf(Locale.ROOT, "  %-" + width + "s    vs limit: %s%n", "", row[2]);
            }
        }
        section.notes.forEach(note -> out.println("  (" + note + ")"));
        out.flush();
    }

    void printHeader() {
        out.println("== Upgrade Ledger benchmark");
        header.forEach((name, value) -> out.printf(Locale.ROOT, "  %-22s %s%n", name, value));
        out.flush();
    }

    void write(Path directory) throws IOException {
        Files.createDirectories(directory);
        Map<String, Object> json = new LinkedHashMap<>(header);
        for (Section section : sections) {
            json.put(section.key, section.data);
        }
        JsonMapper mapper = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
        Files.writeString(directory.resolve("bench-report.json"), mapper.writeValueAsString(json),
                StandardCharsets.UTF_8);
        Files.writeString(directory.resolve("bench-report.md"), markdown(), StandardCharsets.UTF_8);
    }

    String markdown() {
        StringBuilder md = new StringBuilder("# Upgrade Ledger benchmark\n\n");
        header.forEach((name, value) -> md.append("- ").append(name).append(": ").append(value).append('\n'));
        for (Section section : sections) {
            md.append("\n### ").append(section.title)
                    .append("\n\n| figure | value | beside the limit measured in this run |\n|---|---|---|\n");
            for (String[] row : section.rows) {
                md.append("| ").append(row[0]).append(" | ").append(row[1].replace("|", "\\|")).append(" | ")
                        .append(row[2] == null ? "" : row[2].replace("|", "\\|")).append(" |\n");
            }
            section.notes.forEach(note -> md.append("\n").append(note).append('\n'));
        }
        return md.toString();
    }

    /** A figure for people: 3 significant digits at most, no exponent. */
    static String number(double value) {
        double magnitude = Math.abs(value);
        if (magnitude >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        if (magnitude >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }

    /** A figure for the JSON file: 3 decimals. */
    static double round(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.0f MiB", bytes / 1048576.0);
    }
}
