package dev.upgradeledger.domain.plan;

import static dev.upgradeledger.domain.plan.PlanFixtures.descriptions;
import static dev.upgradeledger.domain.plan.PlanFixtures.node;
import static dev.upgradeledger.domain.plan.PlanFixtures.planned;
import static dev.upgradeledger.domain.plan.PlanFixtures.request;
import static dev.upgradeledger.domain.plan.PlanFixtures.stages;
import static dev.upgradeledger.domain.plan.PlanFixtures.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.PlannedStep;
import dev.upgradeledger.events.SchemaChange;
import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.events.UpgradePlan;
import dev.upgradeledger.events.UpgradeStrategy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Plans after the Camunda rolling upgrade guide (seed 003): schema first, then batches of engines. */
class RollingPlanTest {

    private final UpgradePlanner planner = new UpgradePlanner();

    private static List<PlanNode> sixEnginesOn75() {
        List<PlanNode> engines = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            engines.add(node("engine-" + i, null, "7.5"));
        }
        return engines;
    }

    private static PlanFixtures.RequestBuilder camunda75To76() {
        return request("camunda-prod", UpgradeStrategy.ROLLING, "7.6")
                .schema("7.5", "7.6", SchemaChange.ADDITIVE);
    }

    @Test
    void camundaSixEnginesAt33PercentMigrateTheSchemaThenUpgradeOneEngineAtATime() {
        UpgradePlan plan = planned(planner.plan(camunda75To76().nodes(sixEnginesOn75()).maxUnavailable("33%").build()));

        List<String> expected = new ArrayList<>(List.of("MIGRATE_SCHEMA @camunda-prod"));
        for (int i = 1; i <= 6; i++) {
            expected.addAll(List.of("ISOLATE_NODE engine-" + i, "UPGRADE_NODE engine-" + i, "VERIFY_NODE engine-" + i,
                    "REINTEGRATE_NODE engine-" + i));
        }
        assertThat(stages(plan)).containsExactlyElementsOf(expected);
        assertThat(descriptions(plan)).startsWith("migrate schema 7.5 -> 7.6 (additive)",
                "batch 1 of 6: isolate engine-1", "batch 1 of 6: upgrade engine-1 to 7.6",
                "batch 1 of 6: verify engine-1", "batch 1 of 6: reintegrate engine-1");
        assertThat(descriptions(plan)).endsWith("batch 6 of 6: reintegrate engine-6");
    }

    @Test
    void camundaSchemaStepCarriesTheTargetAndCurrentSchemaAndUpgradeStepsTheTargetVersion() {
        UpgradePlan plan = planned(planner.plan(camunda75To76().nodes(sixEnginesOn75()).maxUnavailable("33%").build()));

        assertThat(step(plan, "s0.0")).isEqualTo(new PlannedStep("s0.0", StepAction.MIGRATE_SCHEMA,
                ClusterId.of("camunda-prod"), null, Map.of("schemaVersion", "7.6", "from", "7.5",
                "schemaChange", "ADDITIVE", "stateFormatChange", "false")));
        assertThat(step(plan, "s2.0")).isEqualTo(new PlannedStep("s2.0", StepAction.UPGRADE_NODE,
                ClusterId.of("camunda-prod"), NodeId.of("engine-1"), Map.of("version", "7.6", "from", "7.5")));
        assertThat(step(plan, "s3.0").parameters()).containsEntry("version", "7.6");
    }

    @Test
    void camundaSixEnginesAt50PercentGoThreeAtATime() {
        UpgradePlan plan = planned(planner.plan(camunda75To76().nodes(sixEnginesOn75()).maxUnavailable("50%").build()));

        assertThat(stages(plan)).containsExactly(
                "MIGRATE_SCHEMA @camunda-prod",
                "ISOLATE_NODE engine-1, engine-2, engine-3",
                "UPGRADE_NODE engine-1, engine-2, engine-3",
                "VERIFY_NODE engine-1, engine-2, engine-3",
                "REINTEGRATE_NODE engine-1, engine-2, engine-3",
                "ISOLATE_NODE engine-4, engine-5, engine-6",
                "UPGRADE_NODE engine-4, engine-5, engine-6",
                "VERIFY_NODE engine-4, engine-5, engine-6",
                "REINTEGRATE_NODE engine-4, engine-5, engine-6");
        assertThat(descriptions(plan).get(5)).isEqualTo("batch 2 of 2: isolate engine-4, engine-5, engine-6");
        assertThat(plan.stages().get(5).steps()).extracting(PlannedStep::stepId)
                .containsExactly("s5.0", "s5.1", "s5.2");
    }

    @Test
    void camundaBatchesByGroupNeverMixZones() {
        List<PlanNode> engines = List.of(node("engine-1", "zone-a", "7.5"), node("engine-2", "zone-a", "7.5"),
                node("engine-3", "zone-b", "7.5"), node("engine-4", "zone-b", "7.5"), node("engine-5", "zone-b", "7.5"),
                node("engine-6", "zone-c", "7.5"));

        UpgradePlan mixed = planned(planner.plan(camunda75To76().nodes(engines).maxUnavailable("50%").build()));
        UpgradePlan byZone = planned(planner.plan(
                camunda75To76().nodes(engines).maxUnavailable("50%").byGroup().build()));

        assertThat(stages(mixed)).filteredOn(stage -> stage.startsWith("ISOLATE_NODE"))
                .containsExactly("ISOLATE_NODE engine-1, engine-2, engine-3", "ISOLATE_NODE engine-4, engine-5, engine-6");
        assertThat(stages(byZone)).filteredOn(stage -> stage.startsWith("ISOLATE_NODE"))
                .containsExactly("ISOLATE_NODE engine-1, engine-2", "ISOLATE_NODE engine-3, engine-4, engine-5",
                        "ISOLATE_NODE engine-6");
    }

    @Test
    void camundaEnginesAlreadyOnTheTargetAreLeftAloneAndCountTowardsTheCluster() {
        PlanRequest request = request("camunda-prod", UpgradeStrategy.ROLLING, "7.6")
                .nodes(node("engine-1", null, "7.6"), node("engine-2", null, "7.5"), node("engine-3", null, "7.6"),
                        node("engine-4", null, "7.5"))
                .maxUnavailable("50%")
                .build();

        assertThat(stages(planned(planner.plan(request)))).containsExactly(
                "ISOLATE_NODE engine-2, engine-4",
                "UPGRADE_NODE engine-2, engine-4",
                "VERIFY_NODE engine-2, engine-4",
                "REINTEGRATE_NODE engine-2, engine-4");
    }

    @Test
    void camundaUpgradeWithoutMaxUnavailableGoesNodeByNode() {
        PlanRequest request = request("camunda-prod", UpgradeStrategy.ROLLING, "7.6")
                .nodes(node("engine-1", null, "7.5"), node("engine-2", null, "7.5"))
                .build();

        assertThat(request.maxUnavailable()).isEqualTo(PlanRequest.DEFAULT_MAX_UNAVAILABLE);
        assertThat(stages(planned(planner.plan(request)))).containsExactly(
                "ISOLATE_NODE engine-1", "UPGRADE_NODE engine-1", "VERIFY_NODE engine-1", "REINTEGRATE_NODE engine-1",
                "ISOLATE_NODE engine-2", "UPGRADE_NODE engine-2", "VERIFY_NODE engine-2", "REINTEGRATE_NODE engine-2");
    }

    @Test
    void camundaSchemaVersionChangeAloneStillMigratesFirst() {
        PlanRequest request = request("camunda-prod", UpgradeStrategy.ROLLING, "7.6")
                .nodes(node("engine-1", null, "7.5"), node("engine-2", null, "7.5"))
                .schema("7.5", "7.6", SchemaChange.NONE)
                .build();

        assertThat(stages(planned(planner.plan(request)))).first().isEqualTo("MIGRATE_SCHEMA @camunda-prod");
    }

    @Test
    void camundaPlanDoesNotDependOnTheOrderNodesAreListedIn() {
        List<PlanNode> shuffled = new ArrayList<>(sixEnginesOn75());
        Collections.reverse(shuffled);

        assertThat(planner.plan(camunda75To76().nodes(shuffled).maxUnavailable("2").build()))
                .isEqualTo(planner.plan(camunda75To76().nodes(sixEnginesOn75()).maxUnavailable("2").build()));
    }
}
