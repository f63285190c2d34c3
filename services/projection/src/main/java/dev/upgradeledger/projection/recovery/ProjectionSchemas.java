package dev.upgradeledger.projection.recovery;

import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates, drops and swaps the projection's schemas with the application's own Flyway migrations. The live schema is
 * the one Flyway migrates at start-up ({@code spring.flyway.default-schema}); the datasource finds it by name (its
 * {@code search_path}), so renaming another schema to that name makes its tables the live ones.
 */
@Component
public class ProjectionSchemas {

    private final Flyway flyway;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    ProjectionSchemas(Flyway flyway, JdbcClient jdbc, TransactionTemplate transactions) {
        this.flyway = flyway;
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** The name of the live schema. */
    public String live() {
        return flyway.getConfiguration().getDefaultSchema();
    }

    /**
     * Drops {@code schema} with everything in it, and migrates it anew up to {@code targetVersion} (null: the latest).
     */
    public void recreate(String schema, @Nullable String targetVersion) {
        drop(schema);
        migrate(schema, targetVersion);
    }

    /** Applies the migrations {@code schema} lacks, up to {@code targetVersion} (null: the latest). */
    public void migrate(String schema, @Nullable String targetVersion) {
        var configuration = Flyway.configure().configuration(flyway.getConfiguration())
                .schemas(schema).defaultSchema(schema).createSchemas(true);
        if (targetVersion != null) {
            configuration.target(targetVersion);
        }
        configuration.load().migrate();
    }

    public void drop(String schema) {
        jdbc.sql("drop schema if exists " + Sql.identifier(schema) + " cascade").update();
    }

    /**
     * Makes {@code replacement} the live schema in one transaction: the live one is renamed to {@code previous}
     * (dropped first if it exists), the replacement to the live name. Queries running on the old tables finish on
     * them; the next ones read the new tables.
     */
    public void swap(String replacement, String previous) {
        transactions.executeWithoutResult(status -> {
            drop(previous);
            jdbc.sql("alter schema " + Sql.identifier(live()) + " rename to " + Sql.identifier(previous)).update();
            jdbc.sql("alter schema " + Sql.identifier(replacement) + " rename to " + Sql.identifier(live())).update();
        });
    }
}
