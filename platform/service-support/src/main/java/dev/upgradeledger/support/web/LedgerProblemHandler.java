package dev.upgradeledger.support.web;

import dev.upgradeledger.events.InvalidValueException;
import dev.upgradeledger.support.security.SecurityRefusals;
import jakarta.servlet.http.HttpServletRequest;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Answers every error as {@code application/problem+json} with a stable type: the service's own
 * {@link ProblemException}s, invalid values, Spring MVC's own errors (malformed JSON, unknown path, wrong method or
 * media type), and, last, anything unexpected as a 500 that names a log reference instead of a stack trace.
 */
@RestControllerAdvice
public class LedgerProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(LedgerProblemHandler.class);
    private static final int RETRY_AFTER_SECONDS = 5;

    private final ObjectProvider<SecurityRefusals> refusals;

    public LedgerProblemHandler(ObjectProvider<SecurityRefusals> refusals) {
        this.refusals = refusals;
    }

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<ProblemDetail> handleProblem(ProblemException e) {
        return problem(e.status(), e.typeSlug(), e.title(), e.getMessage());
    }

    @ExceptionHandler(InvalidValueException.class)
    ResponseEntity<ProblemDetail> handleInvalidValue(InvalidValueException e) {
        return invalidRequest(e);
    }

    /** A handler's own check of rights ({@code LedgerAccess.require}): 403, audited like the filter chain's. */
    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ProblemDetail> handleAccessDenied(AccessDeniedException e, HttpServletRequest request) {
        SecurityRefusals audit = refusals.getIfAvailable();
        if (audit != null) {
            audit.refusedByHandler(request, e);
        }
        return problem(HttpStatus.FORBIDDEN, SecurityRefusals.FORBIDDEN, "Forbidden",
                SecurityRefusals.forbiddenDetail(request));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> handleUnexpected(Exception e) {
        Throwable unavailable = databaseUnavailable(e);
        if (unavailable != null) {
            log.warn("Database unavailable: {}", unavailable.toString());
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS))
                    .body(problemBody(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.UNAVAILABLE,
                            "Service unavailable", "The database cannot be reached right now; retry after "
                                    + RETRY_AFTER_SECONDS + " s"));
        }
        String reference = UUID.randomUUID().toString();
        log.error("Unexpected error, reference {}", reference, e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, ProblemTypes.INTERNAL_ERROR, "Internal error",
                "The request could not be completed. Reference: " + reference);
    }

    /**
     * The cause that says the database cannot be reached (no connection, or a transaction that could not begin), or
     * null: a lost database is a 503 a client can retry, not a bug.
     */
    static Throwable databaseUnavailable(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof DataAccessResourceFailureException
                    || cause instanceof CannotCreateTransactionException
                    || cause instanceof SQLTransientConnectionException
                    || cause instanceof SQLNonTransientConnectionException
                    || (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P")))) {
                return cause;
            }
            // A query that lost its connection, whose rollback then failed too: Spring reports the rollback's failure
            // and keeps the query's own exception beside it.
            if (cause instanceof TransactionSystemException failedRollback
                    && failedRollback.getApplicationException() != null) {
                Throwable original = databaseUnavailable(failedRollback.getApplicationException());
                if (original != null) {
                    return original;
                }
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        if (NestedExceptionUtils.getMostSpecificCause(e) instanceof RequestBodyLimit.BodyTooLargeException tooLarge) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(problemBody(HttpStatus.CONTENT_TOO_LARGE,
                    RequestBodyLimit.PAYLOAD_TOO_LARGE, "Payload too large", tooLarge.getMessage()));
        }
        if (NestedExceptionUtils.getMostSpecificCause(e) instanceof InvalidValueException invalid) {
            return ResponseEntity.badRequest().body(invalidRequest(invalid).getBody());
        }
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The request body is missing, is not JSON, or does not have the expected shape.");
        body.setType(ProblemTypes.of(ProblemTypes.MALFORMED_REQUEST));
        body.setTitle("Malformed request");
        return handleExceptionInternal(e, body, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers,
                                                          HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail problem && "about:blank".equals(problem.getType().toString())) {
            problem.setType(ProblemTypes.forStatus(statusCode.value()));
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    private static ResponseEntity<ProblemDetail> invalidRequest(InvalidValueException e) {
        return problem(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, "Invalid request", e.getMessage());
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String typeSlug, String title,
                                                         String detail) {
        return ResponseEntity.status(status).body(problemBody(status, typeSlug, title, detail));
    }

    private static ProblemDetail problemBody(HttpStatus status, String typeSlug, String title, String detail) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setType(ProblemTypes.of(typeSlug));
        body.setTitle(title);
        return body;
    }
}
