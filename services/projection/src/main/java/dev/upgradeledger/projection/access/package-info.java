/** Who may read the projection: viewers per cluster or product; admins for snapshots, recovery and rebuilds. */
package dev.upgradeledger.projection.access;
