/** Kafka topics, broker health and dead-lettering shared by the services. */
package dev.upgradeledger.support.kafka;
