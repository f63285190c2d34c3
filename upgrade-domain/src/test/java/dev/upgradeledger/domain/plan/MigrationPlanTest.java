package dev.upgradeledger.domain.plan;

import static dev.upgradeledger.domain.plan.PlanFixtures.descriptions;
import static dev.upgradeledger.domain.plan.PlanFixtures.node;
import static dev.upgradeledger.domain.plan.PlanFixtures.planned;
import static dev.upgradeledger.domain.plan.PlanFixtures.request;
import static dev.upgradeledger.domain.plan.PlanFixtures.stages;
import static dev.upgradeledger.domain.plan.PlanFixtures.step;
import static dev.upgradeledger.domain.plan.PlanFixtures.steps;
import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.PlannedStep;
import dev.upgradeledger.events.SchemaChange;
import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.events.UpgradePlan;
import dev.upgradeledger.events.UpgradeStrategy;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Plans after the Inmanta orchestrator migration (seed 004) and the Replicante breaking upgrade (seed 000). */
class MigrationPlanTest {

    private final UpgradePlanner planner = new UpgradePlanner();

    private static PlanFixtures.RequestBuilder inmantaToNewOrchestrator() {
        return request("inmanta-old", UpgradeStrategy.MIGRATION, "2024.1")
                .nodes(node("orchestrator-2", "prod", "2023.4"), node("orchestrator-1", "dev", "2023.4"))
                .schema("v202309", "v202403", SchemaChange.ADDITIVE)
                .migrateTo("inmanta-new", node("orchestrator-new", null, "2024.1"));
    }

    @Test
    void withoutAProfileAMigrationHaltsDumpsRestoresOnTheTargetAndMovesEachGroup() {
        UpgradePlan plan = planned(planner.plan(inmantaToNewOrchestrator().build()));

        assertThat(stages(plan)).containsExactly(
                "HALT_WORKLOADS @inmanta-old",
                "EXPORT_STATE @inmanta-old",
                "IMPORT_STATE @inmanta-new",
                "MIGRATE_SCHEMA @inmanta-new",
                "MOVE_WORKLOADS @inmanta-new",
                "MOVE_WORKLOADS @inmanta-new",
                "RESUME_WORKLOADS @inmanta-new");
        assertThat(descriptions(plan)).containsExactly(
                "halt workloads on inmanta-old",
                "export state of inmanta-old",
                "import state of inmanta-old into inmanta-new",
                "migrate schema v202309 -> v202403 (additive) on inmanta-new",
                "move workloads of group dev to inmanta-new",
                "move workloads of group prod to inmanta-new",
                "resume workloads on inmanta-new");
        assertThat(step(plan, "s2.0").parameters()).containsEntry("from", "inmanta-old");
        assertThat(step(plan, "s4.0")).isEqualTo(new PlannedStep("s4.0", StepAction.MOVE_WORKLOADS,
                ClusterId.of("inmanta-new"), null, Map.of("group", "dev", "from", "inmanta-old")));
        assertThat(step(plan, "s5.0").parameters()).containsEntry("group", "prod");
    }

    @Test
    void inmantaMigrationNeverUpgradesNodesInPlace() {
        UpgradePlan plan = planned(planner.plan(inmantaToNewOrchestrator().build()));

        assertThat(steps(plan)).allSatisfy(step -> assertThat(step.action().perNode()).isFalse());
    }

    @Test
    void replicanteBackendsWithoutGroupMoveAsTheDefaultGroupAndNoSchemaStepWhenNothingChanges() {
        PlanRequest request = request("replicante-a", UpgradeStrategy.MIGRATION, "0.4.0")
                .nodes(node("core-1", null, "0.3.2"), node("core-2", "zookeeper", "0.3.2"),
                        node("core-3", null, "0.3.2"))
                .migrateTo("replicante-b", node("core-b-1", null, "0.4.0"), node("core-b-2", null, "0.4.0"))
                .build();

        UpgradePlan plan = planned(planner.plan(request));

        assertThat(stages(plan)).containsExactly(
                "HALT_WORKLOADS @replicante-a",
                "EXPORT_STATE @replicante-a",
                "IMPORT_STATE @replicante-b",
                "MOVE_WORKLOADS @replicante-b",
                "MOVE_WORKLOADS @replicante-b",
                "RESUME_WORKLOADS @replicante-b");
        assertThat(plan.stages().subList(3, 5)).extracting(stage -> stage.steps().get(0).parameters().get("group"))
                .containsExactly("default", "zookeeper");
    }
}
