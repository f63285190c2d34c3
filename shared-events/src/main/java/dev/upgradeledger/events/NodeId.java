package dev.upgradeledger.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/** Identifies a node within its cluster: letters, digits, '.', '_' or '-', 1 to 128 characters. */
public record NodeId(@JsonValue String value) {

    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    @JsonCreator
    public NodeId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            // The message is built only on failure: ids are made for every event read (plans hold thousands).
            throw new InvalidValueException("nodeId must be 1-128 letters, digits, '.', '_' or '-' starting with a letter"
                    + " or digit, was "
                    + Validation.quote(value));
        }
    }

    public static NodeId of(String value) {
        return new NodeId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
