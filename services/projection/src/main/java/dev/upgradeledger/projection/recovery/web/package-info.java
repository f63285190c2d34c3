/** The projection's admin API under /admin/v1: snapshots, recovery, rebuilds, checksum. */
package dev.upgradeledger.projection.recovery.web;
