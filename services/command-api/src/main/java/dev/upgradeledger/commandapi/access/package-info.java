/** Who may call command-api: operators per cluster or product, the executor for outcomes, admins for the publisher. */
package dev.upgradeledger.commandapi.access;
