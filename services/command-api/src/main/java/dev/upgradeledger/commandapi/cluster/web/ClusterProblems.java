package dev.upgradeledger.commandapi.cluster.web;

import dev.upgradeledger.commandapi.cluster.ClusterRefusal;
import dev.upgradeledger.support.web.ProblemTypes;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The cluster's refusals as problem details: 409 with the rule as the type, 404 for an unknown cluster. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ClusterProblems {

    @ExceptionHandler(ClusterRefusal.class)
    ResponseEntity<ProblemDetail> refused(ClusterRefusal refusal) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, refusal.getMessage());
        problem.setType(ProblemTypes.of(refusal.rule()));
        problem.setTitle("Refused by the cluster");
        problem.setProperty("rule", refusal.rule());
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
}
