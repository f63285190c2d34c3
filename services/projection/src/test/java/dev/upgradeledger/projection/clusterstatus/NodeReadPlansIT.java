package dev.upgradeledger.projection.clusterstatus;

import static dev.upgradeledger.projection.QueryPlans.LargeCluster.numbered;
import static dev.upgradeledger.projection.QueryPlans.LargeCluster.same;
import static dev.upgradeledger.projection.QueryPlans.assertKeyByKey;

import dev.upgradeledger.projection.QueryPlans;
import dev.upgradeledger.testsupport.LedgerIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The node reads of a batch, planned by the real PostgreSQL over a 5,000-node cluster whose statistics are stale: by
 * node, by last step and by running last step, each key is looked up in an index, never the whole node table.
 */
@LedgerIntegrationTest
class NodeReadPlansIT {

    private static final int KEYS = 200;

    @Autowired
    JdbcClient jdbc;
    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void aBatchLooksItsNodesUpKeyByKey() {
        String plan = new QueryPlans(jdbc, transactions).explain(ClusterStatusRepository.NODES_TO_CHANGE, cluster -> new Object[] {
                cluster.clusters(KEYS), numbered("n-", KEYS),
                cluster.clusters(KEYS), same("u", KEYS), numbered("s", KEYS),
                cluster.clusters(KEYS), same("u", KEYS)});
        assertKeyByKey(plan, "node_status");
        org.assertj.core.api.Assertions.assertThat(plan).as(plan).contains("node_status_last_step");
    }
}
