/** {@code ledger}, the command line for SREs: every command is one or two calls of the services' REST APIs. */
package dev.upgradeledger.cli;
