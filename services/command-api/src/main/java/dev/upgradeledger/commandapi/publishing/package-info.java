/** Publishes every stored event to Kafka, at least once and in per-cluster order. */
package dev.upgradeledger.commandapi.publishing;
