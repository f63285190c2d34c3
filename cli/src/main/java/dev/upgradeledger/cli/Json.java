package dev.upgradeledger.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Reading answers for people: a missing or null value is shown as "-". */
final class Json {

    static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static boolean present(JsonNode node) {
        return node != null && !node.isMissingNode() && !node.isNull();
    }

    /** The value at a JSON pointer as text, "-" when absent. */
    static String text(JsonNode node, String pointer) {
        return text(node == null ? null : node.at(pointer));
    }

    static String text(JsonNode value) {
        if (!present(value)) {
            return "-";
        }
        if (value.isValueNode()) {
            return value.asString();
        }
        return value.toString();
    }

    static long number(JsonNode node, String pointer) {
        JsonNode value = node.at(pointer);
        return present(value) ? value.asLong() : 0;
    }

    /** An ISO-8601 instant as {@code 2026-12-06 08:43:45} (UTC), "-" when absent. */
    static String time(JsonNode node, String pointer) {
        String text = text(node, pointer);
        if ("-".equals(text)) {
            return text;
        }
        try {
            return TIME.format(Instant.parse(text));
        } catch (DateTimeParseException e) {
            return text;
        }
    }

    /** Milliseconds as {@code 850 ms}, {@code 12.3 s} or {@code 4m 05s}; "-" when absent. */
    static String millis(JsonNode node, String pointer) {
        JsonNode value = node.at(pointer);
        return present(value) ? duration(Duration.ofMillis(value.asLong())) : "-";
    }

    static String duration(Duration duration) {
        long ms = duration.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format("%.1f s", ms / 1000.0);
        }
        return String.format("%dm %02ds", ms / 60_000, (ms / 1000) % 60);
    }
}
