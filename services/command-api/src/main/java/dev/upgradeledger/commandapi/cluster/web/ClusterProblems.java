package dev.upgradeledger.commandapi.cluster.web;

import dev.upgradeledger.commandapi.cluster.ClusterRefusal;
import dev.upgradeledger.support.web.ProblemTypes;
import dev.upgradeledger.commandapi.publishing.EventTooLargeException;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.http.HttpHeaders;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The cluster's refusals as problem details: 409 with the rule as the type, {@code rule} and, where one exists,
 * {@code wayOut} (what to do instead), 404 for an unknown cluster, 409
 * {@code concurrent-modification} (with {@code Retry-After}) for a command that kept losing the race on its cluster.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ClusterProblems {

    @ExceptionHandler(ClusterRefusal.class)
    ResponseEntity<ProblemDetail> refused(ClusterRefusal refusal) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, refusal.getMessage());
        problem.setType(ProblemTypes.of(refusal.rule()));
        problem.setTitle("Refused by the cluster");
        problem.setProperty("rule", refusal.rule());
        if (refusal.wayOut() != null) {
            problem.setProperty("wayOut", refusal.wayOut());
        }
        return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<ProblemDetail> unknownCluster(AggregateNotFoundException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "No cluster " + e.getAggregateIdentifier() + " is registered");
        problem.setType(ProblemTypes.of("cluster-not-found"));
        problem.setTitle("Cluster not found");
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
    }

    /** Marks the request, so that a transaction around it (see IdempotencyFilter) is rolled back and run again. */
    public static final String CONFLICTED = ClusterProblems.class.getName() + ".conflicted";

    @ExceptionHandler(ConcurrencyException.class)
    ResponseEntity<ProblemDetail> conflicted(ConcurrencyException e, HttpServletRequest request) {
        request.setAttribute(CONFLICTED, Boolean.TRUE);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "The cluster was changed by another command at the same time; send the command again");
        problem.setType(ProblemTypes.of("concurrent-modification"));
        problem.setTitle("Concurrent modification");
        return ResponseEntity.status(HttpStatus.CONFLICT).header(HttpHeaders.RETRY_AFTER, "1").body(problem);
    }

    @ExceptionHandler(EventTooLargeException.class)
    ResponseEntity<ProblemDetail> tooLarge(EventTooLargeException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
        problem.setType(ProblemTypes.of("event-too-large"));
        problem.setTitle("Event too large to publish");
        problem.setProperty("eventType", e.eventType());
        problem.setProperty("size", e.size());
        problem.setProperty("limit", e.limit());
        return ResponseEntity.unprocessableContent().body(problem);
    }
}
