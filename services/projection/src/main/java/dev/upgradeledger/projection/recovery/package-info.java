/**
 * Snapshots, recovery and rebuilds of the read models, and the checksum that proves a rebuild equals the live tables.
 */
package dev.upgradeledger.projection.recovery;
