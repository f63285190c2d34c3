package dev.upgradeledger.events;

import java.util.Map;

/**
 * Record a fleet upgrade and start it: {@code POST /api/v1/fleet-upgrades} over Kafka. Needs {@code operator}
 * somewhere; takes only the clusters the sender may operate. Answered with the fleet's id and its plan.
 *
 * @param fleetId the fleet upgrade's id (also each cluster's upgrade id); a used one is refused {@code fleet-exists}
 * @param plan    the rest of the REST body, checked by command-api: {@code selector}, {@code targetVersion},
 *                {@code upgrade}, {@code waves}, {@code failureBudget}, {@code gates}, {@code windows},
 *                {@code estimatedClusterTime}
 */
public record StartFleetUpgrade(UpgradeId fleetId, Map<String, Object> plan) implements FleetCommand {

    public StartFleetUpgrade {
        Validation.require(fleetId != null, "fleetId is required");
        Validation.require(plan != null, "plan is required");
        plan = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(plan));
    }
}
