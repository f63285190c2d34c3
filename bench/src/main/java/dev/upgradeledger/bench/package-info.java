/**
 * Benchmark harness: starts the whole system on the embedded servers, measures the machine's own limits, throughput,
 * latency and memory in the same run, and reports them. Nothing here asserts a speed.
 */
package dev.upgradeledger.bench;
