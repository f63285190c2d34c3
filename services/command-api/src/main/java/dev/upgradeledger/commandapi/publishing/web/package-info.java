/** Admin endpoints of the publisher: its status, and a replay of the whole event store to Kafka. */
package dev.upgradeledger.commandapi.publishing.web;
