/** Axon's event store, tuned so that stored events are published as soon as they are visible. */
package dev.upgradeledger.commandapi.eventstore;
