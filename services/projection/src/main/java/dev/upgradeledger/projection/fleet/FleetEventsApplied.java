package dev.upgradeledger.projection.fleet;

import java.util.List;

/**
 * Fleet events the read models applied in one transaction, with their stream ids: published to the live stream once
 * the transaction committed.
 */
public record FleetEventsApplied(List<FleetStreamEvent> events) {
}
