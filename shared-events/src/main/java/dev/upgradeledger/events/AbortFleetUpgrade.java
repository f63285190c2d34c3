package dev.upgradeledger.events;

/**
 * End a fleet upgrade ({@code POST /api/v1/fleet-upgrades/{fleetId}/abort}): nothing more starts, its running
 * clusters' upgrades are aborted. Needs {@code operator} on every cluster the fleet took.
 *
 * @param reason why (at most {@value InputLimits#MAX_REASON} characters), or null
 */
public record AbortFleetUpgrade(UpgradeId fleetId, String reason) implements FleetCommand {

    public AbortFleetUpgrade {
        Validation.require(fleetId != null, "fleetId is required");
        if (reason != null) {
            InputLimits.requireReason(reason);
        }
    }
}
