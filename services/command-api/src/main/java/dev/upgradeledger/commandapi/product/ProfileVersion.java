package dev.upgradeledger.commandapi.product;

/**
 * The answer to a declaration: the product's current profile version after it, and whether the declaration made a new
 * one (false: it equals the current version, nothing was stored).
 */
public record ProfileVersion(String product, long version, boolean changed) {
}
