package dev.upgradeledger.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/** Identifies a cluster: lower-case letters, digits and inner hyphens, 1 to 63 characters (a DNS label). */
public record ClusterId(@JsonValue String value) {

    private static final Pattern FORMAT = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");

    @JsonCreator
    public ClusterId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            // The message is built only on failure: ids are made for every event read (plans hold thousands).
            throw new InvalidValueException("clusterId must be 1-63 lower-case letters, digits or inner hyphens, was "
                    + Validation.quote(value));
        }
    }

    public static ClusterId of(String value) {
        return new ClusterId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
