package dev.upgradeledger.commandapi.fleet;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** command-api's own commands to the {@link FleetUpgrade} aggregate ({@code fleet/<id>}). */
final class FleetCommands {

    private FleetCommands() {
    }

    /** Records a fleet upgrade with its whole plan, then starts its first wave. */
    record StartFleetUpgrade(@TargetAggregateIdentifier String aggregateId,
                             FleetUpgradeEvent.FleetUpgradeStarted plan) {
    }

    /** What one of the fleet's clusters did, as its own upgrade's events say; the fleet takes each fact once. */
    record RecordClusterOutcome(@TargetAggregateIdentifier String aggregateId, String clusterId, Kind kind,
                                String version, String reason) {

        enum Kind {
            SUCCEEDED, PAUSED, FAILED, RESUMED
        }
    }

    /** Lifts a halt: the failed clusters no longer count, the paused ones are resumed. */
    record ResumeFleetUpgrade(@TargetAggregateIdentifier String aggregateId) {
    }

    /** Nothing more starts; the running clusters' upgrades are aborted. */
    record AbortFleetUpgrade(@TargetAggregateIdentifier String aggregateId, String reason) {
    }

    /** The payload of the deadline that asks the fleet again when a window opens or a soak ends. */
    record FleetWakeUp(String fleetId) {
    }
}
