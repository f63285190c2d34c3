/** Kafka edge of the executor: reads ledger.events in the executor's own consumer group. */
package dev.upgradeledger.executor.messaging;
