/** Real PostgreSQL and Kafka for integration tests, from Testcontainers or embedded servers, behind one switch. */
package dev.upgradeledger.testsupport;
