/** The contract between the services: events, typed ids, topics and the envelope that carries events on Kafka. */
package dev.upgradeledger.events;
