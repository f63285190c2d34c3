package dev.upgradeledger.events;

/**
 * A command to one fleet upgrade (command-api's {@code FleetUpgrade}), routed by {@link #fleetId()}. On
 * {@link LedgerTopics#COMMANDS} it is keyed by {@link #recordKey(String) fleet/<id>}, which no cluster id can be.
 * The checks and roles are those of the same REST call ({@code /api/v1/fleet-upgrades}).
 */
public sealed interface FleetCommand extends LedgerCommand permits StartFleetUpgrade, ResumeFleetUpgrade,
        AbortFleetUpgrade, ApproveFleetWave, RollBackFleetUpgrade {

    UpgradeId fleetId();

    /** The Kafka key of a fleet upgrade's commands: {@code fleet/<id>}. */
    static String recordKey(String fleetId) {
        return "fleet/" + fleetId;
    }
}
