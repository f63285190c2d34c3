package dev.upgradeledger.support.web;

import java.net.URI;
import java.util.Map;

/**
 * Problem types are URNs {@code urn:upgrade-ledger:problem:<slug>}. The slug is part of the API contract: clients
 * branch on it, so a slug is never renamed or reused for another meaning.
 */
public final class ProblemTypes {

    public static final String INVALID_REQUEST = "invalid-request";
    public static final String MALFORMED_REQUEST = "malformed-request";
    public static final String NOT_FOUND = "not-found";
    public static final String METHOD_NOT_ALLOWED = "method-not-allowed";
    public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported-media-type";
    public static final String NOT_ACCEPTABLE = "not-acceptable";
    public static final String INTERNAL_ERROR = "internal-error";
    public static final String UNAVAILABLE = "service-unavailable";

    private static final String PREFIX = "urn:upgrade-ledger:problem:";
    private static final Map<Integer, String> BY_STATUS = Map.of(
            400, MALFORMED_REQUEST,
            404, NOT_FOUND,
            405, METHOD_NOT_ALLOWED,
            406, NOT_ACCEPTABLE,
            413, "payload-too-large",
            415, UNSUPPORTED_MEDIA_TYPE,
            500, INTERNAL_ERROR,
            503, UNAVAILABLE);

    private ProblemTypes() {
    }

    public static URI of(String slug) {
        return URI.create(PREFIX + slug);
    }

    /** The type of an error that only has an HTTP status to go by, such as a path no handler serves. */
    public static URI forStatus(int status) {
        return of(BY_STATUS.getOrDefault(status, "http-" + status));
    }
}
