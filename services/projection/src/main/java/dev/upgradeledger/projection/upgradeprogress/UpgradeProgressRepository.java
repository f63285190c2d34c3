package dev.upgradeledger.projection.upgradeprogress;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.FailurePolicy;
import dev.upgradeledger.events.PlannedStage;
import dev.upgradeledger.events.PlannedStep;
import dev.upgradeledger.events.RollbackStarted;
import dev.upgradeledger.events.StepStarted;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.events.UpgradePlan;
import dev.upgradeledger.events.UpgradePlanned;
import dev.upgradeledger.events.UpgradeRejected;
import dev.upgradeledger.events.UpgradeRequested;
import dev.upgradeledger.events.Version;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Writes the upgrade-progress tables; every value comes from the event and its envelope. */
@Repository
class UpgradeProgressRepository {

    /** Milliseconds from a column to the event's time (the first parameter). */
    private static final String MILLIS_SINCE = "cast(round(extract(epoch from (cast(? as timestamptz) - %s)) * 1000)"
            + " as bigint)";
    private static final String UNSETTLED = "('PENDING', 'RUNNING', 'RETRYING')";

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    UpgradeProgressRepository(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /** An upgrade of one cluster. */
    record Key(String clusterId, String upgradeId) {

        static Key of(ClusterId clusterId, UpgradeId upgradeId) {
            return new Key(clusterId.value(), upgradeId.value());
        }
    }

    /** A refused request gets a row unless the id already names an upgrade of the cluster, which it leaves alone. */
    void rejected(UpgradeRejected event, EventEnvelope envelope) {
        jdbc.sql("""
                        insert into upgrade_progress (cluster_id, upgrade_id, request_sequence, from_version,
                            target_version, status, status_reason, rejected_rule, requested_by, correlation_id,
                            requested_at, updated_at, last_sequence, last_position)
                        values (?, ?, ?, ?, ?, 'REJECTED', ?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict (cluster_id, upgrade_id) do nothing""")
                .params(event.clusterId().value(), event.upgradeId().value(), envelope.sequence(),
                        event.fromVersion().value(), event.targetVersion().value(), event.reason(), event.rule(),
                        envelope.actor(), envelope.correlationId(), at(envelope), at(envelope), envelope.sequence(),
                        envelope.position())
                .update();
    }

    void requested(UpgradeRequested event, EventEnvelope envelope) {
        Key key = Key.of(event.clusterId(), event.upgradeId());
        for (String table : List.of("upgrade_step", "upgrade_plan", "upgrade_progress")) {
            jdbc.sql("delete from " + table + " where cluster_id = ? and upgrade_id = ?")
                    .params(key.clusterId(), key.upgradeId()).update();
        }
        FailurePolicy policy = event.failurePolicy();
        jdbc.sql("""
                        insert into upgrade_progress (cluster_id, upgrade_id, request_sequence, strategy, from_version,
                            target_version, target_schema_version, target_cluster_id, max_attempts, step_timeout,
                            failure_policy, max_failed_percent, status, requested_by, correlation_id, requested_at,
                            updated_at, last_sequence, last_position)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'REQUESTED', ?, ?, ?, ?, ?, ?)""")
                .params(key.clusterId(), key.upgradeId(), envelope.sequence(), event.strategy().name(),
                        event.fromVersion().value(), event.targetVersion().value(),
                        value(event.targetSchemaVersion()),
                        event.targetClusterId() == null ? null : event.targetClusterId().value(),
                        event.maxAttempts(), event.stepTimeout() == null ? null : event.stepTimeout().toString(),
                        policy == null ? null : policy.mode().name(), policy == null ? null : policy.maxFailedPercent(),
                        envelope.actor(), envelope.correlationId(), at(envelope), at(envelope), envelope.sequence(),
                        envelope.position())
                .update();
    }

    void planned(Key key, UpgradePlanned event, EventEnvelope envelope) {
        Optional<Integer> plan = jdbc.sql("""
                        update upgrade_progress set current_plan = current_plan + 1, hops_remaining = ?,
                            status = 'RUNNING' where cluster_id = ? and upgrade_id = ? returning current_plan""")
                .params(event.remainingHops().size(), key.clusterId(), key.upgradeId())
                .query(Integer.class).optional();
        plan.ifPresent(number -> addPlan(key, number, "HOP", event.fromVersion(), event.toVersion(),
                event.toSchemaVersion(), null, event.plan(), envelope));
    }

    /** The plan is replaced by the rollback plan: what the old one had not finished is cancelled. */
    void rollbackStarted(Key key, RollbackStarted event, EventEnvelope envelope) {
        cancelUnsettled(key, envelope);
        Optional<Integer> plan = jdbc.sql(("""
                        update upgrade_progress set current_plan = current_plan + 1, hops_remaining = 0,
                            status = 'ROLLING_BACK', rolling_back = true, status_reason = ?, rollback_started_at = ?,
                            paused_ms = paused_ms + case when status = 'PAUSED' then coalesce(%s, 0) else 0 end
                        where cluster_id = ? and upgrade_id = ? returning current_plan""")
                        .formatted(MILLIS_SINCE.formatted("paused_at")))
                .params(event.reason(), at(envelope), at(envelope), key.clusterId(), key.upgradeId())
                .query(Integer.class).optional();
        plan.ifPresent(number -> addPlan(key, number, "ROLLBACK", null, null, null, event.reason(), event.plan(),
                envelope));
    }

    private void addPlan(Key key, int number, String kind, Version from, Version to, Version toSchema, String reason,
                         UpgradePlan plan, EventEnvelope envelope) {
        jdbc.sql("""
                        insert into upgrade_plan (cluster_id, upgrade_id, plan_no, kind, from_version, to_version,
                            to_schema_version, reason, planned_at, last_sequence, last_position)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(key.clusterId(), key.upgradeId(), number, kind, value(from), value(to), value(toSchema),
                        reason, at(envelope), envelope.sequence(), envelope.position())
                .update();
        List<Object[]> rows = new ArrayList<>();
        for (PlannedStage stage : plan.stages()) {
            Optional<StageBatch> stageBatch = StageBatch.of(stage.description());
            for (int index = 0; index < stage.steps().size(); index++) {
                PlannedStep step = stage.steps().get(index);
                rows.add(new Object[] {key.clusterId(), key.upgradeId(), number, step.stepId(), stage.index(), index,
                        stage.description(), stageBatch.map(StageBatch::number).orElse(null),
                        stageBatch.map(StageBatch::of).orElse(null), step.action().name(),
                        step.nodeId() == null ? null : step.nodeId().value(), step.clusterId().value(),
                        envelope.sequence(), envelope.position()});
            }
        }
        batch.batchUpdate("""
                insert into upgrade_step (cluster_id, upgrade_id, plan_no, step_id, stage_index, step_index,
                    stage_description, batch, batch_count, action, node_id, target_cluster_id, status, last_sequence,
                    last_position)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?)""", rows);
    }

    void stepStarted(Key key, StepStarted event, EventEnvelope envelope) {
        int changed = jdbc.sql(currentStep("""
                        update upgrade_step s set status = 'RUNNING', attempts = ?,
                            started_at = coalesce(s.started_at, ?), attempt_started_at = ?, deadline = ?,
                            finished_at = null, duration_ms = null, last_sequence = ?, last_position = ?"""))
                .params(event.attempt(), at(envelope), at(envelope),
                        event.deadline() == null ? null : Timestamp.from(event.deadline()), envelope.sequence(),
                        envelope.position(), key.clusterId(), key.upgradeId(), event.stepId())
                .update();
        if (changed > 0) {
            jdbc.sql("update upgrade_progress set started_at = coalesce(started_at, ?) where cluster_id = ?"
                            + " and upgrade_id = ?")
                    .params(at(envelope), key.clusterId(), key.upgradeId()).update();
        }
    }

    /** An attempt failed or timed out; {@code status} says whether another attempt follows. */
    void stepFailed(Key key, String stepId, int attempt, String code, String message, StepStatus status,
                    EventEnvelope envelope) {
        boolean forGood = status != StepStatus.RETRYING;
        jdbc.sql(currentStep(("""
                        update upgrade_step s set status = ?, last_error_attempt = ?, last_error_code = ?,
                            last_error_message = ?, last_error_at = ?,
                            finished_at = case when ? then cast(? as timestamptz) end,
                            duration_ms = case when ? then %s end, last_sequence = ?, last_position = ?""")
                        .formatted(MILLIS_SINCE.formatted("s.started_at"))))
                .params(status.name(), attempt, code, message, at(envelope), forGood, at(envelope), forGood,
                        at(envelope), envelope.sequence(), envelope.position(), key.clusterId(), key.upgradeId(),
                        stepId)
                .update();
        jdbc.sql("""
                        update upgrade_progress u set failures = failures + 1, last_failure_step_id = ?,
                            (last_failure_node_id, last_failure_action) = (select s.node_id, s.action
                                from upgrade_step s where s.cluster_id = u.cluster_id and s.upgrade_id = u.upgrade_id
                                and s.plan_no = u.current_plan and s.step_id = ?),
                            last_failure_attempt = ?, last_failure_code = ?, last_failure_message = ?,
                            last_failure_will_retry = ?, last_failure_at = ?
                        where cluster_id = ? and upgrade_id = ?""")
                .params(stepId, stepId, attempt, code, message, !forGood, at(envelope), key.clusterId(),
                        key.upgradeId())
                .update();
    }

    Optional<Instant> deadline(Key key, String stepId) {
        return jdbc.sql("""
                        select s.deadline from upgrade_step s join upgrade_progress u on s.cluster_id = u.cluster_id
                            and s.upgrade_id = u.upgrade_id and s.plan_no = u.current_plan
                        where u.cluster_id = ? and u.upgrade_id = ? and s.step_id = ?""")
                .params(key.clusterId(), key.upgradeId(), stepId)
                .query((rs, row) -> rs.getTimestamp(1) == null ? null : rs.getTimestamp(1).toInstant())
                .optional();
    }

    void stepSucceeded(Key key, String stepId, EventEnvelope envelope) {
        jdbc.sql(currentStep(("""
                        update upgrade_step s set status = 'SUCCEEDED', finished_at = ?, duration_ms = %s,
                            last_sequence = ?, last_position = ?""").formatted(MILLIS_SINCE.formatted("s.started_at"))))
                .params(at(envelope), at(envelope), envelope.sequence(), envelope.position(), key.clusterId(),
                        key.upgradeId(), stepId)
                .update();
    }

    /**
     * The node is set aside: its steps of the current plan that have not started are skipped, and its failed one no
     * longer holds up its stage (the upgrade goes on without the node).
     */
    void quarantined(Key key, String nodeId, EventEnvelope envelope) {
        jdbc.sql("""
                        update upgrade_step s set node_quarantined = true, last_sequence = ?, last_position = ?,
                            status = case when s.status = 'PENDING' then 'SKIPPED' else s.status end
                        from upgrade_progress u
                        where u.cluster_id = ? and u.upgrade_id = ? and s.cluster_id = u.cluster_id
                            and s.upgrade_id = u.upgrade_id and s.plan_no = u.current_plan and s.node_id = ?
                            and s.status <> 'SUCCEEDED'""")
                .params(envelope.sequence(), envelope.position(), key.clusterId(), key.upgradeId(), nodeId)
                .update();
        jdbc.sql("update upgrade_progress set nodes_quarantined = nodes_quarantined + 1 where cluster_id = ?"
                        + " and upgrade_id = ?")
                .params(key.clusterId(), key.upgradeId()).update();
    }

    void paused(Key key, String reason, EventEnvelope envelope) {
        jdbc.sql("""
                        update upgrade_progress set status = 'PAUSED', status_reason = ?, paused_at = ?
                        where cluster_id = ? and upgrade_id = ? and status in ('RUNNING', 'ROLLING_BACK', 'PAUSED')""")
                .params(reason, at(envelope), key.clusterId(), key.upgradeId()).update();
    }

    void resumed(Key key, EventEnvelope envelope) {
        jdbc.sql(("""
                        update upgrade_progress set resumed_at = ?, status_reason = null,
                            status = case when rolling_back then 'ROLLING_BACK' else 'RUNNING' end,
                            paused_ms = paused_ms + coalesce(%s, 0)
                        where cluster_id = ? and upgrade_id = ? and status = 'PAUSED'""")
                        .formatted(MILLIS_SINCE.formatted("paused_at")))
                .params(at(envelope), at(envelope), key.clusterId(), key.upgradeId()).update();
    }

    /** The upgrade ended (completed, rolled back, aborted, failed): what had not finished is cancelled. */
    void ended(Key key, UpgradeStatus status, String timeColumn, String reason, EventEnvelope envelope) {
        cancelUnsettled(key, envelope);
        jdbc.sql(("""
                        update upgrade_progress set status = ?, %s = ?, status_reason = coalesce(?, status_reason),
                            paused_ms = paused_ms + case when status = 'PAUSED' then coalesce(%s, 0) else 0 end
                        where cluster_id = ? and upgrade_id = ?""")
                        .formatted(timeColumn, MILLIS_SINCE.formatted("paused_at")))
                .params(status.name(), at(envelope), reason, at(envelope), key.clusterId(), key.upgradeId())
                .update();
    }

    void finalized(Key key, EventEnvelope envelope) {
        jdbc.sql("update upgrade_progress set status = 'FINALIZED', finalized_at = ? where cluster_id = ?"
                        + " and upgrade_id = ?")
                .params(at(envelope), key.clusterId(), key.upgradeId()).update();
    }

    private void cancelUnsettled(Key key, EventEnvelope envelope) {
        jdbc.sql("""
                        update upgrade_step s set status = 'CANCELLED', last_sequence = ?, last_position = ?
                        from upgrade_progress u
                        where u.cluster_id = ? and u.upgrade_id = ? and s.cluster_id = u.cluster_id
                            and s.upgrade_id = u.upgrade_id and s.plan_no = u.current_plan
                            and s.status in""" + " " + UNSETTLED)
                .params(envelope.sequence(), envelope.position(), key.clusterId(), key.upgradeId())
                .update();
    }

    /**
     * Recomputes the upgrade's counts and current stage from its steps, and moves the row to the event: it now
     * includes it.
     */
    void refresh(Key key, EventEnvelope envelope) {
        jdbc.sql("""
                        update upgrade_progress u set
                            (steps_total, steps_pending, steps_running, steps_retrying, steps_succeeded, steps_failed,
                             steps_timed_out, steps_skipped, steps_cancelled, attempts) = (select count(*),
                                count(*) filter (where s.status = 'PENDING'),
                                count(*) filter (where s.status = 'RUNNING'),
                                count(*) filter (where s.status = 'RETRYING'),
                                count(*) filter (where s.status = 'SUCCEEDED'),
                                count(*) filter (where s.status = 'FAILED'),
                                count(*) filter (where s.status = 'TIMED_OUT'),
                                count(*) filter (where s.status = 'SKIPPED'),
                                count(*) filter (where s.status = 'CANCELLED'),
                                coalesce(sum(s.attempts), 0)
                                from upgrade_step s where s.cluster_id = u.cluster_id and s.upgrade_id = u.upgrade_id),
                            (nodes_total, nodes_upgraded) = (select count(distinct s.node_id),
                                count(distinct s.node_id) filter (where s.status = 'SUCCEEDED')
                                from upgrade_step s where s.cluster_id = u.cluster_id and s.upgrade_id = u.upgrade_id
                                and s.plan_no = u.current_plan and s.action in ('UPGRADE_NODE', 'ROLL_BACK_NODE')),
                            (current_stage, current_stage_description, current_batch, batch_count) = (select
                                s.stage_index, s.stage_description, s.batch, s.batch_count
                                from upgrade_step s where s.cluster_id = u.cluster_id and s.upgrade_id = u.upgrade_id
                                and s.plan_no = u.current_plan
                                and s.status not in ('SUCCEEDED', 'SKIPPED', 'CANCELLED') and not s.node_quarantined
                                order by s.stage_index limit 1),
                            last_sequence = ?, last_position = ?, updated_at = ?
                        where u.cluster_id = ? and u.upgrade_id = ?""")
                .params(envelope.sequence(), envelope.position(), at(envelope), key.clusterId(), key.upgradeId())
                .update();
    }

    /** An update of {@code upgrade_step s} restricted to one step of the upgrade's current plan. */
    private static String currentStep(String update) {
        return update + """

                from upgrade_progress u
                where u.cluster_id = ? and u.upgrade_id = ? and s.cluster_id = u.cluster_id
                    and s.upgrade_id = u.upgrade_id and s.plan_no = u.current_plan and s.step_id = ?""";
    }

    private static Timestamp at(EventEnvelope envelope) {
        return Timestamp.from(envelope.timestamp());
    }

    private static String value(Version version) {
        return version == null ? null : version.value();
    }
}
