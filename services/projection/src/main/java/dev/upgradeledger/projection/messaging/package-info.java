/** Kafka edge of the projection: reads ledger.events and hands each envelope to the read models. */
package dev.upgradeledger.projection.messaging;
