package dev.upgradeledger.cli;

import java.net.URI;

/** A service did not answer at all: not running, wrong URL, a network failure. */
final class UnreachableException extends RuntimeException {

    UnreachableException(String service, URI url, Exception cause) {
        super("cannot reach " + service + " at " + url + ": " + reason(cause)
                + " (set its URL with --" + flag(service) + " or $LEDGER_" + env(service) + ")", cause);
    }

    private static String reason(Exception cause) {
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }

    private static String flag(String service) {
        return switch (service) {
            case "projection" -> "projection-server";
            case "executor" -> "executor-server";
            default -> "server";
        };
    }

    private static String env(String service) {
        return switch (service) {
            case "projection" -> "PROJECTION_SERVER";
            case "executor" -> "EXECUTOR_SERVER";
            default -> "SERVER";
        };
    }
}
