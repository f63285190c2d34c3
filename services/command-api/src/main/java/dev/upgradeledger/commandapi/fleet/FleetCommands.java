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

    /**
     * Approves the start of the wave the fleet waits for.
     *
     * @param approvedBy the sender (the token's subject), never a field of a request
     */
    record ApproveFleetWave(@TargetAggregateIdentifier String aggregateId, int wave, String approvedBy,
                            String reason) {
    }

    /** The result of the check after {@code wave}, as the fleet's process evaluated it. */
    record RecordWaveCheck(@TargetAggregateIdentifier String aggregateId, int wave, String verdict, Double value,
                           String detail, String checkedAt) {
    }

    /** Nothing more starts; the clusters upgraded or upgrading are asked to roll back. */
    record RollBackFleetUpgrade(@TargetAggregateIdentifier String aggregateId, String reason) {
    }

    /**
     * What a cluster answered the fleet's rollback.
     *
     * @param outcome {@code REQUESTED}, {@code ABORTED} (nothing to roll back: its upgrade was aborted) or {@code
     *                REFUSED}
     * @param rule    the refusal's rule, null when the rollback was requested
     */
    record RecordClusterRollback(@TargetAggregateIdentifier String aggregateId, String clusterId, String outcome,
                                 String rule, String detail) {
    }

    /** The payload of the deadline that asks the fleet again when a window opens or a soak ends. */
    record FleetWakeUp(String fleetId) {
    }
}
