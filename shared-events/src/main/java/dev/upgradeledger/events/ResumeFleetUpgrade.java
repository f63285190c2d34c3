package dev.upgradeledger.events;

/**
 * Lift a fleet upgrade's halt ({@code POST /api/v1/fleet-upgrades/{fleetId}/resume}): its failed clusters no longer
 * count, its paused ones are resumed. Needs {@code operator} on every cluster the fleet took.
 */
public record ResumeFleetUpgrade(UpgradeId fleetId) implements FleetCommand {

    public ResumeFleetUpgrade {
        Validation.require(fleetId != null, "fleetId is required");
    }
}
