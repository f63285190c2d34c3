package dev.upgradeledger.commandapi.fleet;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of {@code POST /api/v1/fleet-upgrades}: a plan's body ({@link FleetPlanRequest}) with the fleet upgrade's
 * id, which is also the upgrade id of each of its clusters' upgrades.
 */
public record FleetUpgradeRequest(
        @Schema(description = "the fleet upgrade's id, 1-64 letters, digits or ._- characters; generated when left out;"
                + " each cluster's upgrade carries it as its upgrade id") String fleetId,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) FleetPlanRequest.Selector selector,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String targetVersion,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) FleetPlanRequest.Settings upgrade,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) FleetPlanRequest.Waves waves,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String failureBudget,
        FleetPlanRequest.Gates gates, FleetPlanRequest.Windows windows, String estimatedClusterTime) {

    FleetPlanRequest plan() {
        return new FleetPlanRequest(selector, targetVersion, upgrade, waves, failureBudget, gates, windows,
                estimatedClusterTime);
    }
}
