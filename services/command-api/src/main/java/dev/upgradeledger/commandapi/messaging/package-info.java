/** Kafka edge of command-api: commands from ledger.commands, answers on ledger.command-results. */
package dev.upgradeledger.commandapi.messaging;
