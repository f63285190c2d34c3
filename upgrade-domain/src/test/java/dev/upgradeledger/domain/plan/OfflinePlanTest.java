package dev.upgradeledger.domain.plan;

import static dev.upgradeledger.domain.plan.PlanFixtures.descriptions;
import static dev.upgradeledger.domain.plan.PlanFixtures.node;
import static dev.upgradeledger.domain.plan.PlanFixtures.planned;
import static dev.upgradeledger.domain.plan.PlanFixtures.request;
import static dev.upgradeledger.domain.plan.PlanFixtures.stages;
import static dev.upgradeledger.domain.plan.PlanFixtures.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.events.SchemaChange;
import dev.upgradeledger.events.UpgradePlan;
import dev.upgradeledger.events.UpgradeStrategy;
import org.junit.jupiter.api.Test;

/** Plans after the Backend.AI major upgrade (seed 001) and the IPFS Cluster standard upgrade (seed 002). */
class OfflinePlanTest {

    private final UpgradePlanner planner = new UpgradePlanner();

    private static PlanFixtures.RequestBuilder backendAiMajorUpgrade() {
        return request("backendai", UpgradeStrategy.OFFLINE, "24.03.0")
                .nodes(node("manager-1", "manager", "23.09.10"), node("agent-2", "agents", "23.09.10"),
                        node("agent-1", "agents", "23.09.10"), node("storage-proxy-1", "storage", "23.09.10"))
                .schema("23.09", "24.03", SchemaChange.DESTRUCTIVE);
    }

    @Test
    void backendAiMajorUpgradeStopsEverythingBacksUpUpgradesThenRunsTheSchemaMigration() {
        UpgradePlan plan = planned(planner.plan(backendAiMajorUpgrade().build()));

        assertThat(stages(plan)).containsExactly(
                "HALT_WORKLOADS @backendai",
                "EXPORT_STATE @backendai",
                "UPGRADE_NODE agent-1, agent-2, manager-1, storage-proxy-1",
                "MIGRATE_SCHEMA @backendai",
                "VERIFY_NODE agent-1, agent-2, manager-1, storage-proxy-1",
                "RESUME_WORKLOADS @backendai");
        assertThat(descriptions(plan)).containsExactly(
                "halt workloads",
                "export state as a backup",
                "upgrade agent-1, agent-2, manager-1, storage-proxy-1 to 24.03.0",
                "migrate schema 23.09 -> 24.03 (destructive)",
                "verify agent-1, agent-2, manager-1, storage-proxy-1",
                "resume workloads");
        assertThat(step(plan, "s1.0").parameters()).containsEntry("schemaVersion", "23.09");
        assertThat(step(plan, "s2.2").parameters()).containsEntry("version", "24.03.0").containsEntry("from", "23.09.10");
        assertThat(step(plan, "s3.0").parameters()).containsEntry("schemaVersion", "24.03").containsEntry("from", "23.09");
    }

    @Test
    void backendAiUpgradeSkipsNodesAlreadyOnTheTargetButVerifiesEveryNode() {
        PlanRequest request = request("backendai", UpgradeStrategy.OFFLINE, "24.03.0")
                .nodes(node("manager-1", null, "23.09.10"), node("agent-1", null, "24.03.0"))
                .build();

        assertThat(stages(planned(planner.plan(request)))).containsExactly(
                "HALT_WORKLOADS @backendai",
                "EXPORT_STATE @backendai",
                "UPGRADE_NODE manager-1",
                "VERIFY_NODE agent-1, manager-1",
                "RESUME_WORKLOADS @backendai");
    }

    @Test
    void backendAiSchemaOnlyUpgradeHasNoNodeUpgradeStage() {
        PlanRequest request = request("backendai", UpgradeStrategy.OFFLINE, "24.03.0")
                .nodes(node("manager-1", null, "24.03.0"))
                .schema("24.03", "24.03.1", SchemaChange.ADDITIVE)
                .build();

        assertThat(stages(planned(planner.plan(request)))).containsExactly(
                "HALT_WORKLOADS @backendai",
                "EXPORT_STATE @backendai",
                "MIGRATE_SCHEMA @backendai",
                "VERIFY_NODE manager-1",
                "RESUME_WORKLOADS @backendai");
    }

    @Test
    void ipfsClusterStandardUpgradeStopsAllPeersUpgradesTheStateFormatOfflineThenStartsThem() {
        PlanRequest request = request("ipfs", UpgradeStrategy.OFFLINE, "1.0.8")
                .nodes(node("peer-1", null, "1.0.7"), node("peer-2", null, "1.0.7"), node("peer-3", null, "1.0.7"))
                .stateFormatChange()
                .build();

        UpgradePlan plan = planned(planner.plan(request));

        assertThat(stages(plan)).containsExactly(
                "HALT_WORKLOADS @ipfs",
                "EXPORT_STATE @ipfs",
                "STOP_NODE peer-1, peer-2, peer-3",
                "UPGRADE_NODE peer-1, peer-2, peer-3",
                "MIGRATE_SCHEMA @ipfs",
                "START_NODE peer-1, peer-2, peer-3",
                "VERIFY_NODE peer-1, peer-2, peer-3",
                "RESUME_WORKLOADS @ipfs");
        assertThat(descriptions(plan).get(2)).isEqualTo("stop peer-1, peer-2, peer-3 (the state is upgraded offline)");
        assertThat(descriptions(plan).get(4)).isEqualTo("upgrade state format");
        assertThat(step(plan, "s4.0").parameters()).containsEntry("stateFormatChange", "true");
    }

    @Test
    void longNodeListsAreShortenedInDescriptions() {
        PlanFixtures.RequestBuilder request = request("backendai", UpgradeStrategy.OFFLINE, "24.03.0");
        for (int i = 1; i <= 9; i++) {
            request.nodes(node("agent-" + i, null, "23.09.10"));
        }

        assertThat(descriptions(planned(planner.plan(request.build()))).get(2))
                .isEqualTo("upgrade agent-1, agent-2, agent-3 and 6 more to 24.03.0");
    }
}
