/** The write side: takes commands, decides them in the cluster aggregate, stores events, publishes them. */
package dev.upgradeledger.commandapi;
