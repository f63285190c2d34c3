/** Local stack launcher: embedded PostgreSQL, a KRaft Kafka broker and the services as supervised child processes. */
package dev.upgradeledger.local;
