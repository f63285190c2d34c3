/** The read side: builds read models from ledger.events and serves them to dashboards and SREs. */
package dev.upgradeledger.projection;
