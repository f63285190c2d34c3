package dev.upgradeledger.executor.runner;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The executor's memory of every (step, attempt): started, then completed with the outcome it reported. */
@Repository
public class StepExecutions {

    private final JdbcClient jdbc;

    StepExecutions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<String> completedOutcome(String key) {
        return jdbc.sql("select outcome from step_execution where idempotency_key = ? and status = 'COMPLETED'")
                .param(key).query(String.class).optional();
    }

    void started(String key, StepRequest step, String driver) {
        jdbc.sql("""
                        insert into step_execution (idempotency_key, cluster_id, upgrade_id, step_id, attempt, action,
                            node_id, driver, status, started_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, 'STARTED', ?)
                        on conflict (idempotency_key) do update set started_at = excluded.started_at""")
                .params(key, step.clusterId(), step.upgradeId(), step.stepId(), step.attempt(), step.action().name(),
                        step.nodeId(), driver, Timestamp.from(Instant.now()))
                .update();
    }

    void completed(String key, String outcome) {
        jdbc.sql("update step_execution set status = 'COMPLETED', outcome = ?, finished_at = ? where idempotency_key = ?")
                .params(outcome, Timestamp.from(Instant.now()), key)
                .update();
    }

    public List<Execution> of(String clusterId) {
        return jdbc.sql("""
                        select idempotency_key, cluster_id, upgrade_id, step_id, attempt, action, node_id, driver, status,
                            outcome, started_at, finished_at
                        from step_execution where cluster_id = ? order by started_at, idempotency_key""")
                .param(clusterId)
                .query(Execution.class)
                .list();
    }

    /** One (step, attempt) as the executor performed it; {@code outcome} is the reported outcome as JSON. */
    public record Execution(String idempotencyKey, String clusterId, String upgradeId, String stepId, int attempt,
                            String action, String nodeId, String driver, String status, String outcome,
                            Instant startedAt, Instant finishedAt) {
    }
}
