/** Fleet upgrades: the plan of an upgrade of many clusters in waves (dry run), decided by upgrade-domain's fleet rules. */
package dev.upgradeledger.commandapi.fleet;
