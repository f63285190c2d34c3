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

    @Test
    void ipfsBootstrapUpgradeKeepsOnePeerUpgradesAndMigratesItThenRejoinsTheOthersOneByOne() {
        UpgradePlan plan = planned(planner.plan(fourIpfsPeers().stateFormatChange().build()));

        assertThat(stages(plan)).containsExactly(
                "EXPORT_STATE @ipfs",
                "REMOVE_PEER peer-b, peer-c, peer-d",
                "UPGRADE_NODE peer-a",
                "MIGRATE_SCHEMA @ipfs",
                "VERIFY_NODE peer-a",
                "UPGRADE_NODE peer-b", "REJOIN_PEER peer-b", "VERIFY_NODE peer-b",
                "UPGRADE_NODE peer-c", "REJOIN_PEER peer-c", "VERIFY_NODE peer-c",
                "UPGRADE_NODE peer-d", "REJOIN_PEER peer-d", "VERIFY_NODE peer-d");
        assertThat(descriptions(plan)).startsWith(
                "export state before its format changes",
                "remove every peer but peer-a: peer-b, peer-c, peer-d",
                "upgrade peer-a to 1.0.8",
                "upgrade state format on peer-a",
                "verify peer-a",
                "upgrade peer-b to 1.0.8",
                "rejoin peer-b through peer-a");
        assertThat(step(plan, "s1.2").nodeId().value()).isEqualTo("peer-d");
        assertThat(step(plan, "s6.0").parameters()).containsEntry("bootstrap", "peer-a");
    }

    @Test
    void ipfsBootstrapUpgradeWithoutStateFormatChangeNeedsNoExportAndNoMigration() {
        assertThat(stages(planned(planner.plan(fourIpfsPeers().build())))).startsWith(
                "REMOVE_PEER peer-b, peer-c, peer-d",
                "UPGRADE_NODE peer-a",
                "VERIFY_NODE peer-a",
                "UPGRADE_NODE peer-b");
    }

    @Test
    void ipfsSinglePeerClusterDoesNotRemoveItsOnlyPeer() {
        PlanRequest request = request("ipfs", UpgradeStrategy.REJOIN, "1.0.8")
                .nodes(node("peer-a", null, "1.0.7"))
                .stateFormatChange()
                .build();

        assertThat(stages(planned(planner.plan(request)))).containsExactly(
                "EXPORT_STATE @ipfs", "UPGRADE_NODE peer-a", "MIGRATE_SCHEMA @ipfs", "VERIFY_NODE peer-a");
    }

    @Test
    void ipfsPeersAlreadyOnTheTargetAreRemovedAndRejoinedButNotUpgraded() {
        PlanRequest request = request("ipfs", UpgradeStrategy.REJOIN, "1.0.8")
                .nodes(node("peer-a", null, "1.0.8"), node("peer-b", null, "1.0.7"), node("peer-c", null, "1.0.8"))
                .build();

        assertThat(stages(planned(planner.plan(request)))).containsExactly(
                "REMOVE_PEER peer-b, peer-c",
                "VERIFY_NODE peer-a",
                "UPGRADE_NODE peer-b", "REJOIN_PEER peer-b", "VERIFY_NODE peer-b",
                "REJOIN_PEER peer-c", "VERIFY_NODE peer-c");
    }
}
