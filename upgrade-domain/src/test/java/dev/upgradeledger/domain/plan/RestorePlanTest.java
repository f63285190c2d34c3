package dev.upgradeledger.domain.plan;

import static dev.upgradeledger.domain.plan.PlanFixtures.descriptions;
import static dev.upgradeledger.domain.plan.PlanFixtures.node;
import static dev.upgradeledger.domain.plan.PlanFixtures.planned;
import static dev.upgradeledger.domain.plan.PlanFixtures.refused;
import static dev.upgradeledger.domain.plan.PlanFixtures.request;
import static dev.upgradeledger.domain.plan.PlanFixtures.stages;
import static dev.upgradeledger.domain.plan.PlanFixtures.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.events.Rule;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.events.UpgradePlan;
import dev.upgradeledger.events.UpgradeStrategy;
import dev.upgradeledger.events.Version;
import org.junit.jupiter.api.Test;

/** Plans after the IPFS Cluster full disaster recovery procedure (seed 002, "Troubleshooting upgrades"). */
class RestorePlanTest {

    private final UpgradePlanner planner = new UpgradePlanner();
    private final RecordedExport export = new RecordedExport(UpgradeId.of("bootstrap-1"), "sha256:abc",
            "sim://k-1", Version.of("1.0.7"), Version.of("1"));

    /** Peers left mixed by a failed bootstrap upgrade: peer-a on 1.0.8, the others still on 1.0.7. */
    private static PlanFixtures.RequestBuilder threeIpfsPeers() {
        return request("ipfs", UpgradeStrategy.RESTORE, "1.0.8")
                .nodes(node("peer-c", null, "1.0.7"), node("peer-a", null, "1.0.8"), node("peer-b", null, "1.0.7"));
    }

    @Test
    void disasterRecoveryImportsOnAPeerOfTheExportsVersionUpgradesItOfflineThenBootstrapsTheRestOneByOne() {
        UpgradePlan plan = planned(planner.planRestore(threeIpfsPeers().stateFormatChange().build(), export));

        assertThat(stages(plan)).containsExactly(
                "STOP_NODE peer-a, peer-b, peer-c",
                "CLEAN_PEER peer-a",                                                // 3: set up on the old version
                "IMPORT_STATE @ipfs",                                               // 4
                "UPGRADE_NODE peer-a",                                              // 5
                "MIGRATE_SCHEMA @ipfs",                                             // 6
                "START_NODE peer-a", "VERIFY_NODE peer-a", "CHECK_STATE peer-a",    // 7
                "CLEAN_PEER peer-b", "UPGRADE_NODE peer-b", "REJOIN_PEER peer-b", "CHECK_STATE peer-b",   // 8
                "VERIFY_NODE peer-b",
                "CLEAN_PEER peer-c", "UPGRADE_NODE peer-c", "REJOIN_PEER peer-c", "CHECK_STATE peer-c",
                "VERIFY_NODE peer-c");
        assertThat(descriptions(plan).get(1)).isEqualTo(
                "set up peer-a afresh on 1.0.7, the version the export of upgrade bootstrap-1 was taken on (guide step 3)");
        assertThat(step(plan, "s1.0").parameters()).containsEntry("version", "1.0.7");
        assertThat(step(plan, "s2.0").parameters()).containsEntry("exportedBy", "bootstrap-1")
                .containsEntry("checksum", "sha256:abc").containsEntry("dumpRef", "sim://k-1")
                .containsEntry("version", "1.0.7").containsEntry("onNode", "peer-a");
        assertThat(step(plan, "s3.0").parameters()).containsEntry("from", "1.0.7").containsEntry("version", "1.0.8");
        assertThat(step(plan, "s4.0").parameters()).containsEntry("onNode", "peer-a")
                .containsEntry("stateFormatChange", "true");
        assertThat(step(plan, "s8.0").parameters()).doesNotContainKey("version");
        assertThat(step(plan, "s10.0").parameters()).containsEntry("bootstrap", "peer-a");
        assertThat(step(plan, "s11.0").parameters()).containsEntry("against", "peer-a");
    }

    @Test
    void aRestoreOntoTheExportsOwnVersionUpgradesNothingAndMigratesNothing() {
        RecordedExport sameVersion = new RecordedExport(UpgradeId.of("offline-1"), "sha256:abc", "",
                Version.of("1.0.8"), Version.of("1"));
        UpgradePlan plan = planned(planner.planRestore(request("ipfs", UpgradeStrategy.RESTORE, "1.0.8")
                .nodes(node("peer-a", null, "1.0.8"), node("peer-b", null, "1.0.8")).build(), sameVersion));

        assertThat(stages(plan)).containsExactly("STOP_NODE peer-a, peer-b", "CLEAN_PEER peer-a", "IMPORT_STATE @ipfs",
                "START_NODE peer-a", "VERIFY_NODE peer-a", "CHECK_STATE peer-a",
                "CLEAN_PEER peer-b", "REJOIN_PEER peer-b", "CHECK_STATE peer-b", "VERIFY_NODE peer-b");
    }

    @Test
    void aRestoreWithoutItsExportIsRefusedNamingTheRule() {
        assertThat(refused(planner.plan(threeIpfsPeers().build())).rule()).isEqualTo(Rule.NO_EXPORT_RECORDED.id());
    }
}
