package dev.upgradeledger.events;

/**
 * Approve the start of a fleet upgrade's next wave ({@code POST /api/v1/fleet-upgrades/{fleetId}/approvals}), when the
 * fleet was started with {@code gates.approval} and waits for it. Who approves is the sender (the token), never a
 * field. Needs {@code operator} on every cluster the fleet took.
 *
 * @param wave   the wave approved (its index, 1 for the first wave after the canary); the fleet must wait for it
 * @param reason why (1 to {@value InputLimits#MAX_REASON} characters)
 */
public record ApproveFleetWave(UpgradeId fleetId, int wave, String reason) implements FleetCommand {

    public ApproveFleetWave {
        Validation.require(fleetId != null, "fleetId is required");
        Validation.require(wave >= 1 && wave <= 10_000, "wave is a wave index from 1 (the canary needs no approval)");
        Validation.require(reason != null && !reason.isBlank(), "reason is required");
        InputLimits.requireReason(reason);
    }
}
