package dev.upgradeledger.commandapi.fleet;

import dev.upgradeledger.commandapi.audit.RequestAudit;
import dev.upgradeledger.commandapi.cluster.ClusterRefusal;
import dev.upgradeledger.commandapi.cluster.ConflictRetry;
import dev.upgradeledger.commandapi.fleet.FleetCommands.AbortFleetUpgrade;
import dev.upgradeledger.commandapi.fleet.FleetCommands.ResumeFleetUpgrade;
import dev.upgradeledger.commandapi.fleet.FleetCommands.StartFleetUpgrade;
import dev.upgradeledger.commandapi.fleet.FleetUpgradeEvent.FleetUpgradeStarted;
import dev.upgradeledger.commandapi.fleet.FleetUpgradeEvent.PlannedCluster;
import dev.upgradeledger.commandapi.fleet.FleetUpgradeEvent.PlannedWave;
import dev.upgradeledger.domain.decide.ClusterSnapshot;
import dev.upgradeledger.domain.fleet.MaintenanceWindows;
import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.InvalidValueException;
import dev.upgradeledger.events.Rule;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.events.FleetCommand;
import dev.upgradeledger.support.security.LedgerAccess;
import dev.upgradeledger.support.security.Role;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.security.core.Authentication;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Starts, resumes and aborts fleet upgrades (REST and Kafka alike: {@link #send} takes the fleet commands of
 * {@code ledger.commands}): a start is planned as its dry run is
 * ({@link FleetPlanner}, over the clusters the caller may operate) and recorded whole in {@link FleetUpgradeStarted}.
 */
@Component
public class FleetUpgrades {

    private static final Logger log = LoggerFactory.getLogger(FleetUpgrades.class);
    private static final JsonMapper BODY = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final FleetPlanner planner;
    private final CommandGateway gateway;
    private final ConflictRetry conflicts;
    private final EventStore events;

    private final LedgerAccess access;
    private final WaveCheck check;

    FleetUpgrades(FleetPlanner planner, CommandGateway gateway, ConflictRetry conflicts, EventStore events,
                  LedgerAccess access, WaveCheck check) {
        this.check = check;
        this.planner = planner;
        this.gateway = gateway;
        this.conflicts = conflicts;
        this.events = events;
        this.access = access;
    }

    /** A resume or an abort recorded: the fleet's process carries it out on its clusters. */
    public record Recorded(String fleetId, String command) {
    }

    /**
     * A fleet command from {@code ledger.commands}, decided as its REST call is: a start plans over the clusters the
     * sender may operate; the others need a started fleet ({@code fleet-not-found} otherwise). Whether the sender may
     * send it at all is {@link #denied}'s.
     */
    public Object send(FleetCommand command, RequestAudit audit, Authentication sender) {
        String fleetId = command.fleetId().value();
        if (command instanceof dev.upgradeledger.events.StartFleetUpgrade start) {
            Map<String, Object> body = new LinkedHashMap<>(start.plan());
            body.put("fleetId", fleetId);
            FleetUpgradeRequest request;
            try {
                request = BODY.convertValue(body, FleetUpgradeRequest.class);
            } catch (JacksonException e) {
                throw new InvalidValueException("plan is not the body of POST /api/v1/fleet-upgrades: "
                        + e.getOriginalMessage());
            }
            return start(request, cluster -> access.allows(sender, Role.OPERATOR, cluster.id().value(),
                    cluster.product()), audit);
        }
        if (plan(fleetId).isEmpty()) {
            throw new ClusterRefusal(Rule.FLEET_NOT_FOUND, "no fleet upgrade " + fleetId + " was started",
                    "GET /api/v1/fleet-upgrades lists the fleet upgrades");
        }
        if (command instanceof dev.upgradeledger.events.ResumeFleetUpgrade) {
            resume(fleetId, audit);
            return new Recorded(fleetId, "resume");
        }
        if (command instanceof dev.upgradeledger.events.RollBackFleetUpgrade rollBack) {
            rollBack(rollBack, audit);
            return new Recorded(fleetId, "rollback");
        }
        if (command instanceof dev.upgradeledger.events.ApproveFleetWave approve) {
            approve(approve, audit);
            return new Recorded(fleetId, "approve");
        }
        dev.upgradeledger.events.AbortFleetUpgrade abort = (dev.upgradeledger.events.AbortFleetUpgrade) command;
        abort(fleetId, abort.reason(), audit);
        return new Recorded(fleetId, "abort");
    }

    /**
     * Null when the sender may send the fleet command (as its REST call): a start needs {@code operator} somewhere, the
     * others {@code operator} on every cluster the fleet took (an unknown fleet is answered {@code fleet-not-found} by
     * {@link #send}); else what is missing.
     */
    public String denied(FleetCommand command, Authentication sender) {
        String name = command.getClass().getSimpleName();
        if (command instanceof dev.upgradeledger.events.StartFleetUpgrade) {
            return access.allowsSomewhere(sender, Role.OPERATOR) ? null
                    : "The token's grants do not allow " + name + " (needs operator on some clusters)";
        }
        return mayOperate(command.fleetId().value(), sender) ? null : "The token's grants do not allow " + name
                + " of fleet upgrade " + command.fleetId().value() + " (needs operator on every cluster it took)";
    }

    /** Whether the sender may operate every cluster the fleet took (true for a fleet that was not started). */
    public boolean mayOperate(String fleetId, Authentication sender) {
        return plan(fleetId).map(started -> started.waves().stream().flatMap(wave -> wave.clusters().stream())
                .allMatch(cluster -> access.allows(sender, Role.OPERATOR, cluster.clusterId(), cluster.product())))
                .orElse(true);
    }

    /** The answer of a start: the fleet upgrade's id and the plan it runs. */
    public record Started(String fleetId, FleetPlan plan) {
    }

    /** Ids a fleet may not take: the read side's path {@code /api/v1/fleet-upgrades/stream} is the fleets' stream. */
    static final Set<String> RESERVED_FLEET_IDS = Set.of("stream");

    public Started start(FleetUpgradeRequest request, Predicate<ClusterSnapshot> mayOperate, RequestAudit audit) {
        String fleetId = request.fleetId() == null ? "fleet-" + UUID.randomUUID().toString().substring(0, 13)
                : UpgradeId.of(request.fleetId()).value();
        if (RESERVED_FLEET_IDS.contains(fleetId)) {
            throw new InvalidValueException("fleetId '" + fleetId + "' is reserved: GET /api/v1/fleet-upgrades/"
                    + fleetId + " is the projection's stream of every fleet");
        }
        FleetPlanRequest planRequest = request.plan();
        if (planRequest.gates() != null && planRequest.gates().check() != null && !check.available()) {
            throw new InvalidValueException("gates.check needs a Prometheus to ask, and none is configured"
                    + " (ledger.fleet.checks.prometheus.base-url)");
        }
        FleetPlanner.Planned planned = planner.planned(planRequest, mayOperate);
        FleetPlan plan = planned.plan();
        MaintenanceWindows windows = planRequest.maintenanceWindows();
        FleetUpgradeStarted started = new FleetUpgradeStarted(fleetId,
                planRequest.selector() == null ? null : planRequest.selector().product(), plan.targetVersion(),
                planRequest.upgrade(), plan.waves().stream().map(wave -> new PlannedWave(wave.index(), wave.canary(),
                wave.clusters().stream().map(cluster -> new PlannedCluster(cluster.clusterId(),
                        planned.products().get(cluster.clusterId()), cluster.currentVersion(), cluster.path(),
                        windows.windowOf(ClusterId.of(cluster.clusterId()), cluster.labels())
                                .map(window -> new FleetUpgradeEvent.Window(window.cron(),
                                        window.duration().toString(), window.zone().getId()))
                                .orElse(null))).toList())).toList(),
                planRequest.failureBudget(), plan.failureBudget().allowed(), plan.maxConcurrent(), plan.gates(),
                plan.skipped(), plan.estimatedClusterTime());
        send(new StartFleetUpgrade(FleetUpgrade.aggregateId(fleetId), started), audit, fleetId);
        log.info("Fleet upgrade {} to {} started by {}: {} clusters in {} waves, {} skipped (correlation {})", fleetId,
                plan.targetVersion(), audit.actor(), plan.clusters(), plan.waves().size(), plan.skipped().size(),
                audit.correlationId());
        return new Started(fleetId, plan);
    }

    public void resume(String fleetId, RequestAudit audit) {
        send(new ResumeFleetUpgrade(FleetUpgrade.aggregateId(fleetId)), audit, fleetId);
    }

    /** Approves the start of a wave (the command validated its values); who approves is the audit's actor. */
    public void approve(dev.upgradeledger.events.ApproveFleetWave approval, RequestAudit audit) {
        String fleetId = approval.fleetId().value();
        send(new FleetCommands.ApproveFleetWave(FleetUpgrade.aggregateId(fleetId), approval.wave(), audit.actor(),
                approval.reason()), audit, fleetId);
    }

    /** Starts nothing more and asks each cluster upgraded or upgrading to roll back. */
    public void rollBack(dev.upgradeledger.events.RollBackFleetUpgrade rollBack, RequestAudit audit) {
        String fleetId = rollBack.fleetId().value();
        send(new FleetCommands.RollBackFleetUpgrade(FleetUpgrade.aggregateId(fleetId),
                rollBack.reason() == null ? "rolled back" : rollBack.reason()), audit, fleetId);
    }

    public void abort(String fleetId, String reason, RequestAudit audit) {
        if (reason != null && reason.length() > 500) {
            throw new InvalidValueException("reason has at most 500 characters");
        }
        send(new AbortFleetUpgrade(FleetUpgrade.aggregateId(fleetId), reason == null ? "aborted" : reason), audit,
                fleetId);
    }

    /** The plan a fleet upgrade was started with, or empty when no fleet upgrade has this id. */
    public Optional<FleetUpgradeStarted> plan(String fleetId) {
        UpgradeId.of(fleetId);
        try (var stream = events.readEvents(FleetUpgrade.aggregateId(fleetId), 0).asStream()) {
            return stream.findFirst().map(message -> message.getPayload())
                    .filter(FleetUpgradeStarted.class::isInstance).map(FleetUpgradeStarted.class::cast);
        }
    }

    private void send(Object command, RequestAudit audit, String fleetId) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            sendOnce(command, audit, fleetId);
        } else {
            conflicts.run(() -> {
                sendOnce(command, audit, fleetId);
                return null;
            });
        }
    }

    private void sendOnce(Object command, RequestAudit audit, String fleetId) {
        try {
            gateway.sendAndWait(new GenericCommandMessage<>(command, audit.metaData()), 30, TimeUnit.SECONDS);
        } catch (AggregateStreamCreationException exists) {
            throw new ClusterRefusal(Rule.FLEET_EXISTS, "a fleet upgrade " + fleetId + " was started before",
                    "GET /api/v1/fleet-upgrades/" + fleetId + " shows it; choose another fleetId for a new one");
        }
    }
}
