package dev.upgradeledger.support.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLTransientConnectionException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

class LedgerProblemHandlerTest {

    private final LedgerProblemHandler handler = new LedgerProblemHandler(null);

    @Test
    void aLostDatabaseIsA503WithRetryAfterNotABug() {
        ResponseEntity<ProblemDetail> noConnection = handler.handleUnexpected(new IllegalStateException("wrapped",
                new CannotGetJdbcConnectionException("no connection", new SQLTransientConnectionException("timeout"))));
        ResponseEntity<ProblemDetail> noTransaction = handler.handleUnexpected(
                new CannotCreateTransactionException("could not open JDBC connection"));

        for (ResponseEntity<ProblemDetail> answer : List.of(noConnection, noTransaction)) {
            assertThat(answer.getStatusCode().value()).isEqualTo(503);
            assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
            assertThat(answer.getBody().getType().toString())
                    .isEqualTo("urn:upgrade-ledger:problem:service-unavailable");
        }
    }

    @Test
    void aQueryThatLostItsConnectionAndThenItsRollbackIsA503() {
        TransactionSystemException rollbackFailed = new TransactionSystemException("JDBC rollback failed",
                new java.sql.SQLException("This connection has been closed."));
        rollbackFailed.initApplicationException(new DataAccessResourceFailureException(
                "terminating connection due to administrator command"));

        ResponseEntity<ProblemDetail> answer = handler.handleUnexpected(rollbackFailed);

        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
    }

    @Test
    void anythingElseUnexpectedIsA500WithAReference() {
        ResponseEntity<ProblemDetail> answer = handler.handleUnexpected(new IllegalStateException("bug"));

        assertThat(answer.getStatusCode().value()).isEqualTo(500);
        assertThat(answer.getBody().getDetail()).contains("Reference").doesNotContain("bug");
    }
}
