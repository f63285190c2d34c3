package dev.upgradeledger.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.UUID;
import java.util.regex.Pattern;

/** Identifies one upgrade of one cluster; chosen by the caller or generated. */
public record UpgradeId(@JsonValue String value) {

    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    @JsonCreator
    public UpgradeId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            // The message is built only on failure: ids are made for every event read (plans hold thousands).
            throw new InvalidValueException("upgradeId must be 1-64 letters, digits, '.', '_' or '-', was "
                    + Validation.quote(value));
        }
    }

    public static UpgradeId of(String value) {
        return new UpgradeId(value);
    }

    public static UpgradeId generate() {
        return new UpgradeId("u-" + UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value;
    }
}
