package dev.upgradeledger.projection;

/** An event changed the live read models; published inside the applying transaction (never for a duplicate). */
public record EventApplied(String clusterId, long sequence, long position) {
}
