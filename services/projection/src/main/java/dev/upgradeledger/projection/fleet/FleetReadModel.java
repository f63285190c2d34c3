package dev.upgradeledger.projection.fleet;

import dev.upgradeledger.events.FleetEventEnvelope;
import dev.upgradeledger.projection.ConsumedOffset;
import dev.upgradeledger.projection.ConsumedOffsets;
import dev.upgradeledger.projection.ReadModels;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * Applies fleet events to the fleet read models ({@code fleet_event}, {@code fleet_upgrade}, {@code fleet_wave},
 * {@code fleet_cluster}, {@code fleet_skipped}), each exactly once and in its fleet's order: the event is kept in
 * {@code fleet_event} under its fleet's sequence (a redelivery is a duplicate and adds nothing), then every kept event
 * right after the fleet's cursor ({@code fleet_upgrade.last_sequence}, -1 before the start) is applied, so an event
 * that comes before one it follows waits until that one is there. Every column comes from the events (their times,
 * never the clock), so a rebuild yields identical rows. An event type this projection does not know moves the cursor and
 * changes nothing else.
 *
 * <p>Counted in {@code ledger.projection.fleet-events} by {@code outcome}: {@code applied}, {@code duplicate}, {@code
 * early} (kept until the events before it come).
 */
@Component
public class FleetReadModel {

    private static final Logger log = LoggerFactory.getLogger(FleetReadModel.class);

    /**
     * The tables of this read model, fed by {@code ledger.fleet-events} alone (never by a replay of
     * {@code ledger.events}), in an order in which they can be loaded.
     */
    public static final List<String> TABLES = List.of("fleet_event", "fleet_upgrade", "fleet_wave", "fleet_cluster",
            "fleet_skipped");

    private final JdbcTemplate jdbc;
    private final ConsumedOffsets offsets;
    private final MeterRegistry meters;
    private final FleetStreamIds streamIds;

    FleetReadModel(JdbcTemplate jdbc, ConsumedOffsets offsets, MeterRegistry meters, FleetStreamIds streamIds) {
        this.jdbc = jdbc;
        this.offsets = offsets;
        this.meters = meters;
        this.streamIds = streamIds;
    }

    /** Keeps the event, applies what follows the fleet's cursor, and records the record's offset, in one transaction. */
    @Transactional
    public void apply(FleetEventEnvelope envelope, @Nullable ConsumedOffset source) {
        if (source != null) {
            offsets.record(source);
        }
        int kept = jdbc.update("""
                insert into fleet_event (fleet_id, sequence, event_id, event_type, event_revision, occurred_at, actor,
                                         correlation_id, payload)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb) on conflict do nothing""",
                envelope.fleetId(), envelope.sequence(), envelope.eventId(), envelope.eventType(),
                envelope.eventRevision(), Timestamp.from(envelope.timestamp()), envelope.actor(),
                envelope.correlationId(), FleetEventsListener.JSON.writeValueAsString(envelope.payload()));
        if (kept == 0) {
            count("duplicate", 1);
            return;
        }
        int applied = catchUp(envelope.fleetId());
        if (applied == 0) {
            log.info("Fleet event {} #{} ({}) came before the events it follows; kept until they come",
                    envelope.fleetId(), envelope.sequence(), envelope.eventType());
            count("early", 1);
        } else {
            count("applied", applied);
        }
    }

    private void count(String outcome, int events) {
        ReadModels.afterCommit(() -> meters.counter("ledger.projection.fleet-events", "outcome", outcome)
                .increment(events));
    }

    /** Applies the kept events that follow the fleet's cursor without a gap; answers how many. */
    private int catchUp(String fleetId) {
        List<Long> cursor = jdbc.queryForList("select last_sequence from fleet_upgrade where fleet_id = ? for update",
                Long.class, fleetId);
        long last = cursor.isEmpty() ? -1 : cursor.get(0);
        List<Kept> next = jdbc.query("""
                select sequence, event_type, occurred_at, actor, correlation_id, payload::text from fleet_event
                where fleet_id = ? and sequence > ? order by sequence""",
                (rs, row) -> new Kept(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                        rs.getString(4), rs.getString(5), FleetEventsListener.JSON.readTree(rs.getString(6))),
                fleetId, last);
        int applied = 0;
        for (Kept event : next) {
            if (event.sequence() != last + 1) {
                break;
            }
            if (last < 0 && !event.type().equals("FleetUpgradeStarted")) {
                log.warn("Fleet {} starts with {} instead of FleetUpgradeStarted; waiting for its start", fleetId,
                        event.type());
                break;
            }
            apply(fleetId, event);
            last = event.sequence();
            applied++;
        }
        if (applied > 0) {
            jdbc.update("update fleet_upgrade set last_sequence = ?, updated_at = ? where fleet_id = ?", last,
                    Timestamp.from(next.get(applied - 1).at()), fleetId);
            streamIds.applied(fleetId, next.get(0).sequence(), last);
        }
        return applied;
    }

    /** One kept event. */
    private record Kept(long sequence, String type, Instant at, String actor, String correlationId, JsonNode payload) {
    }

    private void apply(String fleetId, Kept event) {
        JsonNode p = event.payload();
        Timestamp at = Timestamp.from(event.at());
        switch (event.type()) {
            case "FleetUpgradeStarted" -> started(fleetId, event, p, at);
            case "FleetWaveStarted" -> {
                int wave = p.path("wave").asInt();
                jdbc.update("update fleet_upgrade set current_wave = ? where fleet_id = ?", wave, fleetId);
                jdbc.update("update fleet_wave set started_at = ? where fleet_id = ? and wave_index = ?", at, fleetId,
                        wave);
            }
            case "FleetClusterStarted" -> jdbc.update("""
                    update fleet_cluster set state = 'RUNNING', started_at = ?, settled_at = null, reason = null,
                        counted = false
                    where fleet_id = ? and cluster_id = ?""", at, fleetId, text(p, "clusterId"));
            case "FleetClusterSettled" -> {
                String outcome = text(p, "outcome");
                jdbc.update("""
                        update fleet_cluster set state = ?, reason = ?, settled_at = ?, counted = ?
                        where fleet_id = ? and cluster_id = ?""", outcome, text(p, "reason"), at,
                        "PAUSED".equals(outcome) || "FAILED".equals(outcome), fleetId, text(p, "clusterId"));
            }
            case "FleetClusterResumed" -> jdbc.update("""
                    update fleet_cluster set state = 'RUNNING', settled_at = null, reason = null, counted = false
                    where fleet_id = ? and cluster_id = ? and state = 'PAUSED'""", fleetId, text(p, "clusterId"));
            case "FleetUpgradeHalted" -> jdbc.update("""
                    update fleet_upgrade set status = 'HALTED', halt_cause = ?, halt_wave = ?, halt_detail = ?,
                        halt_failed = ?::jsonb, halted_at = ?, resumed_at = null
                    where fleet_id = ?""", text(p, "cause"), p.path("wave").asInt(), text(p, "detail"),
                    p.path("failed").isArray() ? p.get("failed").toString() : "[]", at, fleetId);
            case "FleetUpgradeResumed" -> {
                jdbc.update("update fleet_upgrade set status = 'RUNNING', resumed_at = ? where fleet_id = ?", at,
                        fleetId);
                // the failed clusters stay failed and no longer count; the paused ones being resumed do not count
                // either (as the fleet's run has it), and count again if they pause again
                jdbc.update("update fleet_cluster set counted = false where fleet_id = ?"
                        + " and state in ('FAILED', 'PAUSED')", fleetId);
            }
            case "FleetUpgradeAborted" -> jdbc.update("""
                    update fleet_upgrade set status = 'ABORTED', abort_reason = ?, ended_at = ? where fleet_id = ?""",
                    text(p, "reason"), at, fleetId);
            case "FleetUpgradeCompleted" -> jdbc.update("""
                    update fleet_upgrade set status = 'COMPLETED', succeeded = ?, ended_at = ? where fleet_id = ?""",
                    p.path("succeeded").asInt(), at, fleetId);
            case "FleetWaveAwaitingApproval" -> {
                int wave = p.path("wave").asInt();
                jdbc.update("update fleet_upgrade set awaiting_approval_wave = ? where fleet_id = ?", wave, fleetId);
                jdbc.update("update fleet_wave set approval_requested_at = ? where fleet_id = ? and wave_index = ?",
                        at, fleetId, wave);
            }
            case "FleetRollbackStarted" -> {
                jdbc.update("""
                        update fleet_upgrade set status = 'ROLLING_BACK', rollback_reason = ? where fleet_id = ?""",
                        text(p, "reason"), fleetId);
                jdbc.update("""
                        update fleet_cluster set rollback_outcome = 'ASKED'
                        where fleet_id = ? and cluster_id = any (?)""", fleetId, p.path("clusters").valueStream()
                        .map(JsonNode::asString).toArray(String[]::new));
            }
            case "FleetClusterRollback" -> jdbc.update("""
                    update fleet_cluster set rollback_outcome = ?, rollback_rule = ?, rollback_detail = ?
                    where fleet_id = ? and cluster_id = ?""", text(p, "outcome"), text(p, "rule"), text(p, "detail"),
                    fleetId, text(p, "clusterId"));
            case "FleetUpgradeRolledBack" -> jdbc.update("""
                    update fleet_upgrade set status = 'ROLLED_BACK', ended_at = ? where fleet_id = ?""", at, fleetId);
            case "FleetWaveCheckRequested" -> jdbc.update("""
                    update fleet_wave set check_requested_at = ?, check_verdict = null, check_value = null,
                        check_detail = null, checked_at = null
                    where fleet_id = ? and wave_index = ?""", at, fleetId, p.path("wave").asInt());
            case "FleetWaveChecked" -> jdbc.update("""
                    update fleet_wave set check_verdict = ?, check_value = ?, check_detail = ?, checked_at = ?
                    where fleet_id = ? and wave_index = ?""", text(p, "verdict"),
                    p.path("value").isNumber() ? p.get("value").asDouble() : null, text(p, "detail"),
                    p.hasNonNull("checkedAt") ? Timestamp.from(Instant.parse(p.get("checkedAt").asString())) : at,
                    fleetId, p.path("wave").asInt());
            case "FleetWaveApproved" -> {
                int wave = p.path("wave").asInt();
                jdbc.update("""
                        update fleet_upgrade set awaiting_approval_wave = null
                        where fleet_id = ? and awaiting_approval_wave = ?""", fleetId, wave);
                String approvedBy = text(p, "approvedBy");
                jdbc.update("""
                        update fleet_wave set approved_by = ?, approval_reason = ?, approved_at = ?
                        where fleet_id = ? and wave_index = ?""", approvedBy == null ? event.actor() : approvedBy,
                        text(p, "reason"), at, fleetId, wave);
            }
            default -> log.info("Fleet {} event #{} of type {} changes nothing here", fleetId, event.sequence(),
                    event.type());
        }
    }

    /**
     * The plan's estimate of one cluster's upgrade in milliseconds, or null when the event has none (fleets started
     * before it was recorded) or it is not a positive ISO-8601 duration (logged; the ETA then assumes the default).
     */
    private static @Nullable Long estimatedClusterMillis(String fleetId, @Nullable String estimate) {
        if (estimate == null) {
            return null;
        }
        try {
            Duration duration = Duration.parse(estimate);
            return duration.isNegative() || duration.isZero() ? null : duration.toMillis();
        } catch (DateTimeParseException | ArithmeticException e) {
            log.warn("Fleet {} records an estimatedClusterTime that is not a duration ({}); the ETA assumes the default",
                    fleetId, estimate);
            return null;
        }
    }

    private void started(String fleetId, Kept event, JsonNode p, Timestamp at) {
        List<Object[]> waves = new ArrayList<>();
        List<Object[]> clusters = new ArrayList<>();
        Set<String> products = new HashSet<>();
        for (JsonNode wave : p.path("waves")) {
            int index = wave.path("index").asInt();
            int position = 0;
            for (JsonNode cluster : wave.path("clusters")) {
                String product = text(cluster, "product");
                products.add(String.valueOf(product));
                clusters.add(new Object[] {fleetId, text(cluster, "clusterId"), index, position++, product,
                        text(cluster, "currentVersion"), json(cluster.path("path"), "[]"),
                        json(cluster.path("window"), null)});
            }
            waves.add(new Object[] {fleetId, index, wave.path("canary").asBoolean(), position});
        }
        List<Object[]> skipped = new ArrayList<>();
        for (JsonNode cluster : p.path("skipped")) {
            skipped.add(new Object[] {fleetId, text(cluster, "clusterId"), text(cluster, "currentVersion"),
                    text(cluster, "rule"), text(cluster, "detail"), text(cluster, "wayOut"),
                    json(cluster.path("allowedPath"), null)});
        }
        // the selector's product, else the one product of every cluster taken
        String product = text(p, "product");
        if (product == null && products.size() == 1 && !products.contains("null")) {
            product = products.iterator().next();
        }
        jdbc.update("""
                insert into fleet_upgrade (fleet_id, product, target_version, status, wave_count, cluster_count,
                    skipped_count, failure_budget, allowed_failures, max_concurrent, upgrade_settings, gates,
                    estimated_cluster_time_ms, started_by, correlation_id, started_at, updated_at, last_sequence)
                values (?, ?, ?, 'RUNNING', ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, ?)
                on conflict do nothing""", fleetId, product, text(p, "targetVersion"), waves.size(),
                clusters.size(), skipped.size(), text(p, "failureBudget"), p.path("allowedFailures").asInt(),
                p.path("maxConcurrent").asInt(), json(p.path("upgrade"), null), json(p.path("gates"), null),
                estimatedClusterMillis(fleetId, text(p, "estimatedClusterTime")), event.actor(),
                event.correlationId(), at, at, event.sequence());
        jdbc.batchUpdate("""
                insert into fleet_wave (fleet_id, wave_index, canary, cluster_count) values (?, ?, ?, ?)
                on conflict do nothing""", waves);
        jdbc.batchUpdate("""
                insert into fleet_cluster (fleet_id, cluster_id, wave_index, wave_position, product, from_version,
                    path, maintenance_window, state)
                values (?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, 'PENDING') on conflict do nothing""", clusters);
        jdbc.batchUpdate("""
                insert into fleet_skipped (fleet_id, cluster_id, current_version, rule, detail, way_out, allowed_path)
                values (?, ?, ?, ?, ?, ?, ?::jsonb) on conflict do nothing""", skipped);
    }

    private static @Nullable String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static @Nullable String json(JsonNode node, @Nullable String missing) {
        return node == null || node.isMissingNode() || node.isNull() ? missing : node.toString();
    }
}
