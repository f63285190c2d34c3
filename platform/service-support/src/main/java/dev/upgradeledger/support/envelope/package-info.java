/** The JSON wire format of {@link dev.upgradeledger.events.EventEnvelope} on {@code ledger.events}. */
package dev.upgradeledger.support.envelope;
