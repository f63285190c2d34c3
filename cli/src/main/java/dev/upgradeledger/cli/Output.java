package dev.upgradeledger.cli;

import java.io.PrintWriter;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Where and how results go: tables for people on stdout, or the services' own JSON (or YAML) for scripts. */
final class Output {

    /** {@code -o}: {@code table} (default), {@code json}, {@code yaml}. */
    enum Format { table, json, yaml }

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private final Format format;
    private final PrintWriter out;
    private final PrintWriter err;

    Output(Format format, PrintWriter out, PrintWriter err) {
        this.format = format;
        this.out = out;
        this.err = err;
    }

    Format format() {
        return format;
    }

    boolean forPeople() {
        return format == Format.table;
    }

    PrintWriter out() {
        return out;
    }

    PrintWriter err() {
        return err;
    }

    /** The document as JSON or YAML, or (for {@code table}) what {@code forPeople} prints. */
    void print(JsonNode document, Consumer<PrintWriter> forPeople) {
        if (forPeople()) {
            forPeople.accept(out);
        } else {
            document(document);
        }
        out.flush();
    }

    /** The document as JSON or YAML whatever the format (tables fall back to JSON). */
    void document(JsonNode document) {
        if (format == Format.yaml) {
            out.print(YAML.writeValueAsString(document));
        } else {
            out.println(Json.MAPPER.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(document));
        }
        out.flush();
    }

    /** A note for people on stderr (hints, next pages), kept out of what scripts read on stdout. */
    void note(String text) {
        err.println(text);
        err.flush();
    }
}
