/** End-to-end tests of the packaged services, run as separate processes on real PostgreSQL and Kafka. */
package dev.upgradeledger.systemtests;
