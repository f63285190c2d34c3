/** Repeated commands get their first answer: REST Idempotency-Key and Kafka command ids. */
package dev.upgradeledger.commandapi.idempotency;
