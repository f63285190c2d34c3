/** Trace context where no framework carries it: in stored events, in the executor's inbox, across batch listeners. */
package dev.upgradeledger.support.tracing;
