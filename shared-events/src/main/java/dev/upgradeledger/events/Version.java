package dev.upgradeledger.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/**
 * A product or schema version as the product names it ({@code 7.6}, {@code 23.09.10}, {@code v1.0.2-rc1}).
 * Only its syntax is checked here; its order comes from the product's release catalog, never from parsing.
 */
public record Version(@JsonValue String value) {

    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.+_-]{0,63}");

    @JsonCreator
    public Version {
        if (value == null || !FORMAT.matcher(value).matches()) {
            // The message is built only on failure: ids are made for every event read (plans hold thousands).
            throw new InvalidValueException("version must be 1-64 letters, digits, '.', '+', '_' or '-' starting with a letter"
                    + " or digit, was "
                    + Validation.quote(value));
        }
    }

    public static Version of(String value) {
        return new Version(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
