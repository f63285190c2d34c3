/**
 * What an event means for a cluster's state, decided once: pure transitions from the state before and an event to the
 * state after ({@link dev.upgradeledger.projection.model.ClusterTransition},
 * {@link dev.upgradeledger.projection.model.UpgradeTransition}), the upgrade's status
 * ({@link dev.upgradeledger.projection.model.UpgradeLifecycle}) and what an event is about
 * ({@link dev.upgradeledger.projection.model.Subject}, {@link dev.upgradeledger.projection.model.StepFact}). No
 * framework, no I/O, no clock: used by the live read models, time travel and the diagnosis alike.
 */
package dev.upgradeledger.projection.model;
