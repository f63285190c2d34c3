package dev.upgradeledger.executor.runner;

import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.executor.driver.ActionContext.NodeTarget;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.interceptor.TransactionAspectSupport;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The executor's inbox and memory of every (step, attempt), in {@code step_execution}: accepted by the listener, claimed
 * by one instance for a lease, performed, completed with its outcome, reported. Every change a worker makes is
 * conditional on its instance still holding the claim, so an instance that lost its lease (and whose step another one
 * took over) can neither store nor report an outcome. Leases are measured on the database's clock, which all instances
 * share.
 */
@Repository
public class StepExecutions {

    static final String OPEN = "('PENDING', 'RUNNING', 'COMPLETED')";

    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();
    /** Steps whose outcome Kafka acknowledged, not yet marked {@code REPORTED} (see {@link #reported}). */
    private final LinkedBlockingQueue<Mark> reported = new LinkedBlockingQueue<>();

    StepExecutions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Stores a started step, claimed by {@code instance} for {@code lease} (or as EXPIRED, unclaimed, when
     * {@code lease} is null). A row written by the synchronous executor (without what a worker needs) is filled in and
     * claimed; a completed one of those is to be reported again.
     *
     * @return the row's status if {@code instance} now holds it; empty if the step was there already (a redelivery)
     */
    Optional<String> accept(StepRequest step, String driver, String status, String instance, Duration lease) {
        return jdbc.sql("""
                        insert into step_execution (idempotency_key, report_to, cluster_id, upgrade_id, step_id, attempt,
                            action, node_id, driver, parameters, deadline, manager_epoch, correlation_id, status,
                            accepted_at, claimed_by, lease_until, traceparent)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, clock_timestamp(), ?,
                            now() + ?::bigint * interval '1 millisecond', ?)
                        on conflict (idempotency_key) do update set
                            report_to = excluded.report_to, parameters = excluded.parameters,
                            deadline = excluded.deadline, manager_epoch = excluded.manager_epoch,
                            correlation_id = excluded.correlation_id, claimed_by = excluded.claimed_by,
                            lease_until = excluded.lease_until, traceparent = excluded.traceparent,
                            status = case step_execution.status when 'REPORTED' then 'COMPLETED'
                                else step_execution.status end
                        where step_execution.report_to is null
                        returning status""")
                .params(step.idempotencyKey(), step.reportTo(), step.clusterId(), step.upgradeId(), step.stepId(),
                        step.attempt(), step.action().name(), step.nodeId(), driver,
                        json.writeValueAsString(step.parameters()), Timestamp.from(step.deadline()),
                        step.managerEpoch(), step.correlationId(), status, lease == null ? null : instance,
                        lease == null ? null : lease.toMillis(), step.traceparent())
                .query(String.class).optional();
    }

    /** The step as {@code instance} holds it, if it still does and the step is not done. */
    Optional<Claimed> claimed(String key, String instance) {
        return jdbc.sql("select * from step_execution where idempotency_key = ? and claimed_by = ? and status in " + OPEN)
                .params(key, instance)
                .query(this::claimed).optional();
    }

    enum Start { STARTED, NODE_BUSY, LOST }

    /**
     * Marks the step RUNNING for {@code instance} (one more call of the driver), unless another step on the same node
     * is running under a live lease (a rollback step waits for a forward step still acting on its node): then the step
     * is released to be claimed again shortly.
     */
    @Transactional
    Start start(Claimed step, String instance, Duration lease, Duration retryDelay) {
        if (step.request().nodeId() != null) {
            if (nodeBusy(step.request(), step.key())) {
                release(step.key(), instance, retryDelay);
                return Start.NODE_BUSY;
            }
        }
        int updated = jdbc.sql("""
                        update step_execution set status = 'RUNNING', started_at = clock_timestamp(), finished_at = null,
                            performs = performs + 1, lease_until = now() + ?::bigint * interval '1 millisecond'
                        where idempotency_key = ? and claimed_by = ? and status in ('PENDING', 'RUNNING')""")
                .params(lease.toMillis(), step.key(), instance).update();
        return updated == 1 ? Start.STARTED : Start.LOST;
    }

    /**
     * The common case of {@link #claimed} and {@link #start} in one transaction and one round trip for the row: marks the
     * step RUNNING for {@code instance} (one more call of the driver) if it holds it, it is PENDING or RUNNING and its
     * deadline (on the database's clock) has not passed, and answers it with its node as the node directory knows it.
     * Then, for a step on a node, the node's lock is taken and the node checked as {@link #start} does; if another step
     * runs there under a live lease, all of it is rolled back and the answer says {@code NODE_BUSY} (the caller
     * releases the step). Two steps of one node that begin at once cannot both start: each takes the node's lock after
     * its own row is marked and counts the others after it holds the lock, so the second to get it sees the first's
     * committed RUNNING row.
     *
     * @return empty when the step is not PENDING or RUNNING under this claim or its deadline passed: the caller looks
     *         at it with {@link #claimed} (to report a completed step again, expire it, or find it lost)
     */
    @Transactional
    Optional<Begun> begin(String key, String instance, Duration lease) {
        Optional<Begun> begun = jdbc.sql("""
                        with started as (
                            update step_execution set status = 'RUNNING', started_at = clock_timestamp(),
                                finished_at = null, performs = performs + 1,
                                lease_until = now() + ?::bigint * interval '1 millisecond'
                            where idempotency_key = ? and claimed_by = ? and status in ('PENDING', 'RUNNING')
                                and deadline > now()
                            returning *)
                        select s.*, n.node_id as known_node_id, n.address as node_address, n.node_group as node_group,
                            n.version as node_version
                        from started s left join cluster_node n on n.cluster_id = s.cluster_id and n.node_id = s.node_id""")
                .params(lease.toMillis(), key, instance)
                .query((rs, row) -> new Begun(claimed(rs, row), rs.getString("known_node_id") == null ? null
                        : new NodeTarget(rs.getString("known_node_id"), rs.getString("node_address"),
                        rs.getString("node_group"), rs.getString("node_version")), Start.STARTED))
                .optional();
        if (begun.isEmpty() || begun.get().step().request().nodeId() == null) {
            return begun;
        }
        if (!nodeBusy(begun.get().step().request(), key)) {
            return begun;
        }
        TransactionAspectSupport.currentTransactionStatus().setRollbackOnly();
        return Optional.of(new Begun(begun.get().step(), null, Start.NODE_BUSY));
    }

    /**
     * Within the caller's transaction: takes the step's node lock (held until the commit) and tells whether another step
     * on that node is running under a live lease.
     */
    private boolean nodeBusy(StepRequest request, String key) {
        jdbc.sql("select pg_advisory_xact_lock(hashtext(?))").param(request.clusterId() + "/" + request.nodeId())
                .query((rs, row) -> 1).list();
        return jdbc.sql("""
                        select count(*) from step_execution where cluster_id = ? and node_id = ?
                        and status = 'RUNNING' and idempotency_key <> ? and lease_until > now()""")
                .params(request.clusterId(), request.nodeId(), key)
                .query(Integer.class).single() > 0;
    }

    /**
     * What {@link #begin} found: the step (RUNNING, unless {@code start} is {@code NODE_BUSY}: then nothing changed), and
     * its node as the node directory knows it (null for a step on no node, or a node the directory does not know).
     */
    record Begun(Claimed step, NodeTarget node, Start start) {
    }

    /** @return false if {@code instance} no longer holds the step (another instance took it over) */
    boolean completed(String key, String instance, String outcome) {
        return jdbc.sql("""
                        update step_execution set status = 'COMPLETED', outcome = ?, finished_at = clock_timestamp()
                        where idempotency_key = ? and claimed_by = ? and status = 'RUNNING'""")
                .params(outcome, key, instance).update() == 1;
    }

    /**
     * Notes that the outcome of a completed step {@code instance} holds was acknowledged by Kafka; the step is marked
     * {@code REPORTED} by the next {@link #sweep} (every {@code sweep-interval}, 1 s), together with every other step
     * noted meanwhile, in the transaction the sweeper opens anyway: the mark has no commit of its own.
     * Until then the row stays {@code COMPLETED} under its lease; if the mark is never written (a crash, a database
     * failure), the lease runs out and the sweeper of some instance reports the stored outcome again, which
     * command-api answers {@code DUPLICATE} by its command id: a lost mark costs one repeated report, never a repeated
     * action.
     */
    void reported(String key, String instance) {
        reported.add(new Mark(key, instance));
    }

    /**
     * The sweeper's transaction: marks {@code REPORTED} every step noted by {@link #reported} since the last sweep (one
     * statement; a step another instance took over meanwhile is left alone), then {@link #claimDue claims} at most
     * {@code limit} open steps nobody holds. If the transaction rolls back, the marks are kept for the next sweep.
     */
    @Transactional
    List<Takeover> sweep(String instance, Duration lease, int limit) {
        List<Mark> marks = new ArrayList<>();
        reported.drainTo(marks);
        if (!marks.isEmpty()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    if (status != STATUS_COMMITTED) {
                        reported.addAll(marks);
                    }
                }
            });
            Map<String, List<String>> byInstance = new LinkedHashMap<>();
            marks.forEach(mark -> byInstance.computeIfAbsent(mark.instance(), i -> new ArrayList<>()).add(mark.key()));
            byInstance.forEach((holder, keys) -> jdbc.sql("""
                            update step_execution set status = 'REPORTED', reported_at = clock_timestamp(),
                                lease_until = null
                            where idempotency_key = any(?) and claimed_by = ? and status = 'COMPLETED'""")
                    .params(keys.toArray(String[]::new), holder).update());
        }
        return limit > 0 ? claimDue(instance, lease, limit) : List.of();
    }

    private record Mark(String key, String instance) {
    }

    boolean expired(String key, String instance) {
        return jdbc.sql("""
                        update step_execution set status = 'EXPIRED', lease_until = null
                        where idempotency_key = ? and claimed_by = ? and status in ('PENDING', 'RUNNING')""")
                .params(key, instance).update() == 1;
    }

    /** Gives the step up: any instance's sweeper may claim it once {@code after} has passed. */
    void release(String key, String instance, Duration after) {
        jdbc.sql("""
                        update step_execution set claimed_by = null,
                            lease_until = now() + ?::bigint * interval '1 millisecond'
                        where idempotency_key = ? and claimed_by = ? and status in %s""".formatted(OPEN))
                .params(after.toMillis(), key, instance).update();
    }

    /** Extends the leases of the steps {@code instance} holds; @return the keys it still holds. */
    List<String> renew(Collection<String> keys, String instance, Duration lease) {
        if (keys.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        update step_execution set lease_until = now() + ?::bigint * interval '1 millisecond'
                        where claimed_by = ? and idempotency_key = any(?) and status in %s
                        returning idempotency_key""".formatted(OPEN))
                .params(lease.toMillis(), instance, keys.toArray(String[]::new))
                .query(String.class).list();
    }

    /**
     * Claims, oldest first, at most {@code limit} open steps nobody holds: their lease ran out (the instance died, or
     * could not report) or they were released. Rows locked by another sweeper are skipped.
     */
    @Transactional
    List<Takeover> claimDue(String instance, Duration lease, int limit) {
        return jdbc.sql("""
                        with due as (
                            select idempotency_key, claimed_by from step_execution
                            where status in %s and lease_until <= now() and report_to is not null
                            order by accepted_at limit ? for update skip locked)
                        update step_execution s set claimed_by = ?,
                            lease_until = now() + ?::bigint * interval '1 millisecond'
                        from due where s.idempotency_key = due.idempotency_key
                        returning s.idempotency_key, due.claimed_by as previous, s.status""".formatted(OPEN))
                .params(limit, instance, lease.toMillis())
                .query((rs, row) -> new Takeover(rs.getString("idempotency_key"), rs.getString("previous"),
                        rs.getString("status")))
                .list();
    }

    public List<Execution> of(String clusterId) {
        return jdbc.sql("""
                        select idempotency_key, cluster_id, upgrade_id, step_id, attempt, action, node_id, driver, status,
                            outcome, accepted_at, started_at, finished_at, reported_at, performs, claimed_by
                        from step_execution where cluster_id = ? order by accepted_at, idempotency_key""")
                .param(clusterId)
                .query(Execution.class)
                .list();
    }

    private Claimed claimed(ResultSet rs, int row) throws SQLException {
        String parameters = rs.getString("parameters");
        StepRequest request = new StepRequest(rs.getString("report_to"), rs.getString("cluster_id"),
                rs.getString("upgrade_id"), rs.getString("step_id"), rs.getInt("attempt"),
                StepAction.valueOf(rs.getString("action")), rs.getString("node_id"),
                parameters == null ? Map.of() : json.readValue(parameters, new TypeReference<Map<String, String>>() { }),
                rs.getTimestamp("deadline").toInstant(), rs.getLong("manager_epoch"), rs.getString("correlation_id"),
                rs.getString("traceparent"));
        return new Claimed(rs.getString("idempotency_key"), request, rs.getString("driver"), rs.getString("status"),
                rs.getString("outcome"));
    }

    /** A step an instance holds: what to perform, with which driver, how far it got, and the stored outcome if any. */
    record Claimed(String key, StepRequest request, String driver, String status, String outcome) {
    }

    /** A step the sweeper claimed, and who held it before (null: released, not held by a dead instance). */
    record Takeover(String key, String previous, String status) {
    }

    /**
     * One (step, attempt) as the executor handled it; {@code outcome} is the outcome as JSON. {@code startedAt} and
     * {@code finishedAt} span the last call of the driver; {@code performs} counts the calls (more than one after a
     * takeover; the driver de-duplicates them by key); {@code claimedBy} is the instance that holds or held it.
     */
    public record Execution(String idempotencyKey, String clusterId, String upgradeId, String stepId, int attempt,
                            String action, String nodeId, String driver, String status, String outcome,
                            Instant acceptedAt, Instant startedAt, Instant finishedAt, Instant reportedAt, int performs,
                            String claimedBy) {
    }
}
