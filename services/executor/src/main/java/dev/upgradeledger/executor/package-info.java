/** Acts on the ledger's events: performs started steps through node drivers and reports their outcomes. */
package dev.upgradeledger.executor;
