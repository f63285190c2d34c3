package dev.upgradeledger.commandapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.commandapi.audit.RequestAudit;
import dev.upgradeledger.commandapi.cluster.ClusterCommands;
import dev.upgradeledger.events.AddNode;
import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.NodeSpec;
import dev.upgradeledger.testsupport.LedgerIntegrationTest;
import dev.upgradeledger.testsupport.ServiceIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Clusters kept in memory between commands are never used when the event store says otherwise. */
@LedgerIntegrationTest
class ClusterCacheIT extends ServiceIntegrationTest {

    @Autowired
    ClusterCommands commands;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aCommandWhoseTransactionRolledBackLeavesNoTraceInTheNextDecision() {
        String clusterId = CommandApiIT.uniqueClusterId();
        assertThat(api.post("/api/v1/clusters", CommandApiIT.registration(clusterId)).status()).isEqualTo(201);
        int registered = new StoredEvents(jdbc).count(clusterId);
        AddNode add = new AddNode(ClusterId.of(clusterId), new NodeSpec(NodeId.of("engine-3"), "10.0.0.13:8080", null),
                null);

        // Axon's unit of work commits inside the outer transaction (and caches the cluster with engine-3), then the
        // outer transaction rolls back, as when a Kafka command's stored answer loses a race.
        transactions.executeWithoutResult(status -> {
            commands.send(add, RequestAudit.from("test", null));
            status.setRollbackOnly();
        });
        assertThat(new StoredEvents(jdbc).count(clusterId)).isEqualTo(registered);

        // decided on the stored history, where engine-3 was never added: accepted, not refused as a duplicate node
        assertThat(api.post("/api/v1/clusters/" + clusterId + "/nodes",
                "{\"id\":\"engine-3\",\"address\":\"10.0.0.13:8080\"}").status()).isEqualTo(201);
        assertThat(new StoredEvents(jdbc).count(clusterId)).isEqualTo(registered + 1);
    }
}
