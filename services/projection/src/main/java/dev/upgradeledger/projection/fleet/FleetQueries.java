package dev.upgradeledger.projection.fleet;

import dev.upgradeledger.domain.fleet.WavePlan;
import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.projection.fleet.FleetViews.Approval;
import dev.upgradeledger.projection.fleet.FleetViews.Budget;
import dev.upgradeledger.projection.fleet.FleetViews.Check;
import dev.upgradeledger.projection.fleet.FleetViews.Cluster;
import dev.upgradeledger.projection.fleet.FleetViews.ClusterCounts;
import dev.upgradeledger.projection.fleet.FleetViews.ClusterFailure;
import dev.upgradeledger.projection.fleet.FleetViews.ClusterUpgrade;
import dev.upgradeledger.projection.fleet.FleetViews.Diagnosis;
import dev.upgradeledger.projection.fleet.FleetViews.Failure;
import dev.upgradeledger.projection.fleet.FleetViews.Halt;
import dev.upgradeledger.projection.fleet.FleetViews.Page;
import dev.upgradeledger.projection.fleet.FleetViews.Skipped;
import dev.upgradeledger.projection.fleet.FleetViews.StepFailure;
import dev.upgradeledger.projection.fleet.FleetViews.Summary;
import dev.upgradeledger.projection.fleet.FleetViews.Wave;
import dev.upgradeledger.support.security.LedgerAccess;
import dev.upgradeledger.support.security.Role;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;

/** Reads the fleet read models, joined with each cluster's own upgrade (upgrade id = fleet id) and status. */
@Component
public class FleetQueries {

    private static final String FLEET_COLUMNS = """
            f.fleet_id, f.product, f.target_version, f.status, f.current_wave, f.wave_count, f.cluster_count,
            f.skipped_count, f.failure_budget, f.allowed_failures, f.max_concurrent, f.upgrade_settings::text,
            f.gates::text, f.halt_cause, f.halt_wave, f.halt_detail, f.halt_failed::text, f.halted_at, f.resumed_at,
            f.abort_reason, f.succeeded, f.started_by, f.correlation_id, f.started_at, f.ended_at, f.updated_at,
            f.last_sequence,
            (select count(*) filter (where c.state = 'PENDING') from fleet_cluster c where c.fleet_id = f.fleet_id),
            (select count(*) filter (where c.state = 'RUNNING') from fleet_cluster c where c.fleet_id = f.fleet_id),
            (select count(*) filter (where c.state = 'SUCCEEDED') from fleet_cluster c where c.fleet_id = f.fleet_id),
            (select count(*) filter (where c.state = 'PAUSED') from fleet_cluster c where c.fleet_id = f.fleet_id),
            (select count(*) filter (where c.state = 'FAILED') from fleet_cluster c where c.fleet_id = f.fleet_id),
            (select count(*) filter (where c.counted) from fleet_cluster c where c.fleet_id = f.fleet_id),
            f.estimated_cluster_time_ms""";

    private final JdbcClient jdbc;
    private final LedgerAccess access;

    FleetQueries(JdbcClient jdbc, LedgerAccess access) {
        this.jdbc = jdbc;
        this.access = access;
    }

    /** One cluster the fleet took, and its product, for access checks. */
    public record Member(String clusterId, @Nullable String product) {
    }

    /** The clusters the fleet took; 404 {@code fleet-not-found} when the projection has not seen the fleet. */
    /**
     * The fleet's id when {@code actor} may view every cluster it took; 404 {@code fleet-not-found} for an unknown
     * fleet, else 403.
     */
    public UpgradeId viewable(String fleetId, Authentication actor) {
        UpgradeId id = UpgradeId.of(fleetId);
        if (!mayViewAll(actor, members(id))) {
            throw new AccessDeniedException("fleet upgrade " + fleetId + " takes clusters you may not view");
        }
        return id;
    }

    /** Whether {@code actor} may view every one of a fleet's {@code members}. */
    public boolean mayViewAll(Authentication actor, List<Member> members) {
        return access.allowsEverywhere(actor, Role.VIEWER) || members.stream()
                .allMatch(member -> access.allows(actor, Role.VIEWER, member.clusterId(), member.product()));
    }

    public List<Member> members(UpgradeId fleetId) {
        row(fleetId);
        return jdbc.sql("select cluster_id, product from fleet_cluster where fleet_id = ? order by cluster_id")
                .param(fleetId.value()).query((rs, n) -> new Member(rs.getString(1), rs.getString(2))).list();
    }

    /** The whole fleet upgrade: waves, clusters with their upgrades, skipped clusters, budget and halt. */
    @Transactional(readOnly = true)
    public FleetViews.FleetUpgrade fleet(UpgradeId fleetId) {
        FleetRow f = row(fleetId);
        List<Cluster> clusters = clusters(fleetId.value());
        Map<Integer, List<Cluster>> byWave = new LinkedHashMap<>();
        Map<String, Integer> waveOf = new LinkedHashMap<>();
        jdbc.sql("select cluster_id, wave_index from fleet_cluster where fleet_id = ?").param(fleetId.value())
                .query((rs, n) -> waveOf.put(rs.getString(1), rs.getInt(2))).list();
        List<WaveRow> waveRows = jdbc.sql("""
                        select wave_index, canary, started_at, cluster_count, approval_requested_at, approved_by,
                            approval_reason, approved_at, check_requested_at, check_verdict, check_value, check_detail,
                            checked_at
                        from fleet_wave where fleet_id = ? order by wave_index""").param(fleetId.value())
                .query((rs, n) -> new WaveRow(rs.getInt(1), rs.getBoolean(2), instant(rs, 3), rs.getInt(4),
                        rs.getTimestamp(5) == null && rs.getString(6) == null ? null
                                : new Approval(instant(rs, 5), rs.getString(6), rs.getString(7), instant(rs, 8)),
                        rs.getTimestamp(9) == null ? null : new Check(instant(rs, 9), rs.getString(10),
                                (Double) rs.getObject(11), rs.getString(12), instant(rs, 13)))).list();
        FleetViews.Eta eta = null;
        if (f.status == FleetStatus.RUNNING || f.status == FleetStatus.HALTED) {
            FleetEtas.Result estimated = eta(f, clusters, waveOf, waveRows);
            eta = estimated.eta();
            clusters = estimated.clusters();
        }
        clusters.forEach(cluster -> byWave.computeIfAbsent(waveOf.get(cluster.clusterId()), w -> new ArrayList<>())
                .add(cluster));
        List<Wave> waves = waveRows.stream().map(row -> {
            List<Cluster> members = byWave.getOrDefault(row.index(), List.of());
            String status = row.started() == null ? "PENDING" : members.stream().allMatch(cluster ->
                    !cluster.state().equals("PENDING") && !cluster.state().equals("RUNNING")) ? "SETTLED" : "RUNNING";
            return new Wave(row.index(), row.canary(), status, row.started(), row.clusterCount(), members,
                    row.approval(), row.check());
        }).toList();
        List<Skipped> skipped = jdbc.sql("""
                        select cluster_id, current_version, rule, detail, way_out, allowed_path::text
                        from fleet_skipped where fleet_id = ? order by cluster_id""").param(fleetId.value())
                .query((rs, n) -> new Skipped(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), strings(rs.getString(6)))).list();
        List<Failure> counted = clusters.stream().filter(Cluster::countsAgainstBudget)
                .map(cluster -> new Failure(cluster.clusterId(), waveOf.get(cluster.clusterId()), cluster.state(),
                        cluster.reason())).toList();
        return new FleetViews.FleetUpgrade(f.fleetId, f.product, f.targetVersion, f.status, f.currentWave,
                f.waveCount, waitingFor(f.status, waves), f.counts, budget(f, counted), f.halt, f.maxConcurrent, f.gates,
                f.upgrade, f.startedBy, f.correlationId, f.startedAt, f.endedAt, f.abortReason, f.succeeded,
                f.updatedAt, f.lastSequence, waves, skipped, eta);
    }

    /** One row of {@code fleet_wave}, read once for the ETA and the waves' views. */
    private record WaveRow(int index, boolean canary, @Nullable Instant started, int clusterCount,
                           @Nullable Approval approval, @Nullable Check check) {
    }

    /**
     * The fleet's ETA now, with its clusters' expected times. Until a step is measured a cluster takes the plan's
     * estimate recorded with the fleet's start ({@link FleetEtas#DEFAULT_CLUSTER_TIME} for fleets started before it was
     * recorded).
     */
    private static FleetEtas.Result eta(FleetRow f, List<Cluster> clusters, Map<String, Integer> waveOf,
                                        List<WaveRow> rows) {
        Map<Integer, List<ClusterId>> members = new LinkedHashMap<>();
        rows.forEach(row -> members.put(row.index(), new ArrayList<>()));
        clusters.forEach(cluster -> members.computeIfAbsent(waveOf.get(cluster.clusterId()), w -> new ArrayList<>())
                .add(ClusterId.of(cluster.clusterId())));
        Map<Integer, Boolean> canary = new LinkedHashMap<>();
        rows.forEach(row -> canary.put(row.index(), row.canary()));
        List<WavePlan.Wave> waves = members.entrySet().stream().map(wave -> new WavePlan.Wave(wave.getKey(),
                canary.getOrDefault(wave.getKey(), false), wave.getValue())).toList();
        return FleetEtas.estimate(f.status, f.currentWave, f.maxConcurrent, f.gates,
                f.halt == null ? null : f.halt.cause(), waves, clusters, f.estimatedClusterTime, Instant.now());
    }

    /** A page of fleet upgrades by id. */
    public Page list(FleetFilter filter) {
        StringBuilder where = new StringBuilder("true");
        List<Object> params = new ArrayList<>();
        if (filter.product() != null) {
            where.append(" and f.product = ?");
            params.add(filter.product());
        }
        if (filter.status() != null) {
            where.append(" and f.status = ?");
            params.add(filter.status().name());
        }
        if (filter.clusterId() != null) {
            where.append(" and exists (select 1 from fleet_cluster m where m.fleet_id = f.fleet_id"
                    + " and m.cluster_id = ?)");
            params.add(filter.clusterId().value());
        }
        if (filter.after() != null) {
            where.append(" and f.fleet_id > ?");
            params.add(filter.after().value());
        }
        params.add(filter.limit() + 1);
        List<FleetRow> rows = jdbc.sql("select " + FLEET_COLUMNS + " from fleet_upgrade f where " + where
                        + " order by f.fleet_id limit ?").params(params)
                .query((rs, n) -> fleetRow(rs)).list();
        boolean more = rows.size() > filter.limit();
        List<FleetRow> page = more ? rows.subList(0, filter.limit()) : rows;
        return new Page(page.stream().map(f -> new Summary(f.fleetId, f.product, f.targetVersion, f.status,
                f.currentWave, f.waveCount, f.counts, f.skipped, budget(f, null),
                f.halt == null || f.halt.liftedAt() != null ? null : f.halt.cause(), f.startedBy, f.startedAt,
                f.endedAt, f.updatedAt)).toList(), more ? page.get(page.size() - 1).fleetId : null);
    }

    /**
     * Why the fleet stopped: for a halted fleet the clusters and failures counted when it halted, otherwise the
     * failures counted now; each with its own upgrade's last failure.
     */
    @Transactional(readOnly = true)
    public Diagnosis diagnosis(UpgradeId fleetId) {
        FleetViews.FleetUpgrade fleet = fleet(fleetId);
        boolean halted = fleet.status() == FleetStatus.HALTED;
        List<Failure> failures = halted && fleet.halt() != null ? fleet.halt().failed()
                : fleet.failureBudget().failures();
        Map<String, Cluster> clusters = fleet.waves().stream().flatMap(wave -> wave.clusters().stream())
                .collect(Collectors.toMap(Cluster::clusterId, cluster -> cluster));
        List<ClusterFailure> named = failures.stream().map(failure -> new ClusterFailure(failure.clusterId(),
                failure.wave(), failure.outcome(), failure.reason(),
                clusters.containsKey(failure.clusterId()) ? clusters.get(failure.clusterId()).upgrade() : null,
                "/api/v1/upgrades/" + fleetId.value() + "/diagnosis?clusterId=" + failure.clusterId())).toList();
        String names = named.stream().map(failure -> failure.clusterId() + " (" + failure.outcome().toLowerCase()
                + (failure.reason() == null ? "" : ": " + failure.reason()) + ")").collect(Collectors.joining(", "));
        String summary;
        if (halted && fleet.halt() != null) {
            summary = "Fleet upgrade " + fleetId.value() + " halted in wave " + fleet.halt().wave() + " ("
                    + fleet.halt().cause() + "): " + named.size() + " clusters failed or paused, the budget "
                    + fleet.failureBudget().max() + " tolerates " + fleet.failureBudget().allowed()
                    + (named.isEmpty() ? "" : ": " + names) + ". No new cluster starts until it is resumed.";
        } else {
            summary = "Fleet upgrade " + fleetId.value() + " is " + fleet.status().name().toLowerCase() + "; "
                    + named.size() + " of the " + fleet.failureBudget().allowed()
                    + " failures its budget tolerates are counted now" + (named.isEmpty() ? "" : ": " + names) + ".";
        }
        return new Diagnosis(fleetId.value(), fleet.status(), halted, summary, fleet.halt(), fleet.failureBudget(),
                named);
    }

    /** What a fleet waits for: a running one may wait for an approval or a check between its waves. */
    private static String waitingFor(FleetStatus status, List<Wave> waves) {
        if (status == FleetStatus.RUNNING && waves.stream().anyMatch(wave -> wave.approval() != null
                && wave.approval().approvedBy() == null)) {
            return "APPROVAL";
        }
        if (status == FleetStatus.RUNNING && waves.stream().anyMatch(wave -> wave.check() != null
                && wave.check().verdict() == null)) {
            return "CHECK";
        }
        return waitingFor(status);
    }

    private static String waitingFor(FleetStatus status) {
        return switch (status) {
            case HALTED -> "RESUME";
            case ABORTED, COMPLETED, ROLLED_BACK -> "NOTHING";
            case ROLLING_BACK -> "ROLLBACK";
            case RUNNING -> "CLUSTERS";
        };
    }

    private static Budget budget(FleetRow f, @Nullable List<Failure> counted) {
        return new Budget(f.failureBudget, f.allowedFailures, f.counted, f.counted > f.allowedFailures, counted);
    }

    private List<Cluster> clusters(String fleetId) {
        return jdbc.sql("""
                        select fc.cluster_id, fc.product, fc.state, fc.reason, fc.counted, fc.from_version,
                               fc.path::text, fc.maintenance_window::text, fc.started_at, fc.settled_at,
                               p.status, c.version, p.steps_total, p.steps_succeeded, p.last_failure_step_id,
                               p.last_failure_node_id, p.last_failure_action, p.last_failure_attempt,
                               p.last_failure_code, p.last_failure_message, p.last_failure_at,
                               fc.rollback_outcome, fc.rollback_rule, fc.rollback_detail
                        from fleet_cluster fc
                        left join upgrade_progress p on p.cluster_id = fc.cluster_id and p.upgrade_id = fc.fleet_id
                        left join cluster_status c on c.cluster_id = fc.cluster_id
                        where fc.fleet_id = ? order by fc.wave_index, fc.wave_position""").param(fleetId)
                .query((rs, n) -> {
                    ClusterUpgrade upgrade = rs.getString(11) == null ? null : new ClusterUpgrade(rs.getString(11),
                            rs.getString(12), rs.getInt(13), rs.getInt(14), rs.getString(19) == null
                            && rs.getString(15) == null ? null : new StepFailure(rs.getString(15), rs.getString(16),
                            rs.getString(17), (Integer) rs.getObject(18), rs.getString(19), rs.getString(20),
                            instant(rs, 21)));
                    return new Cluster(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getBoolean(5), rs.getString(6), strings(rs.getString(7)), map(rs.getString(8)),
                            instant(rs, 9), instant(rs, 10), upgrade, rs.getString(22) == null ? null
                            : new FleetViews.Rollback(rs.getString(22), rs.getString(23), rs.getString(24)), null, null);
                }).list();
    }

    private FleetRow row(UpgradeId fleetId) {
        return jdbc.sql("select " + FLEET_COLUMNS + " from fleet_upgrade f where f.fleet_id = ?")
                .param(fleetId.value()).query((rs, n) -> fleetRow(rs)).optional()
                .orElseThrow(() -> new FleetNotFoundException(fleetId.value()));
    }

    private record FleetRow(String fleetId, String product, String targetVersion, FleetStatus status,
                            int currentWave, int waveCount, ClusterCounts counts, int skipped, String failureBudget,
                            int allowedFailures, int counted, int maxConcurrent, Map<String, Object> upgrade,
                            Map<String, Object> gates, Halt halt, String abortReason, Integer succeeded,
                            String startedBy, String correlationId, Instant startedAt, Instant endedAt,
                            Instant updatedAt, long lastSequence, Duration estimatedClusterTime) {
    }

    private static FleetRow fleetRow(ResultSet rs) throws SQLException {
        Halt halt = rs.getString(14) == null ? null : new Halt(rs.getString(14), rs.getInt(15), rs.getString(16),
                instant(rs, 18), instant(rs, 19), failures(rs.getString(17)));
        ClusterCounts counts = new ClusterCounts(rs.getInt(7), rs.getInt(28), rs.getInt(29), rs.getInt(30),
                rs.getInt(31), rs.getInt(32));
        return new FleetRow(rs.getString(1), rs.getString(2), rs.getString(3), FleetStatus.valueOf(rs.getString(4)),
                rs.getInt(5), rs.getInt(6), counts, rs.getInt(8), rs.getString(9), rs.getInt(10), rs.getInt(33),
                rs.getInt(11), map(rs.getString(12)), map(rs.getString(13)), halt, rs.getString(20),
                (Integer) rs.getObject(21), rs.getString(22), rs.getString(23), instant(rs, 24), instant(rs, 25),
                instant(rs, 26), rs.getLong(27), rs.getObject(34) == null ? FleetEtas.DEFAULT_CLUSTER_TIME
                        : Duration.ofMillis(rs.getLong(34)));
    }

    private static List<Failure> failures(@Nullable String json) {
        if (json == null) {
            return List.of();
        }
        List<Failure> failures = new ArrayList<>();
        FleetEventsListener.JSON.readTree(json).forEach(node -> failures.add(new Failure(
                node.path("clusterId").asString(), node.path("wave").asInt(), node.path("outcome").asString(),
                node.hasNonNull("reason") ? node.get("reason").asString() : null)));
        return failures;
    }

    private static @Nullable Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static @Nullable List<String> strings(@Nullable String json) {
        return json == null ? null : FleetEventsListener.JSON.readValue(json, new TypeReference<List<String>>() { });
    }

    private static @Nullable Map<String, Object> map(@Nullable String json) {
        return json == null || json.equals("null") ? null
                : FleetEventsListener.JSON.readValue(json, new TypeReference<Map<String, Object>>() { });
    }
}
