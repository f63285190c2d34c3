package dev.upgradeledger.events;

/**
 * Roll a fleet upgrade back ({@code POST /api/v1/fleet-upgrades/{fleetId}/rollback}): nothing more starts, and each
 * cluster the fleet upgraded or is upgrading is asked to roll its upgrade back, where its strategy allows it (each
 * refusal is recorded with its rule). Needs {@code operator} on every cluster the fleet took.
 *
 * @param reason why (at most {@value InputLimits#MAX_REASON} characters), or null
 */
public record RollBackFleetUpgrade(UpgradeId fleetId, String reason) implements FleetCommand {

    public RollBackFleetUpgrade {
        Validation.require(fleetId != null, "fleetId is required");
        if (reason != null) {
            InputLimits.requireReason(reason);
        }
    }
}
