package dev.upgradeledger.domain.plan;

import static dev.upgradeledger.domain.plan.PlanFixtures.descriptions;
import static dev.upgradeledger.domain.plan.PlanFixtures.node;
import static dev.upgradeledger.domain.plan.PlanFixtures.planned;
import static dev.upgradeledger.domain.plan.PlanFixtures.refused;
import static dev.upgradeledger.domain.plan.PlanFixtures.request;
import static dev.upgradeledger.domain.plan.PlanFixtures.stages;
import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.domain.profile.BuiltInProfiles;
import dev.upgradeledger.events.PlannedStage;
import dev.upgradeledger.events.PlannedStep;
import dev.upgradeledger.events.Rule;
import dev.upgradeledger.events.UpgradePlan;
import dev.upgradeledger.events.UpgradeStrategy;
import dev.upgradeledger.events.Version;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Approvals and soak put into a strategy's plan ({@link PlanGates}). */
class PlanGatesTest {

    private final UpgradePlanner planner = new UpgradePlanner();

    private static PlanFixtures.RequestBuilder threeEngines() {
        return request("camunda-eu", UpgradeStrategy.ROLLING, "7.6").maxUnavailable("1")
                .nodes(node("engine-1", null, "7.5"), node("engine-2", null, "7.5"), node("engine-3", null, "7.5"));
    }

    @Test
    @DisplayName("soakTime: between two rolling batches the batch stays in service, then is verified again")
    void soakBetweenRollingBatches() {
        UpgradePlan plan = planned(planner.plan(threeEngines()
                .build(null, new PlanGates(Duration.ofMinutes(5), List.of(), null))));
        assertThat(stages(plan)).containsExactly(
                "ISOLATE_NODE engine-1", "UPGRADE_NODE engine-1", "VERIFY_NODE engine-1", "REINTEGRATE_NODE engine-1",
                "SOAK @camunda-eu", "VERIFY_NODE engine-1",
                "ISOLATE_NODE engine-2", "UPGRADE_NODE engine-2", "VERIFY_NODE engine-2", "REINTEGRATE_NODE engine-2",
                "SOAK @camunda-eu", "VERIFY_NODE engine-2",
                "ISOLATE_NODE engine-3", "UPGRADE_NODE engine-3", "VERIFY_NODE engine-3", "REINTEGRATE_NODE engine-3");
        PlannedStage soak = plan.stages().get(4);
        assertThat(soak.description()).isEqualTo("batch 1 of 3: soak PT5M in service");
        assertThat(soak.steps().get(0).parameters()).containsEntry("soakTime", "PT5M").containsEntry("batch", "1");
        assertThat(plan.stages().get(5).description()).isEqualTo("batch 1 of 3: verify engine-1 again after the soak");
        assertThat(plan.stages().get(5).steps().get(0).parameters()).containsEntry("afterSoak", "true");
        assertThat(plan.stages()).as("stages and steps numbered again").allSatisfy(stage -> {
            for (int n = 0; n < stage.steps().size(); n++) {
                assertThat(stage.steps().get(n).stepId()).isEqualTo("s" + stage.index() + "." + n);
            }
        });
        assertThat(plan.stages()).extracting(PlannedStage::index).containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, plan.stages().size()).boxed().toList());
    }

    @Test
    @DisplayName("approvalBefore: an operator's approval right before batch 2 (after the soak of batch 1)")
    void approvalBeforeABatch() {
        UpgradePlan plan = planned(planner.plan(threeEngines()
                .build(null, new PlanGates(Duration.ofSeconds(30), List.of(2), Duration.ofHours(2)))));
        List<String> stages = stages(plan);
        assertThat(stages.subList(4, 8)).containsExactly("SOAK @camunda-eu", "VERIFY_NODE engine-1",
                "APPROVAL @camunda-eu", "ISOLATE_NODE engine-2");
        PlannedStep approval = plan.stages().get(6).steps().get(0);
        assertThat(approval.parameters()).containsEntry("what", "approve batch 2 of 3 before it starts")
                .containsEntry("timeout", "PT2H");
        assertThat(stages).filteredOn(stage -> stage.startsWith("APPROVAL")).hasSize(1);
    }

    @Test
    @DisplayName("Backend.AI and Replicante: \"read the release notes\" is an approval before the first step")
    void theProfilesApprovalComesFirst() {
        PlanRequest.ProfileHop hop = new PlanRequest.ProfileHop(BuiltInProfiles.REPLICANTE, Version.of("7.5"), false);
        UpgradePlan plan = planned(planner.plan(threeEngines().build(hop, new PlanGates(null, List.of(1), null))));
        assertThat(stages(plan).get(0)).isEqualTo("APPROVAL @camunda-eu");
        assertThat(stages(plan)).as("the operator's approval before batch 1 is the profile's")
                .filteredOn(stage -> stage.startsWith("APPROVAL")).hasSize(1);
        assertThat(plan.stages().get(0).steps().get(0).parameters())
                .containsEntry("what", BuiltInProfiles.REPLICANTE.approvalBeforeFirstStep())
                .containsEntry("timeout", "PT24H");
        assertThat(descriptions(plan).get(0)).startsWith("approval: read the upgrade notes");
    }

    @Test
    @DisplayName("an approval before a batch the plan does not have is refused")
    void approvalBeforeAnUnknownBatchIsRefused() {
        PlanResult.Refused refusal = refused(planner.plan(threeEngines()
                .build(null, new PlanGates(null, List.of(4), null))));
        assertThat(refusal.rule()).isEqualTo(Rule.APPROVAL_BEFORE_UNKNOWN_BATCH.id());
        assertThat(refusal.reason()).contains("batch 4", "3 batches");
    }

    @Test
    @DisplayName("without gates the plan is the strategy's own")
    void noGatesNoChange() {
        assertThat(planner.plan(threeEngines().build(null, PlanGates.NONE)))
                .isEqualTo(planner.plan(threeEngines().build()));
        PlanRequest oneBatch = request("camunda-eu", UpgradeStrategy.ROLLING, "7.6").maxUnavailable("1")
                .nodes(node("engine-1", null, "7.5"))
                .build(null, new PlanGates(Duration.ofMinutes(1), List.of(), null));
        assertThat(stages(planned(planner.plan(oneBatch)))).as("one batch: nothing to soak between")
                .containsExactly("ISOLATE_NODE engine-1", "UPGRADE_NODE engine-1", "VERIFY_NODE engine-1",
                        "REINTEGRATE_NODE engine-1");
    }
}
