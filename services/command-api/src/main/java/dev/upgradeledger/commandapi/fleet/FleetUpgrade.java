package dev.upgradeledger.commandapi.fleet;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.upgradeledger.commandapi.cluster.ClusterRefusal;
import dev.upgradeledger.commandapi.fleet.FleetCommands.AbortFleetUpgrade;
import dev.upgradeledger.commandapi.fleet.FleetCommands.ApproveFleetWave;
import dev.upgradeledger.commandapi.fleet.FleetCommands.FleetWakeUp;
import dev.upgradeledger.commandapi.fleet.FleetCommands.RecordClusterOutcome;
import dev.upgradeledger.commandapi.fleet.FleetCommands.RecordClusterRollback;
import dev.upgradeledger.commandapi.fleet.FleetCommands.RollBackFleetUpgrade;
import dev.upgradeledger.commandapi.fleet.FleetCommands.RecordWaveCheck;
import dev.upgradeledger.commandapi.fleet.FleetCommands.ResumeFleetUpgrade;
import dev.upgradeledger.commandapi.fleet.FleetCommands.StartFleetUpgrade;
import dev.upgradeledger.commandapi.fleet.FleetUpgradeEvent.ClusterOutcome;
import dev.upgradeledger.commandapi.fleet.FleetUpgradeEvent.FailedCluster;
import dev.upgradeledger.commandapi.fleet.FleetUpgradeEvent.FleetClusterResumed;
import dev.upgradeledger.commandapi.fleet.FleetUpgradeEvent.FleetClusterRollback;
import dev.upgradeledger.commandapi.fleet.FleetUpgradeEvent.FleetRollbackStarted;
import dev.upgradeledger.commandapi.fleet.FleetUpgradeEvent.FleetUpgradeRolledBack;
import dev.upgradeledger.commandapi.fleet.FleetUpgradeEvent.FleetClusterSettled;
import dev.upgradeledger.commandapi.fleet.FleetUpgradeEvent.FleetClusterStarted;
import dev.upgradeledger.commandapi.fleet.FleetUpgradeEvent.FleetUpgradeAborted;
import dev.upgradeledger.commandapi.fleet.FleetUpgradeEvent.FleetUpgradeCompleted;
import dev.upgradeledger.commandapi.fleet.FleetUpgradeEvent.FleetUpgradeHalted;
import dev.upgradeledger.commandapi.fleet.FleetUpgradeEvent.FleetUpgradeResumed;
import dev.upgradeledger.commandapi.fleet.FleetUpgradeEvent.FleetUpgradeStarted;
import dev.upgradeledger.commandapi.fleet.FleetUpgradeEvent.FleetWaveApproved;
import dev.upgradeledger.commandapi.fleet.FleetUpgradeEvent.FleetWaveCheckRequested;
import dev.upgradeledger.commandapi.fleet.FleetUpgradeEvent.FleetWaveChecked;
import dev.upgradeledger.commandapi.fleet.FleetUpgradeEvent.FleetWaveAwaitingApproval;
import dev.upgradeledger.commandapi.fleet.FleetUpgradeEvent.FleetWaveStarted;
import dev.upgradeledger.domain.fleet.FailureBudget;
import dev.upgradeledger.domain.fleet.FleetRun;
import dev.upgradeledger.domain.fleet.MaintenanceWindow;
import dev.upgradeledger.domain.fleet.WaveGates;
import dev.upgradeledger.domain.fleet.WavePlan;
import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.Rule;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One fleet upgrade: its plan (waves, budget, gates, windows) recorded once, then every fact of its run as an event.
 * The run's state is upgrade-domain's {@link FleetRun}, rebuilt from these events; after every fact (a cluster
 * settled, a resume, a window opening: the {@value #WAKE_UP} deadline) the aggregate asks it for the next move and
 * records it: a wave started, clusters started, the halt when the failure budget is exceeded, the end. Starting a
 * cluster is recorded here and performed by {@link FleetProcess}, which also feeds back the clusters' outcomes.
 *
 * <p>The aggregate's identifier is {@code fleet/<id>}: cluster ids (DNS labels) never contain '/'.
 */
@Aggregate(commandTargetResolver = "fleetCommandTargetResolver")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class FleetUpgrade {

    static final String WAKE_UP = "fleet-wake-up";
    private static final String PREFIX = "fleet/";

    @AggregateIdentifier
    private String id;
    private String fleetId;
    private String target;
    private boolean ended;
    private int awaitingApproval = -1;
    private int checkRequested = -1;
    private String checkQuery;
    private final java.util.Set<String> rollbackPending = new java.util.LinkedHashSet<>();
    private final List<String> rollbackRequested = new java.util.ArrayList<>();
    private final List<String> rollbackRefused = new java.util.ArrayList<>();
    private transient FleetRun run;

    protected FleetUpgrade() {
    }

    /** The aggregate identifier (and event-store stream) of a fleet upgrade. */
    public static String aggregateId(String fleetId) {
        return PREFIX + fleetId;
    }

    @CommandHandler
    FleetUpgrade(StartFleetUpgrade command, DeadlineManager deadlines) {
        if (command.plan().waves().isEmpty()) {
            throw new ClusterRefusal(Rule.FLEET_EMPTY, "the selector takes no cluster that can reach "
                    + command.plan().targetVersion() + " (skipped: " + command.plan().skipped().size() + ")",
                    "plan it first (POST /api/v1/fleet-upgrades/plans): the skipped clusters name their rule");
        }
        // events applied in a constructor reach the aggregate once it exists: the first move follows them
        apply(command.plan()).andThen(() -> advance(deadlines));
    }

    @CommandHandler
    void handle(RecordClusterOutcome command, DeadlineManager deadlines) {
        ClusterId cluster = ClusterId.of(command.clusterId());
        if (!run.states().containsKey(cluster)) {
            return;
        }
        FleetRun.ClusterState state = run.state(cluster);
        switch (command.kind()) {
            case SUCCEEDED -> {
                if (state == FleetRun.ClusterState.RUNNING && target.equals(command.version())) {
                    apply(new FleetClusterSettled(fleetId, command.clusterId(), ClusterOutcome.SUCCEEDED, null));
                }
            }
            case PAUSED -> {
                if (state == FleetRun.ClusterState.RUNNING) {
                    apply(new FleetClusterSettled(fleetId, command.clusterId(), ClusterOutcome.PAUSED,
                            command.reason()));
                }
            }
            case FAILED -> {
                if (state == FleetRun.ClusterState.RUNNING || state == FleetRun.ClusterState.PAUSED) {
                    apply(new FleetClusterSettled(fleetId, command.clusterId(), ClusterOutcome.FAILED,
                            command.reason()));
                }
            }
            case RESUMED -> {
                if (state == FleetRun.ClusterState.PAUSED) {
                    apply(new FleetClusterResumed(fleetId, command.clusterId()));
                }
            }
        }
        advance(deadlines);
    }

    @CommandHandler
    void handle(ResumeFleetUpgrade command, DeadlineManager deadlines) {
        if (ended) {
            throw ended();
        }
        if (run.stopped().isEmpty()) {
            throw new ClusterRefusal(Rule.FLEET_NOT_HALTED, "fleet upgrade " + fleetId + " is not halted",
                    "GET /api/v1/fleet-upgrades/" + fleetId + " shows what it waits for");
        }
        apply(new FleetUpgradeResumed(fleetId, run.pausedClusters().stream().map(ClusterId::value).toList()));
        advance(deadlines);
    }

    @CommandHandler
    void handle(ApproveFleetWave command, DeadlineManager deadlines) {
        if (ended) {
            throw ended();
        }
        if (run.approved(command.wave())) {
            throw new ClusterRefusal(Rule.FLEET_WAVE_ALREADY_APPROVED, "wave " + command.wave() + " of fleet upgrade "
                    + fleetId + " was approved before", "GET /api/v1/fleet-upgrades/" + fleetId
                    + " shows who approved it");
        }
        java.util.OptionalInt awaited = run.awaitingApproval(Instant.now());
        if (awaited.isEmpty() || awaited.getAsInt() != command.wave()) {
            throw new ClusterRefusal(Rule.FLEET_WAVE_NOT_AWAITING_APPROVAL, "fleet upgrade " + fleetId
                    + " does not wait for the approval of wave " + command.wave() + (awaited.isPresent()
                    ? " (it waits for wave " + awaited.getAsInt() + ")" : " (it waits for "
                    + run.next(Instant.now()).waiting().name().toLowerCase(java.util.Locale.ROOT) + ")"),
                    "GET /api/v1/fleet-upgrades/" + fleetId + " shows the wave it waits for");
        }
        apply(new FleetWaveApproved(fleetId, command.wave(), command.approvedBy(), command.reason()));
        advance(deadlines);
    }

    /** The check's result: taken once, while the fleet waits for the check it asked (a late or repeated one is ignored). */
    @CommandHandler
    void handle(RecordWaveCheck command, DeadlineManager deadlines) {
        java.util.OptionalInt awaited = ended ? java.util.OptionalInt.empty() : run.awaitingCheck(Instant.now());
        if (awaited.isEmpty() || awaited.getAsInt() != command.wave() || checkRequested != command.wave()) {
            return;
        }
        apply(new FleetWaveChecked(fleetId, command.wave(), checkQuery, command.verdict(), command.value(),
                command.detail(), command.checkedAt()));
        advance(deadlines);
    }

    @CommandHandler
    void handle(AbortFleetUpgrade command, DeadlineManager deadlines) {
        if (ended) {
            throw ended();
        }
        deadlines.cancelAllWithinScope(WAKE_UP);
        apply(new FleetUpgradeAborted(fleetId, command.reason(), run.states().entrySet().stream()
                .filter(entry -> entry.getValue() == FleetRun.ClusterState.RUNNING
                        || entry.getValue() == FleetRun.ClusterState.PAUSED)
                .map(entry -> entry.getKey().value()).sorted().toList()));
    }

    /** Starts nothing more and asks each cluster upgraded or upgrading to roll back (the process sends it). */
    @CommandHandler
    void handle(RollBackFleetUpgrade command, DeadlineManager deadlines) {
        if (ended) {
            throw ended();
        }
        deadlines.cancelAllWithinScope(WAKE_UP);
        List<String> clusters = run.rollbackCandidates().stream().map(ClusterId::value).toList();
        apply(new FleetRollbackStarted(fleetId, command.reason(), clusters));
        if (clusters.isEmpty()) {
            apply(new FleetUpgradeRolledBack(fleetId, List.of(), List.of()));
        }
    }

    /** A cluster's answer to the rollback, taken once; the last one ends the fleet rolled back. */
    @CommandHandler
    void handle(RecordClusterRollback command) {
        if (!rollbackPending.contains(command.clusterId())) {
            return;
        }
        apply(new FleetClusterRollback(fleetId, command.clusterId(), command.outcome(), command.rule(),
                command.detail()));
        if (rollbackPending.isEmpty()) {
            apply(new FleetUpgradeRolledBack(fleetId, List.copyOf(rollbackRequested), List.copyOf(rollbackRefused)));
        }
    }

    @DeadlineHandler(deadlineName = WAKE_UP)
    void onWakeUp(FleetWakeUp wakeUp, DeadlineManager deadlines) {
        advance(deadlines);
    }

    /** Asks the run for its next move and records it; a wake-up is scheduled when the run names one. */
    private void advance(DeadlineManager deadlines) {
        if (ended) {
            return;
        }
        FleetRun.Decision decision = run.next(Instant.now());
        decision.stop().ifPresent(stop -> apply(new FleetUpgradeHalted(fleetId, stop.wave(), stop.cause(),
                stop.failures().stream().map(failure -> new FailedCluster(failure.cluster().value(), failure.wave(),
                        ClusterOutcome.valueOf(failure.state().name()), failure.reason())).toList(),
                stop.allowed(), stop.detail())));
        decision.startWave().ifPresent(wave -> apply(new FleetWaveStarted(fleetId, wave)));
        for (ClusterId cluster : decision.start()) {
            apply(new FleetClusterStarted(fleetId, run.currentWave(), cluster.value()));
        }
        if (decision.waiting() == FleetRun.Waiting.CHECK && checkRequested != run.currentWave()) {
            apply(new FleetWaveCheckRequested(fleetId, run.currentWave(), checkQuery));
        }
        if (decision.waiting() == FleetRun.Waiting.APPROVAL && awaitingApproval != run.currentWave() + 1) {
            apply(new FleetWaveAwaitingApproval(fleetId, run.currentWave() + 1));
        }
        if (decision.waiting() == FleetRun.Waiting.DONE) {
            Map<ClusterId, FleetRun.ClusterState> states = run.states();
            apply(new FleetUpgradeCompleted(fleetId,
                    (int) states.values().stream().filter(s -> s == FleetRun.ClusterState.SUCCEEDED).count(),
                    states.entrySet().stream().filter(entry -> entry.getValue().failure())
                            .map(entry -> entry.getKey().value()).sorted().toList()));
            return;
        }
        if (decision.wakeUp().isPresent()) {
            deadlines.cancelAllWithinScope(WAKE_UP);
            deadlines.schedule(decision.wakeUp().get(), WAKE_UP, new FleetWakeUp(fleetId));
        }
    }

    private ClusterRefusal ended() {
        return new ClusterRefusal(Rule.FLEET_ENDED, "fleet upgrade " + fleetId + " has ended",
                "start another fleet upgrade for the clusters left");
    }

    @EventSourcingHandler
    void on(FleetUpgradeStarted event) {
        id = aggregateId(event.fleetId());
        fleetId = event.fleetId();
        target = event.targetVersion();
        Map<ClusterId, MaintenanceWindow> windows = new HashMap<>();
        List<WavePlan.Wave> waves = event.waves().stream().map(wave -> new WavePlan.Wave(wave.index(), wave.canary(),
                wave.clusters().stream().map(cluster -> {
                    ClusterId clusterId = ClusterId.of(cluster.clusterId());
                    if (cluster.window() != null) {
                        windows.put(clusterId, MaintenanceWindow.of(cluster.window().cron(),
                                cluster.window().duration(), cluster.window().zone()));
                    }
                    return clusterId;
                }).toList())).toList();
        FleetPlan.Gates gates = event.gates();
        checkQuery = gates == null ? null : gates.check();
        run = new FleetRun(waves, FailureBudget.of(event.failureBudget()), event.maxConcurrent(),
                gates == null ? WaveGates.NONE : new WaveGates(gates.soak() == null ? Duration.ZERO
                        : Duration.parse(gates.soak()), gates.check(), gates.approval()),
                cluster -> Optional.ofNullable(windows.get(cluster)));
    }

    @EventSourcingHandler
    void on(FleetWaveStarted event) {
        run.onWaveStarted(event.wave());
    }

    @EventSourcingHandler
    void on(FleetClusterStarted event) {
        run.onClusterStarted(ClusterId.of(event.clusterId()));
    }

    @EventSourcingHandler
    void on(FleetClusterSettled event, @Timestamp Instant at) {
        ClusterId cluster = ClusterId.of(event.clusterId());
        switch (event.outcome()) {
            case SUCCEEDED -> run.onClusterSucceeded(cluster, at);
            case PAUSED -> run.onClusterPaused(cluster, event.reason(), at);
            case FAILED -> run.onClusterFailed(cluster, event.reason(), at);
        }
    }

    @EventSourcingHandler
    void on(FleetClusterResumed event) {
        run.onClusterResumed(ClusterId.of(event.clusterId()));
    }

    @EventSourcingHandler
    void on(FleetUpgradeHalted event) {
        run.onStopped(new FleetRun.Stop(event.cause(), event.wave(), event.failed().stream()
                .map(failed -> new FleetRun.Failure(ClusterId.of(failed.clusterId()), failed.wave(),
                        FleetRun.ClusterState.valueOf(failed.outcome().name()), failed.reason())).toList(),
                event.allowedFailures(), event.detail()));
    }

    @EventSourcingHandler
    void on(FleetUpgradeResumed event) {
        run.onResumed();
        checkRequested = -1;
    }

    @EventSourcingHandler
    void on(FleetWaveCheckRequested event) {
        checkRequested = event.wave();
    }

    @EventSourcingHandler
    void on(FleetWaveChecked event) {
        run.onCheckRecorded(event.wave(), WaveCheck.Verdict.PASSED.name().equals(event.verdict()),
                event.verdict() + ": " + event.detail());
    }

    @EventSourcingHandler
    void on(FleetWaveAwaitingApproval event) {
        awaitingApproval = event.wave();
    }

    @EventSourcingHandler
    void on(FleetWaveApproved event) {
        run.onApproved(event.wave());
    }

    @EventSourcingHandler
    void on(FleetUpgradeAborted event) {
        run.onAborted();
        ended = true;
    }

    @EventSourcingHandler
    void on(FleetRollbackStarted event) {
        run.onAborted();
        ended = true;
        rollbackPending.addAll(event.clusters());
    }

    @EventSourcingHandler
    void on(FleetClusterRollback event) {
        rollbackPending.remove(event.clusterId());
        ("REFUSED".equals(event.outcome()) ? rollbackRefused : rollbackRequested).add(event.clusterId());
    }

    @EventSourcingHandler
    void on(FleetUpgradeRolledBack event) {
        ended = true;
    }

    @EventSourcingHandler
    void on(FleetUpgradeCompleted event) {
        ended = true;
    }
}
