/** Performs started steps through the cluster's driver and reports each outcome back, effects once. */
package dev.upgradeledger.executor.runner;
