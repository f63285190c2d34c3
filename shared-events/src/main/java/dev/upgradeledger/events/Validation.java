package dev.upgradeledger.events;

final class Validation {

    private Validation() {
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new InvalidValueException(message);
        }
    }

    static String quote(String value) {
        if (value == null) {
            return "null";
        }
        String shown = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        return '"' + shown.replaceAll("\\p{Cntrl}", "?") + '"';
    }
}
