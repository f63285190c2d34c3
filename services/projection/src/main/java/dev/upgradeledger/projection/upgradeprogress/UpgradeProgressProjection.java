package dev.upgradeledger.projection.upgradeprogress;

import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.LedgerEvent;
import dev.upgradeledger.events.NodeQuarantined;
import dev.upgradeledger.events.RollbackStarted;
import dev.upgradeledger.events.StepFailed;
import dev.upgradeledger.events.StepStarted;
import dev.upgradeledger.events.StepTimedOut;
import dev.upgradeledger.events.UpgradeAborted;
import dev.upgradeledger.events.UpgradeCompleted;
import dev.upgradeledger.events.UpgradeFailed;
import dev.upgradeledger.events.UpgradeFinalized;
import dev.upgradeledger.events.UpgradePaused;
import dev.upgradeledger.events.UpgradePlanned;
import dev.upgradeledger.events.UpgradeRejected;
import dev.upgradeledger.events.UpgradeRequested;
import dev.upgradeledger.events.UpgradeResumed;
import dev.upgradeledger.projection.ReadModel;
import dev.upgradeledger.projection.StepFact;
import dev.upgradeledger.projection.upgradeprogress.UpgradeProgressRepository.Key;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The upgrade-progress read model. {@code UpgradeRequested} opens a row per (cluster, upgrade); each
 * {@code UpgradePlanned} (one per hop) and {@code RollbackStarted} adds a plan with its steps; step events move the
 * steps of the current plan; every change recomputes the upgrade's counts and current stage from its steps. A request
 * with an upgrade id already used on the cluster starts that row afresh (the history keeps both).
 */
@Component
class UpgradeProgressProjection implements ReadModel {

    private final UpgradeProgressRepository repository;

    UpgradeProgressProjection(UpgradeProgressRepository repository) {
        this.repository = repository;
    }

    @Override
    public void apply(EventEnvelope envelope) {
        LedgerEvent event = envelope.payload();
        if (event instanceof UpgradeRejected rejected) {
            repository.rejected(rejected, envelope);
        } else if (event instanceof UpgradeRequested requested) {
            repository.requested(requested, envelope);
        } else {
            Optional<Key> changed = change(event, envelope);
            changed.ifPresent(key -> repository.refresh(key, envelope));
        }
    }

    /** Applies an event of a running upgrade; the upgrade it changed, if any. */
    private Optional<Key> change(LedgerEvent event, EventEnvelope envelope) {
        if (event instanceof UpgradePlanned planned) {
            Key key = Key.of(planned.clusterId(), planned.upgradeId());
            repository.planned(key, planned, envelope);
            return Optional.of(key);
        }
        if (event instanceof StepStarted started) {
            Key key = Key.of(started.clusterId(), started.upgradeId());
            repository.stepStarted(key, started, envelope);
            return Optional.of(key);
        }
        if (event instanceof StepFailed failed) {
            Key key = Key.of(failed.clusterId(), failed.upgradeId());
            repository.stepFailed(key, failed.stepId(), failed.attempt(), failed.code(), failed.message(),
                    failed.willRetry() ? StepStatus.RETRYING : StepStatus.FAILED, envelope);
            return Optional.of(key);
        }
        if (event instanceof StepTimedOut timedOut) {
            Key key = Key.of(timedOut.clusterId(), timedOut.upgradeId());
            String message = "no outcome before " + repository.deadline(key, timedOut.stepId()).map(String::valueOf)
                    .orElse("its deadline");
            repository.stepFailed(key, timedOut.stepId(), timedOut.attempt(), "timeout", message,
                    timedOut.willRetry() ? StepStatus.RETRYING : StepStatus.TIMED_OUT, envelope);
            return Optional.of(key);
        }
        if (event instanceof NodeQuarantined quarantined) {
            Key key = Key.of(quarantined.clusterId(), quarantined.upgradeId());
            repository.quarantined(key, quarantined.nodeId().value(), envelope);
            return Optional.of(key);
        }
        Optional<StepFact> fact = StepFact.of(event);
        if (fact.isPresent()) {
            Key key = Key.of(event.clusterId(), fact.get().upgradeId());
            repository.stepSucceeded(key, fact.get().stepId(), envelope);
            return Optional.of(key);
        }
        if (event instanceof UpgradePaused paused) {
            Key key = Key.of(paused.clusterId(), paused.upgradeId());
            repository.paused(key, paused.reason(), envelope);
            return Optional.of(key);
        }
        if (event instanceof UpgradeResumed resumed) {
            Key key = Key.of(resumed.clusterId(), resumed.upgradeId());
            repository.resumed(key, envelope);
            return Optional.of(key);
        }
        if (event instanceof RollbackStarted rollback) {
            Key key = Key.of(rollback.clusterId(), rollback.upgradeId());
            repository.rollbackStarted(key, rollback, envelope);
            return Optional.of(key);
        }
        if (event instanceof UpgradeAborted aborted) {
            Key key = Key.of(aborted.clusterId(), aborted.upgradeId());
            repository.ended(key, UpgradeStatus.ABORTED, "aborted_at", aborted.reason(), envelope);
            return Optional.of(key);
        }
        if (event instanceof UpgradeFailed failed) {
            Key key = Key.of(failed.clusterId(), failed.upgradeId());
            repository.ended(key, UpgradeStatus.FAILED, "failed_at", failed.reason(), envelope);
            return Optional.of(key);
        }
        if (event instanceof UpgradeCompleted completed) {
            Key key = Key.of(completed.clusterId(), completed.upgradeId());
            repository.ended(key, completed.rolledBack() ? UpgradeStatus.ROLLED_BACK : UpgradeStatus.COMPLETED,
                    "completed_at", null, envelope);
            return Optional.of(key);
        }
        if (event instanceof UpgradeFinalized finalized) {
            Key key = Key.of(finalized.clusterId(), finalized.upgradeId());
            repository.finalized(key, envelope);
            return Optional.of(key);
        }
        return Optional.empty();
    }
}
