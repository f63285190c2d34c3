package dev.upgradeledger.commandapi;

import java.sql.SQLException;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;

/**
 * Tells Axon that an append failed on a unique key, by PostgreSQL's SQLState {@code 23505} anywhere in the cause
 * chain (the driver reports it inside a {@code BatchUpdateException}, where Axon's error-code resolver does not look).
 * Axon then raises {@code AggregateStreamCreationException} for a reused cluster id and {@code ConcurrencyException}
 * for two concurrent changes of one cluster, instead of a generic storage error.
 */
class PostgresDuplicateKeyResolver implements PersistenceExceptionResolver {

    private static final String UNIQUE_VIOLATION = "23505";

    @Override
    public boolean isDuplicateKeyViolation(Exception exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && hasUniqueViolation(sql)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasUniqueViolation(SQLException exception) {
        for (SQLException next = exception; next != null; next = next.getNextException()) {
            if (UNIQUE_VIOLATION.equals(next.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
