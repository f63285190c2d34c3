package dev.upgradeledger.commandapi.fleet;

import dev.upgradeledger.commandapi.audit.RequestAudit;
import dev.upgradeledger.commandapi.cluster.ClusterCommands;
import dev.upgradeledger.commandapi.cluster.ClusterRefusal;
import dev.upgradeledger.commandapi.cluster.ConflictRetry;
import dev.upgradeledger.commandapi.fleet.FleetCommands.RecordClusterOutcome;
import dev.upgradeledger.commandapi.fleet.FleetCommands.RecordClusterOutcome.Kind;
import dev.upgradeledger.commandapi.fleet.FleetUpgradeEvent.FleetClusterStarted;
import dev.upgradeledger.commandapi.fleet.FleetUpgradeEvent.FleetRollbackStarted;
import dev.upgradeledger.commandapi.fleet.FleetUpgradeEvent.FleetUpgradeAborted;
import dev.upgradeledger.commandapi.fleet.FleetUpgradeEvent.FleetUpgradeResumed;
import dev.upgradeledger.commandapi.fleet.FleetUpgradeEvent.FleetUpgradeStarted;
import dev.upgradeledger.commandapi.fleet.FleetUpgradeEvent.FleetWaveCheckRequested;
import dev.upgradeledger.events.AbortUpgrade;
import dev.upgradeledger.events.AuditMetadata;
import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.MaxUnavailable;
import dev.upgradeledger.events.RequestUpgrade;
import dev.upgradeledger.events.ResumeUpgrade;
import dev.upgradeledger.events.RollBackUpgrade;
import dev.upgradeledger.events.UpgradeAbandoned;
import dev.upgradeledger.events.UpgradeAborted;
import dev.upgradeledger.events.UpgradeCompleted;
import dev.upgradeledger.events.UpgradeFailed;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.events.UpgradePaused;
import dev.upgradeledger.events.UpgradeRejected;
import dev.upgradeledger.events.UpgradeResumed;
import dev.upgradeledger.events.Version;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The process of every fleet upgrade: a tracking event processor of its own ({@value #PROCESSING_GROUP}) that turns a
 * recorded {@link FleetClusterStarted} into the cluster's own {@code RequestUpgrade} (upgrade id = the fleet's id),
 * through {@link ClusterCommands} like a single request, and feeds the cluster's upgrade events (completed, paused,
 * resumed, failed, aborted, abandoned, rejected) back to its {@link FleetUpgrade} as {@link RecordClusterOutcome}.
 * A fleet's resume resumes its paused clusters, an abort aborts its running ones; a check the fleet asks for between
 * waves is evaluated by the {@link WaveCheck} and its result recorded.
 *
 * <p>Idempotent: each (fleet, cluster) start is sent once, guarded by a row of {@code fleet_cluster_request} written
 * in the transaction of the request's events; the outcomes are facts the aggregate takes once (a repeated one changes
 * nothing); resumes and aborts refused because they already happened are ignored. The commands run on a thread of
 * their own, each in its own transaction, as a REST request's do (not inside the processor's unit of work, whose
 * transaction a refused command would mark for rollback); the processor's token moves once they are answered.
 */
@Component
@ProcessingGroup(FleetProcess.PROCESSING_GROUP)
public class FleetProcess {

    public static final String PROCESSING_GROUP = "fleet-process";
    private static final Logger log = LoggerFactory.getLogger(FleetProcess.class);
    private static final String PROCESS_ACTOR = "ledger-fleet-process";

    private final ClusterCommands clusters;
    private final CommandGateway gateway;
    private final ConflictRetry conflicts;
    private final TransactionTemplate transactions;
    private final JdbcClient jdbc;
    private final EventStore events;
    private final WaveCheck check;
    private final Map<String, FleetUpgradeStarted> plans = new ConcurrentHashMap<>();
    private final ExecutorService commands = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "fleet-process-commands");
        thread.setDaemon(true);
        return thread;
    });

    FleetProcess(ClusterCommands clusters, CommandGateway gateway, ConflictRetry conflicts,
                 TransactionTemplate transactions, JdbcClient jdbc, EventStore events, WaveCheck check) {
        this.clusters = clusters;
        this.gateway = gateway;
        this.conflicts = conflicts;
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.events = events;
        this.check = check;
    }

    @PreDestroy
    void stop() {
        commands.shutdownNow();
    }

    // ---- the fleet's own events ----------------------------------------------------------------------------------

    @EventHandler
    void on(FleetClusterStarted event, MetaData metaData) {
        FleetUpgradeStarted plan = plan(event.fleetId());
        FleetPlanRequest.Settings settings = plan.upgrade();
        RequestUpgrade request = new RequestUpgrade(ClusterId.of(event.clusterId()), UpgradeId.of(event.fleetId()),
                Version.of(plan.targetVersion()), null, settings.strategy(), settings.schemaChange(),
                Boolean.TRUE.equals(settings.stateFormatChange()),
                settings.maxUnavailable() == null ? null : MaxUnavailable.of(settings.maxUnavailable()),
                Boolean.TRUE.equals(settings.byGroup()), null, settings.failurePolicy(), true, false,
                settings.maxAttempts() == null || settings.maxAttempts() == 0 ? RequestUpgrade.DEFAULT_MAX_ATTEMPTS
                        : settings.maxAttempts(),
                settings.stepTimeout() == null ? null : Duration.parse(settings.stepTimeout()));
        RequestAudit audit = audit(metaData);
        outside(() -> {
            try {
                conflicts.run(() -> transactions.execute(status -> {
                    if (firstRequest(event)) {
                        clusters.send(request, audit);
                    }
                    return null;
                }));
            } catch (ClusterRefusal refusal) {
                // nothing was stored for the cluster; the fleet counts it as failed, once
                refused(event, refusal.rule() + ": " + refusal.getMessage(), audit);
            } catch (AggregateNotFoundException missing) {
                refused(event, "cluster-not-found: no cluster " + event.clusterId() + " is registered", audit);
            }
            return null;
        });
    }

    @EventHandler
    void on(FleetUpgradeResumed event, MetaData metaData) {
        RequestAudit audit = audit(metaData);
        for (String cluster : event.paused()) {
            ignoringRefusals(() -> clusters.send(new ResumeUpgrade(ClusterId.of(cluster),
                    UpgradeId.of(event.fleetId())), audit));
        }
    }

    /**
     * Evaluates the check the fleet asked for and records its result (the fleet takes it once: handled again, the
     * result is evaluated again and ignored).
     */
    @EventHandler
    void on(FleetWaveCheckRequested event) {
        outside(() -> {
            WaveCheck.Result result = check.evaluate(event.query());
            log.info("Fleet {}: the check after wave {} {}: {}", event.fleetId(), event.wave(), result.verdict(),
                    result.detail());
            return conflicts.run(() -> gateway.sendAndWait(new GenericCommandMessage<>(
                    new FleetCommands.RecordWaveCheck(FleetUpgrade.aggregateId(event.fleetId()), event.wave(),
                            result.verdict().name(), result.value(), result.detail(), result.at().toString()),
                    RequestAudit.from(PROCESS_ACTOR, null).metaData()), 30, TimeUnit.SECONDS));
        });
    }

    @EventHandler
    void on(FleetUpgradeAborted event, MetaData metaData) {
        RequestAudit audit = audit(metaData);
        for (String cluster : event.running()) {
            ignoringRefusals(() -> clusters.send(new AbortUpgrade(ClusterId.of(cluster), UpgradeId.of(event.fleetId()),
                    "fleet upgrade " + event.fleetId() + " aborted: " + event.reason()), audit));
        }
    }

    /**
     * Asks each cluster of the fleet's rollback to roll its upgrade back and records its answer: requested, or the
     * refusal with its rule (handled again, the clusters refuse what already happened and the fleet keeps the first
     * answer).
     */
    @EventHandler
    void on(FleetRollbackStarted event, MetaData metaData) {
        RequestAudit audit = audit(metaData);
        String reason = "fleet upgrade " + event.fleetId() + " rolled back"
                + (event.reason() == null ? "" : ": " + event.reason());
        for (String cluster : event.clusters()) {
            outside(() -> {
                String aggregate = FleetUpgrade.aggregateId(event.fleetId());
                FleetCommands.RecordClusterRollback answer;
                try {
                    clusters.send(new RollBackUpgrade(ClusterId.of(cluster), UpgradeId.of(event.fleetId()), reason),
                            audit);
                    answer = new FleetCommands.RecordClusterRollback(aggregate, cluster, "REQUESTED", null,
                            "rollback of its upgrade requested");
                } catch (ClusterRefusal refusal) {
                    answer = nothingToRollBack(refusal)
                            ? aborted(aggregate, cluster, event.fleetId(), reason, refusal, audit)
                            : refused(aggregate, cluster, refusal);
                }
                FleetCommands.RecordClusterRollback recorded = answer;
                return conflicts.run(() -> gateway.sendAndWait(new GenericCommandMessage<>(recorded,
                        audit.metaData()), 30, TimeUnit.SECONDS));
            });
        }
    }

    private static boolean nothingToRollBack(ClusterRefusal refusal) {
        return dev.upgradeledger.events.Rule.NOTHING_TO_ROLL_BACK.id().equals(refusal.rule());
    }

    /** No node was changed yet: the cluster's upgrade is aborted instead (refused only if the abort is refused). */
    private FleetCommands.RecordClusterRollback aborted(String aggregate, String cluster, String fleetId, String reason,
                                                        ClusterRefusal nothing, RequestAudit audit) {
        try {
            clusters.send(new AbortUpgrade(ClusterId.of(cluster), UpgradeId.of(fleetId), reason), audit);
            return new FleetCommands.RecordClusterRollback(aggregate, cluster, "ABORTED", nothing.rule(),
                    nothing.getMessage() + ": its upgrade was aborted instead");
        } catch (ClusterRefusal refusal) {
            return refused(aggregate, cluster, refusal);
        }
    }

    private static FleetCommands.RecordClusterRollback refused(String aggregate, String cluster,
                                                                ClusterRefusal refusal) {
        return new FleetCommands.RecordClusterRollback(aggregate, cluster, "REFUSED", refusal.rule(),
                refusal.getMessage() + (refusal.wayOut() == null ? "" : " (" + refusal.wayOut() + ")"));
    }

    // ---- the clusters' upgrade events ----------------------------------------------------------------------------

    @EventHandler
    void on(UpgradeCompleted event) {
        outcome(event.upgradeId(), event.clusterId(), event.rolledBack() ? Kind.FAILED : Kind.SUCCEEDED,
                event.version().value(), event.rolledBack() ? "rolled back to " + event.version() : null);
    }

    @EventHandler
    void on(UpgradePaused event) {
        outcome(event.upgradeId(), event.clusterId(), Kind.PAUSED, null, reason(event.rule(), event.reason()));
    }

    @EventHandler
    void on(UpgradeResumed event) {
        outcome(event.upgradeId(), event.clusterId(), Kind.RESUMED, null, null);
    }

    @EventHandler
    void on(UpgradeFailed event) {
        outcome(event.upgradeId(), event.clusterId(), Kind.FAILED, null, reason(event.rule(), event.reason()));
    }

    @EventHandler
    void on(UpgradeAborted event) {
        outcome(event.upgradeId(), event.clusterId(), Kind.FAILED, null, "aborted: " + event.reason());
    }

    @EventHandler
    void on(UpgradeAbandoned event) {
        outcome(event.upgradeId(), event.clusterId(), Kind.FAILED, null, "abandoned: " + event.reason());
    }

    @EventHandler
    void on(UpgradeRejected event) {
        outcome(event.upgradeId(), event.clusterId(), Kind.FAILED, null, reason(event.rule(), event.reason()));
    }

    private void outcome(UpgradeId upgradeId, ClusterId cluster, Kind kind, String version, String reason) {
        if (!isFleet(upgradeId.value())) {
            return;
        }
        RecordClusterOutcome command = new RecordClusterOutcome(FleetUpgrade.aggregateId(upgradeId.value()),
                cluster.value(), kind, version, reason);
        outside(() -> conflicts.run(() -> gateway.sendAndWait(new GenericCommandMessage<>(command,
                RequestAudit.from(PROCESS_ACTOR, null).metaData()), 30, TimeUnit.SECONDS)));
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    /** Whether a fleet upgrade has this id: its clusters' upgrades carry it. */
    private boolean isFleet(String upgradeId) {
        return plans.containsKey(upgradeId) || jdbc.sql("SELECT EXISTS (SELECT 1 FROM domainevententry"
                        + " WHERE aggregateidentifier = ? AND sequencenumber = 0)")
                .param(FleetUpgrade.aggregateId(upgradeId)).query(Boolean.class).single();
    }

    /** The fleet's plan, from the first event of its stream (it never changes). */
    private FleetUpgradeStarted plan(String fleetId) {
        return plans.computeIfAbsent(fleetId, id -> {
            try (var stream = events.readEvents(FleetUpgrade.aggregateId(id), 0).asStream()) {
                return (FleetUpgradeStarted) stream.findFirst().orElseThrow(() -> new IllegalStateException(
                        "fleet upgrade " + id + " has no events")).getPayload();
            }
        });
    }

    /** Claims the cluster's start in the current transaction: false when it was sent before. */
    private boolean firstRequest(FleetClusterStarted event) {
        return jdbc.sql("INSERT INTO fleet_cluster_request (fleet_id, cluster_id) VALUES (?, ?) ON CONFLICT DO NOTHING")
                .params(event.fleetId(), event.clusterId()).update() == 1;
    }

    private void refused(FleetClusterStarted event, String reason, RequestAudit audit) {
        conflicts.run(() -> transactions.execute(status -> {
            if (firstRequest(event)) {
                gateway.sendAndWait(new GenericCommandMessage<>(new RecordClusterOutcome(
                        FleetUpgrade.aggregateId(event.fleetId()), event.clusterId(), Kind.FAILED, null, reason),
                        audit.metaData()), 30, TimeUnit.SECONDS);
            }
            return null;
        }));
    }

    private void ignoringRefusals(Runnable command) {
        outside(() -> {
            try {
                command.run();
            } catch (ClusterRefusal refusal) {
                log.info("Fleet process: {} (nothing to do)", refusal.getMessage());
            }
            return null;
        });
    }

    private static RequestAudit audit(MetaData metaData) {
        Object actor = metaData.get(AuditMetadata.ACTOR);
        Object correlation = metaData.get(AuditMetadata.CORRELATION_ID);
        return RequestAudit.from(actor == null ? PROCESS_ACTOR : actor.toString(),
                correlation == null ? UUID.randomUUID().toString() : correlation.toString());
    }

    private static String reason(String rule, String reason) {
        return rule == null ? reason : rule + ": " + reason;
    }

    /** Runs a command outside the processor's unit of work, and waits for it. */
    private <T> T outside(Callable<T> work) {
        try {
            return commands.submit(work).get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the fleet process waited for a command", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("a fleet process command took more than 60 s", e);
        }
    }
}
