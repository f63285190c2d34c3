package dev.upgradeledger.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One event of a fleet upgrade as published on {@link LedgerTopics#FLEET_EVENTS}, keyed by fleet id. Fleet upgrades are
 * recorded by command-api's {@code FleetUpgrade} aggregate; their events are not per cluster, so they have this
 * envelope and topic of their own (the clusters' own upgrades, which carry the fleet's id as their upgrade id, are on
 * {@link LedgerTopics#EVENTS} as usual).
 *
 * @param sequence  the event's place in the fleet's history, from 0; consumers skip what they have applied
 * @param eventType one of {@link #EVENT_TYPES}
 * @param payload   the event's fields, as JSON
 */
public record FleetEventEnvelope(String eventId, String eventType, String eventRevision, String fleetId,
                                 long sequence, Instant timestamp, String correlationId, String actor,
                                 Map<String, Object> payload) {

    /** The fleet events, in the order a fleet upgrade may record them. */
    public static final List<String> EVENT_TYPES = List.of("FleetUpgradeStarted", "FleetWaveStarted",
            "FleetClusterStarted", "FleetClusterSettled", "FleetClusterResumed", "FleetUpgradeHalted",
            "FleetUpgradeResumed", "FleetUpgradeAborted", "FleetUpgradeCompleted", "FleetWaveAwaitingApproval",
            "FleetWaveApproved", "FleetWaveCheckRequested", "FleetWaveChecked",
            "FleetRollbackStarted", "FleetClusterRollback", "FleetUpgradeRolledBack");
}
