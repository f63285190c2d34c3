/** The {@code script} node driver: every action runs a configured local command. */
package dev.upgradeledger.executor.driver.script;
