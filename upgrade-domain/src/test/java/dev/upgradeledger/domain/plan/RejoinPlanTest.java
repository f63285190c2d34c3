package dev.upgradeledger.domain.plan;

import static dev.upgradeledger.domain.plan.PlanFixtures.descriptions;
import static dev.upgradeledger.domain.plan.PlanFixtures.node;
import static dev.upgradeledger.domain.plan.PlanFixtures.planned;
import static dev.upgradeledger.domain.plan.PlanFixtures.request;
import static dev.upgradeledger.domain.plan.PlanFixtures.stages;
import static dev.upgradeledger.domain.plan.PlanFixtures.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.events.UpgradePlan;
import dev.upgradeledger.events.UpgradeStrategy;
import org.junit.jupiter.api.Test;

/** Plans after the IPFS Cluster bootstrap upgrade procedure (seed 002). */
class RejoinPlanTest {

    private final UpgradePlanner planner = new UpgradePlanner();

    private static PlanFixtures.RequestBuilder fourIpfsPeers() {
        return request("ipfs", UpgradeStrategy.REJOIN, "1.0.8")
                .nodes(node("peer-c", null, "1.0.7"), node("peer-a", null, "1.0.7"), node("peer-d", null, "1.0.7"),
                        node("peer-b", null, "1.0.7"));
    }

    /** The guide's bootstrap procedure, step by step; the backup comes from its troubleshooting section. */
    @Test
    void ipfsBootstrapUpgradeBacksUpKeepsOnePeerUpgradesItsStateOfflineThenRejoinsAndChecksTheOthersOneByOne() {
        UpgradePlan plan = planned(planner.plan(fourIpfsPeers().stateFormatChange().build()));

        assertThat(stages(plan)).containsExactly(
                "EXPORT_STATE @ipfs",                                              // backup, always
                "REMOVE_PEER peer-b, peer-c, peer-d",                              // 1-2
                "STOP_NODE peer-a", "UPGRADE_NODE peer-a",                         // 3
                "MIGRATE_SCHEMA @ipfs", "START_NODE peer-a",                       // 4
                "VERIFY_NODE peer-a", "CHECK_STATE peer-a",
                "UPGRADE_NODE peer-b", "REJOIN_PEER peer-b", "CHECK_STATE peer-b", "VERIFY_NODE peer-b",   // 5-6
                "UPGRADE_NODE peer-c", "REJOIN_PEER peer-c", "CHECK_STATE peer-c", "VERIFY_NODE peer-c",
                "UPGRADE_NODE peer-d", "REJOIN_PEER peer-d", "CHECK_STATE peer-d", "VERIFY_NODE peer-d");
        assertThat(descriptions(plan)).startsWith(
                "export state as a backup before its format changes",
                "remove every peer but peer-a: peer-b, peer-c, peer-d",
                "stop peer-a",
                "upgrade peer-a to 1.0.8",
                "upgrade state format on peer-a (offline)",
                "start peer-a as a single-peer cluster",
                "verify peer-a",
                "record the state checksum of peer-a",
                "upgrade peer-b to 1.0.8",
                "rejoin peer-b through peer-a",
                "check that peer-b holds the state of peer-a");
        assertThat(step(plan, "s1.2").nodeId().value()).isEqualTo("peer-d");
        assertThat(step(plan, "s4.0").parameters()).containsEntry("onNode", "peer-a")
                .containsEntry("stateFormatChange", "true");
        assertThat(step(plan, "s7.0").parameters()).doesNotContainKey("against");
        assertThat(step(plan, "s9.0").parameters()).containsEntry("bootstrap", "peer-a");
        assertThat(step(plan, "s10.0").parameters()).containsEntry("against", "peer-a");
    }

    @Test
    void ipfsBootstrapUpgradeWithoutStateFormatChangeStillTakesABackupButMigratesNothing() {
        assertThat(stages(planned(planner.plan(fourIpfsPeers().build())))).startsWith(
                "EXPORT_STATE @ipfs",
                "REMOVE_PEER peer-b, peer-c, peer-d",
                "STOP_NODE peer-a",
                "UPGRADE_NODE peer-a",
                "START_NODE peer-a",
                "VERIFY_NODE peer-a",
                "CHECK_STATE peer-a",
                "UPGRADE_NODE peer-b");
    }

    @Test
    void ipfsSinglePeerClusterDoesNotRemoveItsOnlyPeer() {
        PlanRequest request = request("ipfs", UpgradeStrategy.REJOIN, "1.0.8")
                .nodes(node("peer-a", null, "1.0.7"))
                .stateFormatChange()
                .build();

        assertThat(stages(planned(planner.plan(request)))).containsExactly(
                "EXPORT_STATE @ipfs", "STOP_NODE peer-a", "UPGRADE_NODE peer-a", "MIGRATE_SCHEMA @ipfs",
                "START_NODE peer-a", "VERIFY_NODE peer-a", "CHECK_STATE peer-a");
    }

    @Test
    void ipfsPeersAlreadyOnTheTargetAreRemovedRejoinedAndCheckedButNotUpgraded() {
        PlanRequest request = request("ipfs", UpgradeStrategy.REJOIN, "1.0.8")
                .nodes(node("peer-a", null, "1.0.8"), node("peer-b", null, "1.0.7"), node("peer-c", null, "1.0.8"))
                .build();

        assertThat(stages(planned(planner.plan(request)))).containsExactly(
                "EXPORT_STATE @ipfs",
                "REMOVE_PEER peer-b, peer-c",
                "STOP_NODE peer-a", "START_NODE peer-a", "VERIFY_NODE peer-a", "CHECK_STATE peer-a",
                "UPGRADE_NODE peer-b", "REJOIN_PEER peer-b", "CHECK_STATE peer-b", "VERIFY_NODE peer-b",
                "REJOIN_PEER peer-c", "CHECK_STATE peer-c", "VERIFY_NODE peer-c");
    }
}
