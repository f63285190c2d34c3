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
        return value == null ? "null" : '"' + value + '"';
    }
}
