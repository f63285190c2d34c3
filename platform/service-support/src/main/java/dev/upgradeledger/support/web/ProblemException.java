package dev.upgradeledger.support.web;

import org.springframework.http.HttpStatus;

/**
 * An error the API answers on purpose, as {@code application/problem+json}: a status, a stable type slug
 * (see {@link ProblemTypes}), a short title that does not vary, and the message as the detail.
 */
public abstract class ProblemException extends RuntimeException {

    private final HttpStatus status;
    private final String typeSlug;
    private final String title;

    protected ProblemException(HttpStatus status, String typeSlug, String title, String detail) {
        super(detail);
        this.status = status;
        this.typeSlug = typeSlug;
        this.title = title;
    }

    public HttpStatus status() {
        return status;
    }

    public String typeSlug() {
        return typeSlug;
    }

    public String title() {
        return title;
    }
}
