package dev.upgradeledger.projection.upgradeprogress;

import dev.upgradeledger.projection.BatchUpsert;
import dev.upgradeledger.projection.BatchUpsert.Column;
import dev.upgradeledger.projection.model.PlanRow;
import dev.upgradeledger.projection.model.StepRow;
import dev.upgradeledger.projection.model.UpgradeRow;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads and writes the upgrade-progress tables for a batch of events; every value comes from the events. */
@Repository
class UpgradeProgressRepository {

    private static final String UNFINISHED = "s.status not in ('SUCCEEDED', 'SKIPPED', 'CANCELLED')"
            + " and not s.node_quarantined";

    private static final BatchUpsert UPGRADES = BatchUpsert.of("upgrade_progress", List.of("cluster_id", "upgrade_id"),
            List.of(text("cluster_id"), text("upgrade_id"), new Column("request_sequence", Types.BIGINT),
                    text("strategy"), text("from_version"), text("target_version"), text("target_schema_version"),
                    text("target_cluster_id"), integer("max_attempts"), text("step_timeout"), text("failure_policy"),
                    integer("max_failed_percent"), text("status"), text("status_reason"), text("rejected_rule"),
                    bool("rolling_back"), text("requested_by"), text("correlation_id"), time("requested_at"),
                    time("started_at"), time("paused_at"), time("resumed_at"), time("rollback_started_at"),
                    time("completed_at"), time("failed_at"), time("aborted_at"), time("finalized_at"),
                    new Column("paused_ms", Types.BIGINT), integer("current_plan"), integer("hops_remaining"),
                    integer("current_stage"), text("current_stage_description"), integer("current_batch"),
                    integer("batch_count"), integer("steps_total"), integer("steps_pending"),
                    integer("steps_running"), integer("steps_retrying"), integer("steps_succeeded"),
                    integer("steps_failed"), integer("steps_timed_out"), integer("steps_skipped"),
                    integer("steps_cancelled"), integer("attempts"), integer("failures"), integer("nodes_total"),
                    integer("nodes_upgraded"), integer("nodes_quarantined"), text("last_failure_step_id"),
                    text("last_failure_node_id"), text("last_failure_action"), integer("last_failure_attempt"),
                    text("last_failure_code"), text("last_failure_message"), bool("last_failure_will_retry"),
                    time("last_failure_at"), time("updated_at"), new Column("last_sequence", Types.BIGINT),
                    new Column("last_position", Types.BIGINT), bool("approval_pending")));
    private static final BatchUpsert PLANS = BatchUpsert.of("upgrade_plan",
            List.of("cluster_id", "upgrade_id", "plan_no"),
            List.of(text("cluster_id"), text("upgrade_id"), integer("plan_no"), text("kind"), text("from_version"),
                    text("to_version"), text("to_schema_version"), text("reason"), time("planned_at"),
                    new Column("last_sequence", Types.BIGINT), new Column("last_position", Types.BIGINT)));
    private static final BatchUpsert STEPS = BatchUpsert.of("upgrade_step",
            List.of("cluster_id", "upgrade_id", "plan_no", "step_id"),
            List.of(text("cluster_id"), text("upgrade_id"), integer("plan_no"), text("step_id"),
                    integer("stage_index"), integer("step_index"), text("stage_description"), integer("batch"),
                    integer("batch_count"), text("action"), text("node_id"), text("target_cluster_id"),
                    text("status"), bool("node_quarantined"), integer("attempts"), time("started_at"),
                    time("attempt_started_at"), time("deadline"), time("finished_at"),
                    new Column("duration_ms", Types.BIGINT), integer("last_error_attempt"), text("last_error_code"),
                    text("last_error_message"), time("last_error_at"), new Column("last_sequence", Types.BIGINT),
                    new Column("last_position", Types.BIGINT)));

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    UpgradeProgressRepository(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /** An upgrade of one cluster. */
    record Key(String clusterId, String upgradeId) {

        static Key of(UpgradeRow row) {
            return new Key(row.clusterId, row.upgradeId);
        }
    }

    /** What a batch needs: the upgrades it names, and of their current plans the steps it can change. */
    static final class Wanted {

        final Set<Key> upgrades = new LinkedHashSet<>();
        /** (cluster, upgrade, step): steps the events name. */
        final List<String[]> steps = new ArrayList<>();
        /** (cluster, upgrade, node): nodes quarantined, all their steps. */
        final List<String[]> nodes = new ArrayList<>();
        /** Upgrades that end or roll back: their steps not settled. */
        final Set<Key> unsettled = new LinkedHashSet<>();
    }

    List<UpgradeRow> upgrades(Collection<Key> keys) {
        return jdbc.sql("""
                        select u.* from upgrade_progress u
                            join unnest(?::varchar[], ?::varchar[]) k(c, id) on u.cluster_id = k.c and u.upgrade_id = k.id""")
                .params(keys.stream().map(Key::clusterId).toArray(String[]::new),
                        keys.stream().map(Key::upgradeId).toArray(String[]::new))
                .query((rs, row) -> upgrade(rs))
                .list();
    }

    /**
     * The steps of the upgrades' current plans the batch can change: those named, all steps of the nodes quarantined
     * and of the nodes of named steps that move their node (whether a node counts as upgraded depends on them), and
     * the steps not settled of upgrades that end. {@code upgrades}: the batch's upgrades as stored (their current
     * plan); an upgrade without a row has no steps yet.
     *
     * <p>Each step is looked up by its whole key (cluster, upgrade, plan, step or node), the plan number taken from the
     * upgrade's row here rather than joined in SQL: with the join, PostgreSQL looked a named step up by cluster,
     * upgrade and step only and filtered the plan afterwards, reading all of a plan's steps in the index for every
     * step named (3.3 ms a step in a 40,000-step plan, 1.6 s for a batch of 500).
     */
    List<StepRow> steps(Wanted wanted, Map<Key, UpgradeRow> upgrades) {
        List<StepRow> steps = new ArrayList<>();
        List<Object[]> named = withPlan(wanted.steps, upgrades);
        if (!named.isEmpty()) {
            steps.addAll(jdbc.sql("""
                            select s.* from upgrade_step s
                                join unnest(?::varchar[], ?::varchar[], ?::integer[], ?::varchar[]) k(c, id, plan, step)
                                    on s.cluster_id = k.c and s.upgrade_id = k.id and s.plan_no = k.plan
                                        and s.step_id = k.step""")
                    .params(values(named, 0), values(named, 1), plans(named), values(named, 3))
                    .query((rs, row) -> step(rs))
                    .list());
        }
        List<Object[]> ending = withPlan(wanted.unsettled.stream()
                .map(key -> new String[] {key.clusterId(), key.upgradeId()}).toList(), upgrades);
        if (!ending.isEmpty()) {
            steps.addAll(jdbc.sql("""
                            select s.* from upgrade_step s
                                join unnest(?::varchar[], ?::varchar[], ?::integer[]) k(c, id, plan)
                                    on s.cluster_id = k.c and s.upgrade_id = k.id and s.plan_no = k.plan
                                where s.status in ('PENDING', 'RUNNING', 'RETRYING')""")
                    .params(values(ending, 0), values(ending, 1), plans(ending))
                    .query((rs, row) -> step(rs))
                    .list());
        }
        List<String[]> nodes = new ArrayList<>(wanted.nodes);
        steps.stream().filter(step -> step.movesItsNode() && step.nodeId != null)
                .forEach(step -> nodes.add(new String[] {step.clusterId, step.upgradeId, step.nodeId}));
        List<Object[]> ofNodes = withPlan(nodes, upgrades);
        if (!ofNodes.isEmpty()) {
            steps.addAll(jdbc.sql("""
                            select s.* from upgrade_step s
                                join unnest(?::varchar[], ?::varchar[], ?::integer[], ?::varchar[]) k(c, id, plan, node)
                                    on s.cluster_id = k.c and s.upgrade_id = k.id and s.plan_no = k.plan
                                        and s.node_id = k.node""")
                    .params(values(ofNodes, 0), values(ofNodes, 1), plans(ofNodes), values(ofNodes, 3))
                    .query((rs, row) -> step(rs))
                    .list());
        }
        return steps;
    }

    /**
     * (cluster, upgrade[, rest]) keys with the upgrade's current plan put third: (cluster, upgrade, plan[, rest]);
     * keys of upgrades without a row are left out.
     */
    private static List<Object[]> withPlan(List<String[]> keys, Map<Key, UpgradeRow> upgrades) {
        List<Object[]> planned = new ArrayList<>(keys.size());
        for (String[] key : keys) {
            UpgradeRow upgrade = upgrades.get(new Key(key[0], key[1]));
            if (upgrade != null) {
                planned.add(key.length > 2 ? new Object[] {key[0], key[1], upgrade.currentPlan, key[2]}
                        : new Object[] {key[0], key[1], upgrade.currentPlan});
            }
        }
        return planned;
    }

    private static String[] values(List<Object[]> keys, int index) {
        return keys.stream().map(key -> (String) key[index]).toArray(String[]::new);
    }

    private static Integer[] plans(List<Object[]> keys) {
        return keys.stream().map(key -> (Integer) key[2]).toArray(Integer[]::new);
    }

    /**
     * Writes what a batch changed: the rows of upgrades requested afresh go first, then the upgrades, plans and steps
     * changed; last, the current stage of each upgrade changed (its first stage with a step not finished).
     */
    void write(Collection<Key> opened, List<UpgradeRow> upgrades, List<PlanRow> plans, Collection<StepRow> steps) {
        if (!opened.isEmpty()) {
            String[] clusterIds = opened.stream().map(Key::clusterId).toArray(String[]::new);
            String[] upgradeIds = opened.stream().map(Key::upgradeId).toArray(String[]::new);
            for (String table : List.of("upgrade_step", "upgrade_plan", "upgrade_progress")) {
                jdbc.sql("delete from " + table + " t using unnest(?::varchar[], ?::varchar[]) k(c, id)"
                                + " where t.cluster_id = k.c and t.upgrade_id = k.id")
                        .params(clusterIds, upgradeIds).update();
            }
        }
        List<Object[]> rows = BatchUpsert.rows();
        upgrades.forEach(u -> rows.add(new Object[] {u.clusterId, u.upgradeId, u.requestSequence, u.strategy,
                u.fromVersion, u.targetVersion, u.targetSchemaVersion, u.targetClusterId, u.maxAttempts, u.stepTimeout,
                u.failurePolicy, u.maxFailedPercent, u.status, u.statusReason, u.rejectedRule, u.rollingBack,
                u.requestedBy, u.correlationId, ts(u.requestedAt), ts(u.startedAt), ts(u.pausedAt), ts(u.resumedAt),
                ts(u.rollbackStartedAt), ts(u.completedAt), ts(u.failedAt), ts(u.abortedAt), ts(u.finalizedAt),
                u.pausedMs, u.currentPlan, u.hopsRemaining, u.currentStage, u.currentStageDescription, u.currentBatch,
                u.batchCount, u.stepsTotal, u.stepsPending, u.stepsRunning, u.stepsRetrying, u.stepsSucceeded,
                u.stepsFailed, u.stepsTimedOut, u.stepsSkipped, u.stepsCancelled, u.attempts, u.failures,
                u.nodesTotal, u.nodesUpgraded, u.nodesQuarantined, u.lastFailureStepId, u.lastFailureNodeId,
                u.lastFailureAction, u.lastFailureAttempt, u.lastFailureCode, u.lastFailureMessage,
                u.lastFailureWillRetry, ts(u.lastFailureAt), ts(u.updatedAt), u.lastSequence, u.lastPosition,
                u.approvalPending}));
        UPGRADES.write(batch, rows);
        List<Object[]> planRows = BatchUpsert.rows();
        plans.forEach(p -> planRows.add(new Object[] {p.clusterId, p.upgradeId, p.planNo, p.kind, p.fromVersion,
                p.toVersion, p.toSchemaVersion, p.reason, ts(p.plannedAt), p.lastSequence, p.lastPosition}));
        PLANS.write(batch, planRows);
        List<Object[]> stepRows = BatchUpsert.rows();
        steps.forEach(s -> stepRows.add(new Object[] {s.clusterId, s.upgradeId, s.planNo, s.stepId, s.stageIndex,
                s.stepIndex, s.stageDescription, s.batch, s.batchCount, s.action, s.nodeId, s.targetClusterId,
                s.status, s.nodeQuarantined, s.attempts, ts(s.startedAt), ts(s.attemptStartedAt), ts(s.deadline),
                ts(s.finishedAt), s.durationMs, s.lastErrorAttempt, s.lastErrorCode, s.lastErrorMessage,
                ts(s.lastErrorAt), s.lastSequence, s.lastPosition}));
        STEPS.write(batch, stepRows);
        if (!upgrades.isEmpty()) {
            jdbc.sql(("""
                            update upgrade_progress u set
                                (current_stage, current_stage_description, current_batch, batch_count) = (select
                                    s.stage_index, s.stage_description, s.batch, s.batch_count
                                    from upgrade_step s where s.cluster_id = u.cluster_id
                                        and s.upgrade_id = u.upgrade_id and s.plan_no = u.current_plan and %s
                                    order by s.stage_index limit 1)
                            from unnest(?::varchar[], ?::varchar[]) k(c, id)
                            where u.cluster_id = k.c and u.upgrade_id = k.id""").formatted(UNFINISHED))
                    .params(upgrades.stream().map(u -> u.clusterId).toArray(String[]::new),
                            upgrades.stream().map(u -> u.upgradeId).toArray(String[]::new))
                    .update();
        }
    }

    private static UpgradeRow upgrade(ResultSet rs) throws SQLException {
        UpgradeRow u = new UpgradeRow();
        u.clusterId = rs.getString("cluster_id");
        u.upgradeId = rs.getString("upgrade_id");
        u.requestSequence = rs.getLong("request_sequence");
        u.strategy = rs.getString("strategy");
        u.fromVersion = rs.getString("from_version");
        u.targetVersion = rs.getString("target_version");
        u.targetSchemaVersion = rs.getString("target_schema_version");
        u.targetClusterId = rs.getString("target_cluster_id");
        u.maxAttempts = rs.getObject("max_attempts", Integer.class);
        u.stepTimeout = rs.getString("step_timeout");
        u.failurePolicy = rs.getString("failure_policy");
        u.maxFailedPercent = rs.getObject("max_failed_percent", Integer.class);
        u.status = rs.getString("status");
        u.statusReason = rs.getString("status_reason");
        u.rejectedRule = rs.getString("rejected_rule");
        u.rollingBack = rs.getBoolean("rolling_back");
        u.approvalPending = rs.getBoolean("approval_pending");
        u.requestedBy = rs.getString("requested_by");
        u.correlationId = rs.getString("correlation_id");
        u.requestedAt = instant(rs, "requested_at");
        u.startedAt = instant(rs, "started_at");
        u.pausedAt = instant(rs, "paused_at");
        u.resumedAt = instant(rs, "resumed_at");
        u.rollbackStartedAt = instant(rs, "rollback_started_at");
        u.completedAt = instant(rs, "completed_at");
        u.failedAt = instant(rs, "failed_at");
        u.abortedAt = instant(rs, "aborted_at");
        u.finalizedAt = instant(rs, "finalized_at");
        u.pausedMs = rs.getLong("paused_ms");
        u.currentPlan = rs.getInt("current_plan");
        u.hopsRemaining = rs.getInt("hops_remaining");
        u.currentStage = rs.getObject("current_stage", Integer.class);
        u.currentStageDescription = rs.getString("current_stage_description");
        u.currentBatch = rs.getObject("current_batch", Integer.class);
        u.batchCount = rs.getObject("batch_count", Integer.class);
        u.stepsTotal = rs.getInt("steps_total");
        u.stepsPending = rs.getInt("steps_pending");
        u.stepsRunning = rs.getInt("steps_running");
        u.stepsRetrying = rs.getInt("steps_retrying");
        u.stepsSucceeded = rs.getInt("steps_succeeded");
        u.stepsFailed = rs.getInt("steps_failed");
        u.stepsTimedOut = rs.getInt("steps_timed_out");
        u.stepsSkipped = rs.getInt("steps_skipped");
        u.stepsCancelled = rs.getInt("steps_cancelled");
        u.attempts = rs.getInt("attempts");
        u.failures = rs.getInt("failures");
        u.nodesTotal = rs.getInt("nodes_total");
        u.nodesUpgraded = rs.getInt("nodes_upgraded");
        u.nodesQuarantined = rs.getInt("nodes_quarantined");
        u.lastFailureStepId = rs.getString("last_failure_step_id");
        u.lastFailureNodeId = rs.getString("last_failure_node_id");
        u.lastFailureAction = rs.getString("last_failure_action");
        u.lastFailureAttempt = rs.getObject("last_failure_attempt", Integer.class);
        u.lastFailureCode = rs.getString("last_failure_code");
        u.lastFailureMessage = rs.getString("last_failure_message");
        u.lastFailureWillRetry = rs.getObject("last_failure_will_retry", Boolean.class);
        u.lastFailureAt = instant(rs, "last_failure_at");
        u.updatedAt = instant(rs, "updated_at");
        u.lastSequence = rs.getLong("last_sequence");
        u.lastPosition = rs.getLong("last_position");
        return u;
    }

    private static StepRow step(ResultSet rs) throws SQLException {
        StepRow s = new StepRow();
        s.clusterId = rs.getString("cluster_id");
        s.upgradeId = rs.getString("upgrade_id");
        s.planNo = rs.getInt("plan_no");
        s.stepId = rs.getString("step_id");
        s.stageIndex = rs.getInt("stage_index");
        s.stepIndex = rs.getInt("step_index");
        s.stageDescription = rs.getString("stage_description");
        s.batch = rs.getObject("batch", Integer.class);
        s.batchCount = rs.getObject("batch_count", Integer.class);
        s.action = rs.getString("action");
        s.nodeId = rs.getString("node_id");
        s.targetClusterId = rs.getString("target_cluster_id");
        s.status = rs.getString("status");
        s.nodeQuarantined = rs.getBoolean("node_quarantined");
        s.attempts = rs.getInt("attempts");
        s.startedAt = instant(rs, "started_at");
        s.attemptStartedAt = instant(rs, "attempt_started_at");
        s.deadline = instant(rs, "deadline");
        s.finishedAt = instant(rs, "finished_at");
        s.durationMs = rs.getObject("duration_ms", Long.class);
        s.lastErrorAttempt = rs.getObject("last_error_attempt", Integer.class);
        s.lastErrorCode = rs.getString("last_error_code");
        s.lastErrorMessage = rs.getString("last_error_message");
        s.lastErrorAt = instant(rs, "last_error_at");
        s.lastSequence = rs.getLong("last_sequence");
        s.lastPosition = rs.getLong("last_position");
        return s;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Column text(String name) {
        return new Column(name, Types.VARCHAR);
    }

    private static Column integer(String name) {
        return new Column(name, Types.INTEGER);
    }

    private static Column bool(String name) {
        return new Column(name, Types.BOOLEAN);
    }

    private static Column time(String name) {
        return new Column(name, Types.TIMESTAMP);
    }
}
