package dev.upgradeledger.projection.upgradeprogress;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.projection.clusterstatus.ClusterNotFoundException;
import dev.upgradeledger.projection.upgradeprogress.StepProgress.StepError;
import dev.upgradeledger.projection.upgradeprogress.UpgradeProgress.Plan;
import dev.upgradeledger.projection.upgradeprogress.UpgradeProgress.Stage;
import dev.upgradeledger.projection.upgradeprogress.UpgradeSummary.Counts;
import dev.upgradeledger.projection.upgradeprogress.UpgradeSummary.Current;
import dev.upgradeledger.projection.upgradeprogress.UpgradeSummary.Durations;
import dev.upgradeledger.projection.upgradeprogress.UpgradeSummary.Failure;
import dev.upgradeledger.projection.upgradeprogress.UpgradeSummary.NodeCounts;
import dev.upgradeledger.projection.upgradeprogress.UpgradeSummary.Settings;
import dev.upgradeledger.projection.upgradeprogress.UpgradeSummary.StepCounts;
import dev.upgradeledger.projection.upgradeprogress.UpgradeSummary.Timestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
@Transactional(readOnly = true)
public class UpgradeProgressQueries {

    private final JdbcClient jdbc;

    UpgradeProgressQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The upgrade with that id, with its plans and stages and one page of its steps. Upgrade ids are chosen per
     * cluster: when several clusters have one, {@code clusterId} (null for any) must say which.
     */
    public UpgradeProgress upgrade(UpgradeId upgradeId, ClusterId clusterId, StepPage page) {
        List<UpgradeSummary> found = jdbc.sql("select * from upgrade_progress where upgrade_id = ?"
                        + " and (cast(? as varchar) is null or cluster_id = ?) order by cluster_id")
                .params(upgradeId.value(), value(clusterId), value(clusterId))
                .query(UpgradeProgressQueries::summary).list();
        if (found.isEmpty()) {
            throw new UpgradeNotFoundException("No upgrade " + upgradeId
                    + (clusterId == null ? "" : " of cluster " + clusterId) + " is known to the projection");
        }
        if (found.size() > 1) {
            throw new UpgradeAmbiguousException(upgradeId.value(),
                    found.stream().map(UpgradeSummary::clusterId).toList());
        }
        UpgradeSummary summary = found.get(0);
        return plans(summary, page);
    }

    /** A page of the cluster's upgrades, newest first; {@code next} is the {@code after} of the next page. */
    public UpgradePage upgrades(ClusterId clusterId, UpgradeFilter filter) {
        boolean known = jdbc.sql("select count(*) from projection_cursor where cluster_id = ?")
                .param(clusterId.value()).query(Integer.class).single() > 0;
        if (!known) {
            throw new ClusterNotFoundException(clusterId);
        }
        String status = filter.status() == null ? null : filter.status().name();
        List<UpgradeSummary> rows = jdbc.sql("""
                        select * from upgrade_progress where cluster_id = ?
                            and (cast(? as varchar) is null or status = ?)
                            and (cast(? as bigint) is null or request_sequence < ?)
                        order by request_sequence desc limit ?""")
                .params(clusterId.value(), status, status, filter.before(), filter.before(), filter.limit() + 1)
                .query(UpgradeProgressQueries::summary).list();
        boolean more = rows.size() > filter.limit();
        List<UpgradeSummary> page = more ? rows.subList(0, filter.limit()) : rows;
        return new UpgradePage(clusterId.value(), List.copyOf(page),
                more ? String.valueOf(page.get(page.size() - 1).requestSequence()) : null);
    }

    /** The plans and their stages whole (with their step counts), and the page's steps in each stage. */
    private UpgradeProgress plans(UpgradeSummary summary, StepPage page) {
        String clusterId = summary.clusterId();
        String upgradeId = summary.upgradeId();
        StepPage.Position after = page.after() == null ? new StepPage.Position(-1, -1, -1) : page.after();
        List<StepRow> rows = jdbc.sql("""
                        select * from upgrade_step where cluster_id = ? and upgrade_id = ?
                            and (plan_no, stage_index, step_index) > (?, ?, ?)
                        order by plan_no, stage_index, step_index limit ?""")
                .params(clusterId, upgradeId, after.plan(), after.stage(), after.step(), page.limit() + 1)
                .query(UpgradeProgressQueries::step).list();
        boolean more = rows.size() > page.limit();
        List<StepRow> onPage = more ? rows.subList(0, page.limit()) : rows;
        Map<List<Integer>, List<StepProgress>> byStage = new LinkedHashMap<>();
        onPage.forEach(row -> byStage.computeIfAbsent(List.of(row.step().plan(), row.step().stage()),
                key -> new ArrayList<>()).add(row.step()));
        Map<Integer, List<Stage>> stages = new LinkedHashMap<>();
        jdbc.sql("""
                        select plan_no, stage_index, stage_description, batch, batch_count, count(*) as step_count,
                               count(*) filter (where status in ('SUCCEEDED', 'SKIPPED', 'CANCELLED')) as steps_done
                        from upgrade_step where cluster_id = ? and upgrade_id = ?
                        group by plan_no, stage_index, stage_description, batch, batch_count
                        order by plan_no, stage_index""")
                .params(clusterId, upgradeId)
                .query((rs, row) -> {
                    int plan = rs.getInt("plan_no");
                    int index = rs.getInt("stage_index");
                    return Map.entry(plan, new Stage(index, rs.getString("stage_description"), integer(rs, "batch"),
                            integer(rs, "batch_count"), rs.getInt("step_count"), rs.getInt("steps_done"),
                            List.copyOf(byStage.getOrDefault(List.of(plan, index), List.of()))));
                }).list()
                .forEach(stage -> stages.computeIfAbsent(stage.getKey(), plan -> new ArrayList<>())
                        .add(stage.getValue()));
        List<Plan> plans = jdbc.sql("select * from upgrade_plan where cluster_id = ? and upgrade_id = ? order by plan_no")
                .params(clusterId, upgradeId)
                .query((rs, row) -> new Plan(rs.getInt("plan_no"), rs.getString("kind"),
                        rs.getString("from_version"), rs.getString("to_version"), rs.getString("to_schema_version"),
                        rs.getString("reason"), instant(rs, "planned_at"),
                        List.copyOf(stages.getOrDefault(rs.getInt("plan_no"), List.of())), rs.getLong("last_sequence"),
                        rs.getLong("last_position")))
                .list();
        StepRow last = more ? onPage.get(onPage.size() - 1) : null;
        return new UpgradeProgress(summary, plans, last == null ? null
                : new StepPage.Position(last.step().plan(), last.step().stage(), last.stepIndex()).cursor());
    }

    /** A step as stored: its view, and its index in its stage. */
    private record StepRow(StepProgress step, int stepIndex) {
    }

    private static StepRow step(ResultSet rs, int row) throws SQLException {
        int errorAttempt = rs.getInt("last_error_attempt");
        StepError error = rs.wasNull() ? null : new StepError(errorAttempt, rs.getString("last_error_code"),
                rs.getString("last_error_message"), instant(rs, "last_error_at"));
        StepProgress step = new StepProgress(rs.getString("step_id"), rs.getInt("plan_no"), rs.getInt("stage_index"),
                integer(rs, "batch"), rs.getString("action"), rs.getString("node_id"),
                rs.getString("target_cluster_id"), StepStatus.valueOf(rs.getString("status")),
                rs.getBoolean("node_quarantined"), rs.getInt("attempts"),
                instant(rs, "started_at"), instant(rs, "attempt_started_at"), instant(rs, "deadline"),
                instant(rs, "finished_at"), longOrNull(rs, "duration_ms"), error, rs.getLong("last_sequence"),
                rs.getLong("last_position"));
        return new StepRow(step, rs.getInt("step_index"));
    }

    static UpgradeSummary summary(ResultSet rs, int row) throws SQLException {
        Timestamps timestamps = new Timestamps(instant(rs, "requested_at"), instant(rs, "started_at"),
                instant(rs, "paused_at"), instant(rs, "resumed_at"), instant(rs, "rollback_started_at"),
                instant(rs, "completed_at"), instant(rs, "failed_at"), instant(rs, "aborted_at"),
                instant(rs, "finalized_at"));
        Instant ended = first(timestamps.completedAt(), timestamps.abortedAt(), timestamps.failedAt());
        long pausedMs = rs.getLong("paused_ms");
        Long totalMs = ended == null ? null : Duration.between(timestamps.requestedAt(), ended).toMillis();
        String failedStep = rs.getString("last_failure_step_id");
        Failure failure = failedStep == null ? null : new Failure(failedStep, rs.getString("last_failure_node_id"),
                rs.getString("last_failure_action"), integer(rs, "last_failure_attempt"),
                rs.getString("last_failure_code"), rs.getString("last_failure_message"),
                (Boolean) rs.getObject("last_failure_will_retry"), instant(rs, "last_failure_at"));
        return new UpgradeSummary(rs.getString("cluster_id"), rs.getString("upgrade_id"),
                rs.getLong("request_sequence"), rs.getString("strategy"),
                rs.getString("from_version"), rs.getString("target_version"), rs.getString("target_schema_version"),
                rs.getString("target_cluster_id"), UpgradeStatus.valueOf(rs.getString("status")),
                rs.getString("status_reason"), rs.getString("rejected_rule"), rs.getString("requested_by"),
                rs.getString("correlation_id"),
                new Settings(integer(rs, "max_attempts"), rs.getString("step_timeout"),
                        rs.getString("failure_policy"), integer(rs, "max_failed_percent")),
                timestamps,
                new Current(rs.getInt("current_plan"), rs.getInt("hops_remaining"), integer(rs, "current_stage"),
                        rs.getString("current_stage_description"), integer(rs, "current_batch"),
                        integer(rs, "batch_count")),
                new Counts(new StepCounts(rs.getInt("steps_total"), rs.getInt("steps_pending"),
                        rs.getInt("steps_running"), rs.getInt("steps_retrying"), rs.getInt("steps_succeeded"),
                        rs.getInt("steps_failed"), rs.getInt("steps_timed_out"), rs.getInt("steps_skipped"),
                        rs.getInt("steps_cancelled")), rs.getInt("attempts"), rs.getInt("failures"),
                        new NodeCounts(rs.getInt("nodes_total"), rs.getInt("nodes_upgraded"),
                                rs.getInt("nodes_quarantined"))),
                failure,
                new Durations(totalMs, pausedMs, totalMs == null ? null : totalMs - pausedMs),
                rs.getLong("last_sequence"), rs.getLong("last_position"), instant(rs, "updated_at"));
    }

    private static Instant first(Instant... instants) {
        for (Instant instant : instants) {
            if (instant != null) {
                return instant;
            }
        }
        return null;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static Integer integer(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    private static Long longOrNull(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static String value(ClusterId clusterId) {
        return clusterId == null ? null : clusterId.value();
    }

    /** @param next the {@code after} value for the next page, null on the last page */
    public record UpgradePage(String clusterId, List<UpgradeSummary> upgrades, String next) {
    }
}
