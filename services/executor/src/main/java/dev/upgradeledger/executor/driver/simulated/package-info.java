/** The simulated driver: a fleet in the executor's database with latency and fault injection, for demos and tests. */
package dev.upgradeledger.executor.driver.simulated;
