package dev.upgradeledger.events;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The labels of a cluster ({@code region=eu}, {@code tier=gold}): what a fleet upgrade selects by and sets windows by.
 * One rule for REST, Kafka, the fleet request and the projection's filter: at most {@value #MAX_LABELS} labels, keys
 * and values 1-63 letters, digits or {@code ._/-}, starting and ending with a letter or digit (so a label is safe in a
 * URL, a query and a log line).
 */
public final class ClusterLabels {

    /** The most labels a cluster (or a selector) may have. */
    public static final int MAX_LABELS = 20;
    /** The longest key or value. */
    public static final int MAX_LENGTH = 63;

    private static final Pattern PART = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._/-]{0,61}[A-Za-z0-9])?");

    private ClusterLabels() {
    }

    /**
     * The labels checked, as an unmodifiable map in key order; null reads as none.
     *
     * @throws InvalidValueException when there are too many or one of them breaks the rule
     */
    public static Map<String, String> of(Map<String, String> labels) {
        if (labels == null || labels.isEmpty()) {
            return Map.of();
        }
        Validation.require(labels.size() <= MAX_LABELS,
                "at most " + MAX_LABELS + " labels, were " + labels.size());
        Map<String, String> sorted = new TreeMap<>();
        labels.forEach((key, value) -> {
            requireLabel(key, value);
            sorted.put(key, value);
        });
        return Collections.unmodifiableMap(sorted);
    }

    /**
     * Labels as an event carries them: an unmodifiable copy in key order, not checked again (an event is a fact; what
     * it holds was checked by the command that caused it). Null reads as none.
     */
    public static Map<String, String> copy(Map<String, String> labels) {
        return labels == null || labels.isEmpty() ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(labels));
    }

    /** @throws InvalidValueException unless {@code key} and {@code value} each follow the rule */
    public static void requireLabel(String key, String value) {
        Validation.require(valid(key), "a label key must be 1-" + MAX_LENGTH + " letters, digits or ._/- characters,"
                + " starting and ending with a letter or digit, was " + Validation.quote(key));
        Validation.require(valid(value), "label " + key + " must have a value of 1-" + MAX_LENGTH + " letters, digits"
                + " or ._/- characters, starting and ending with a letter or digit, was " + Validation.quote(value));
    }

    /**
     * One label written {@code key=value} (a query parameter, a command line argument).
     *
     * @throws InvalidValueException unless it is {@code key=value} with both parts following the rule
     */
    public static Map.Entry<String, String> parse(String text) {
        int equals = text == null ? -1 : text.indexOf('=');
        Validation.require(equals > 0, "a label is written key=value, was " + Validation.quote(text));
        String key = text.substring(0, equals);
        String value = text.substring(equals + 1);
        requireLabel(key, value);
        return Map.entry(key, value);
    }

    /** Whether {@code labels} carries every label of {@code wanted} with the same value. */
    public static boolean containsAll(Map<String, String> labels, Map<String, String> wanted) {
        return wanted.entrySet().stream().allMatch(label -> label.getValue().equals(labels.get(label.getKey())));
    }

    private static boolean valid(String part) {
        return part != null && PART.matcher(part).matches();
    }
}
