package dev.upgradeledger.events;

final class Validation {

    private Validation() {
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new InvalidValueException(message);
        }
    }

    /** The value as shown in a message: quoted, control characters as '?', at most 80 characters. */
    static String quote(String value) {
        if (value == null) {
            return "null";
        }
        int shown = Math.min(value.length(), 80);
        StringBuilder quoted = new StringBuilder(shown + 5).append('"');
        for (int i = 0; i < shown; i++) {
            char c = value.charAt(i);
            quoted.append(Character.isISOControl(c) ? '?' : c);
        }
        return quoted.append(value.length() > 80 ? "...\"" : "\"").toString();
    }
}
