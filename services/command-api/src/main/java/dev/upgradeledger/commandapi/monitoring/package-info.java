/** What command-api tells Prometheus beyond Spring's own meters: commands by type and outcome, the publisher's lag. */
package dev.upgradeledger.commandapi.monitoring;
