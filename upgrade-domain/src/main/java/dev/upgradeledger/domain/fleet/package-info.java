/**
 * Fleet upgrades as pure functions: which clusters a selector takes, each one's own path to the target (or why it is
 * skipped), the wave plan, the failure budget across clusters, maintenance windows, and the run's next move at a given
 * instant. No Spring, no Axon, no I/O; time comes in as an argument.
 */
package dev.upgradeledger.domain.fleet;
