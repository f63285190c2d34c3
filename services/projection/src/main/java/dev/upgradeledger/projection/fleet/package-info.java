/**
 * Fleet upgrades as read models, from {@code ledger.fleet-events}: each fleet's waves, its clusters with their state
 * (joined with their own upgrade's read model), the skipped clusters, the failure budget and the last halt.
 */
package dev.upgradeledger.projection.fleet;
