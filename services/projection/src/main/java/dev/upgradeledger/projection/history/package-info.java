/** The per-cluster history read model: every event with its audit trail, filtered and paged for SREs. */
package dev.upgradeledger.projection.history;
