/** REST view of the executor's per-cluster cursors under /api/v1/cursors. */
package dev.upgradeledger.executor.tracking.web;
