package dev.upgradeledger.projection.upgradeprogress;

import static dev.upgradeledger.projection.QueryPlans.LargeCluster.numbered;
import static dev.upgradeledger.projection.QueryPlans.LargeCluster.same;
import static dev.upgradeledger.projection.QueryPlans.assertKeyByKey;

import dev.upgradeledger.projection.QueryPlans;
import dev.upgradeledger.testsupport.LedgerIntegrationTest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The upgrade-progress reads of a batch, planned by the real PostgreSQL over a 5,000-step plan whose statistics are
 * stale: each key is looked up in an index. Joined to the unnested keys, they hashed the whole step table per batch.
 */
@LedgerIntegrationTest
class StepReadPlansIT {

    private static final int KEYS = 200;

    @Autowired
    JdbcClient jdbc;
    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void aBatchLooksItsUpgradesAndStepsUpKeyByKey() {
        QueryPlans plans = new QueryPlans(jdbc, transactions);
        Integer[] planOne = new Integer[KEYS];
        Arrays.fill(planOne, 1);

        assertKeyByKey(plans.explain(UpgradeProgressRepository.STEPS_BY_KEY, cluster -> new Object[] {
                cluster.clusters(KEYS), same("u", KEYS), planOne, numbered("s", KEYS)}), "upgrade_step");
        assertKeyByKey(plans.explain(UpgradeProgressRepository.STEPS_OF_NODES, cluster -> new Object[] {
                cluster.clusters(KEYS), same("u", KEYS), planOne, numbered("n-", KEYS)}), "upgrade_step");
        assertKeyByKey(plans.explain(UpgradeProgressRepository.UNSETTLED_STEPS, cluster -> new Object[] {
                cluster.clusters(KEYS), same("u", KEYS), planOne}), "upgrade_step");
        assertKeyByKey(plans.explain(UpgradeProgressRepository.UPGRADES_BY_KEY, cluster -> new Object[] {
                cluster.clusters(KEYS), same("u", KEYS)}), "upgrade_progress");
    }
}
