/** How far the executor has read each cluster's history: the guard that makes redelivered events harmless. */
package dev.upgradeledger.executor.tracking;
