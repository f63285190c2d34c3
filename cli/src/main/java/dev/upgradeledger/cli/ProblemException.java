package dev.upgradeledger.cli;

import tools.jackson.databind.JsonNode;

/** A service answered an error: an RFC 9457 problem when it could, else its status and body. */
final class ProblemException extends RuntimeException {

    private final String service;
    private final int status;
    private final JsonNode problem;

    ProblemException(String service, int status, JsonNode problem, String body) {
        super(service + " answered " + status + ": " + describe(problem, body));
        this.service = service;
        this.status = status;
        this.problem = problem;
    }

    String service() {
        return service;
    }

    int status() {
        return status;
    }

    /** The problem document, or null when the body was not JSON. */
    JsonNode problem() {
        return problem;
    }

    /** The slug of the problem type ({@code upgrade-rejected}), or null. */
    String slug() {
        String type = problem == null ? "-" : Json.text(problem, "/type");
        return type.startsWith("urn:upgrade-ledger:problem:") ? type.substring(type.lastIndexOf(':') + 1) : null;
    }

    private static String describe(JsonNode problem, String body) {
        if (problem == null) {
            return body == null || body.isBlank() ? "(no body)" : body.strip();
        }
        String detail = Json.text(problem, "/detail");
        return "-".equals(detail) ? Json.text(problem, "/title") : detail;
    }
}
