package dev.upgradeledger.support.web;

import dev.upgradeledger.events.InvalidValueException;
import java.util.Arrays;
import java.util.Locale;

/** Reads an enum constant from request text, case-insensitively, with an error that lists the allowed values. */
public final class EnumValues {

    private EnumValues() {
    }

    /** @throws InvalidValueException naming {@code field} and the allowed values when the text names none */
    public static <E extends Enum<E>> E named(Class<E> type, String field, String value) {
        if (value == null) {
            throw new InvalidValueException(field + " is required");
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException(field + " must be one of " + Arrays.toString(type.getEnumConstants())
                    + ", was \"" + value + "\"");
        }
    }
}
