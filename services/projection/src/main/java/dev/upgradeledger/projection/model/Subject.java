package dev.upgradeledger.projection.model;

import dev.upgradeledger.events.DiscoveryGroupClaimed;
import dev.upgradeledger.events.DiscoveryGroupReleased;

import dev.upgradeledger.events.ApprovalRejected;
import dev.upgradeledger.events.LedgerEvent;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.NodeQuarantined;
import dev.upgradeledger.events.NodeRemoved;
import dev.upgradeledger.events.RollbackStarted;
import dev.upgradeledger.events.StepFailed;
import dev.upgradeledger.events.StepStarted;
import dev.upgradeledger.events.StepTimedOut;
import dev.upgradeledger.events.UpgradeAborted;
import dev.upgradeledger.events.UpgradeCompleted;
import dev.upgradeledger.events.UpgradeAbandoned;
import dev.upgradeledger.events.UpgradeFailed;
import dev.upgradeledger.events.UpgradeFinalized;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.events.UpgradePaused;
import dev.upgradeledger.events.UpgradePlanned;
import dev.upgradeledger.events.UpgradeRejected;
import dev.upgradeledger.events.UpgradeRequested;
import dev.upgradeledger.events.UpgradeResumed;
import java.util.Optional;

/**
 * What an event is about: its upgrade, step and node, and the step it settles when it is a step's fact. Read from the
 * event's type, one branch per type (no reflection).
 *
 * @param upgradeId null for events of the cluster alone
 * @param stepId    null for events about no step
 * @param nodeId    null for events about no node (a cluster-wide step, the cluster itself)
 * @param fact      the step's fact, null unless the event is one
 */
public record Subject(String upgradeId, String stepId, String nodeId, StepFact fact) {

    private static final Subject NONE = new Subject(null, null, null, null);

    public static Subject of(LedgerEvent event) {
        Optional<StepFact> fact = StepFact.of(event);
        if (fact.isPresent()) {
            StepFact f = fact.get();
            return new Subject(f.upgradeId().value(), f.stepId(), text(f.nodeId()), f);
        }
        if (event instanceof StepStarted e) {
            return new Subject(e.upgradeId().value(), e.stepId(), text(e.nodeId()), null);
        } else if (event instanceof StepFailed e) {
            return step(e.upgradeId(), e.stepId());
        } else if (event instanceof StepTimedOut e) {
            return step(e.upgradeId(), e.stepId());
        } else if (event instanceof ApprovalRejected e) {
            return step(e.upgradeId(), e.stepId());
        } else if (event instanceof NodeQuarantined e) {
            return new Subject(e.upgradeId().value(), e.stepId(), e.nodeId().value(), null);
        } else if (event instanceof NodeRemoved e) {
            return new Subject(null, null, e.nodeId().value(), null);
        }
        UpgradeId upgrade = upgradeOf(event);
        return upgrade == null ? NONE : new Subject(upgrade.value(), null, null, null);
    }

    /** The step's fact, if the event is one. */
    public Optional<StepFact> settles() {
        return Optional.ofNullable(fact);
    }

    private static Subject step(UpgradeId upgradeId, String stepId) {
        return new Subject(upgradeId.value(), stepId, null, null);
    }

    private static UpgradeId upgradeOf(LedgerEvent event) {
        if (event instanceof UpgradeRequested e) {
            return e.upgradeId();
        } else if (event instanceof UpgradeRejected e) {
            return e.upgradeId();
        } else if (event instanceof UpgradePlanned e) {
            return e.upgradeId();
        } else if (event instanceof UpgradePaused e) {
            return e.upgradeId();
        } else if (event instanceof UpgradeResumed e) {
            return e.upgradeId();
        } else if (event instanceof RollbackStarted e) {
            return e.upgradeId();
        } else if (event instanceof UpgradeAborted e) {
            return e.upgradeId();
        } else if (event instanceof UpgradeFailed e) {
            return e.upgradeId();
        } else if (event instanceof UpgradeCompleted e) {
            return e.upgradeId();
        } else if (event instanceof UpgradeFinalized e) {
            return e.upgradeId();
        } else if (event instanceof UpgradeAbandoned e) {
            return e.upgradeId();
        } else if (event instanceof DiscoveryGroupClaimed e) {
            return e.upgradeId(); // null for a claim by command
        } else if (event instanceof DiscoveryGroupReleased e) {
            return e.upgradeId();
        }
        return null;
    }

    private static String text(NodeId nodeId) {
        return nodeId == null ? null : nodeId.value();
    }
}
