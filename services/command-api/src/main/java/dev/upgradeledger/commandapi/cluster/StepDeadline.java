package dev.upgradeledger.commandapi.cluster;

import dev.upgradeledger.events.UpgradeId;

/** Payload of a step's time-out and retry deadlines: which attempt of which step they are for. */
record StepDeadline(UpgradeId upgradeId, String stepId, int attempt) {
}
