package dev.upgradeledger.domain.plan;

import static dev.upgradeledger.domain.plan.PlanFixtures.descriptions;
import static dev.upgradeledger.domain.plan.PlanFixtures.node;
import static dev.upgradeledger.domain.plan.PlanFixtures.planned;
import static dev.upgradeledger.domain.plan.PlanFixtures.refused;
import static dev.upgradeledger.domain.plan.PlanFixtures.request;
import static dev.upgradeledger.domain.plan.PlanFixtures.stages;
import static dev.upgradeledger.domain.plan.PlanFixtures.step;
import static dev.upgradeledger.domain.plan.PlanFixtures.steps;
import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.domain.profile.BuiltInProfiles;
import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.PlannedStep;
import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.events.UpgradePlan;
import dev.upgradeledger.events.UpgradeStrategy;
import dev.upgradeledger.events.Version;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Replicante live move after the guide "Breaking Upgrades" (seed 000), steps 4 to 6. */
class LiveMovePlanTest {

    private final UpgradePlanner planner = new UpgradePlanner();

    private static PlanFixtures.RequestBuilder replicanteLiveMove() {
        return request("repl-old", UpgradeStrategy.LIVE_MOVE, "0.8.0")
                .nodes(node("core-2", "mongo-eu", "0.7.3"), node("core-1", "kafka-eu", "0.7.3"),
                        node("core-3", "mongo-eu", "0.7.3"))
                .migrateTo("repl-new", node("core-b-1", null, "0.8.0"), node("core-b-2", null, "0.8.0"));
    }

    @Test
    void theNewClusterStartsWithoutDiscoveryThenEachGroupTakesTheGuidesFourSteps() {
        UpgradePlan plan = planned(planner.plan(replicanteLiveMove().build()));

        assertThat(stages(plan)).containsExactly(
                "REMOVE_DISCOVERY_GROUP @repl-new",  // step 4
                "ROLLING_RESTART @repl-new",         // step 5
                "REMOVE_DISCOVERY_GROUP @repl-old",  // kafka-eu: 6.1
                "ROLLING_RESTART @repl-old",         // 6.2
                "ADD_DISCOVERY_GROUP @repl-new",     // 6.3
                "ROLLING_RESTART @repl-new",         // 6.4
                "REMOVE_DISCOVERY_GROUP @repl-old",  // mongo-eu: 6.1
                "ROLLING_RESTART @repl-old",
                "ADD_DISCOVERY_GROUP @repl-new",
                "ROLLING_RESTART @repl-new");
        assertThat(descriptions(plan)).containsExactly(
                "remove every discovery backend from repl-new (step 4)",
                "start the processes of repl-new with no discovery backends (step 5)",
                "group kafka-eu: remove it from repl-old (step 6.1)",
                "group kafka-eu: rolling-restart repl-old so that it stops managing the group (step 6.2)",
                "group kafka-eu: add it to repl-new (step 6.3)",
                "group kafka-eu: rolling-restart repl-new so that it manages the group (step 6.4)",
                "group mongo-eu: remove it from repl-old (step 6.1)",
                "group mongo-eu: rolling-restart repl-old so that it stops managing the group (step 6.2)",
                "group mongo-eu: add it to repl-new (step 6.3)",
                "group mongo-eu: rolling-restart repl-new so that it manages the group (step 6.4)");
        assertThat(step(plan, "s0.0").parameters()).containsEntry("group", "*");
        assertThat(step(plan, "s4.0")).isEqualTo(new PlannedStep("s4.0", StepAction.ADD_DISCOVERY_GROUP,
                ClusterId.of("repl-new"), null, Map.of("group", "kafka-eu", "from", "repl-old", "to", "repl-new")));
        assertThat(step(plan, "s7.0").parameters()).containsEntry("group", "mongo-eu");
    }

    @Test
    void aLiveMoveNeitherHaltsNorExportsNorUpgradesNodesInPlace() {
        UpgradePlan plan = planned(planner.plan(replicanteLiveMove().build()));

        assertThat(steps(plan)).extracting(PlannedStep::action)
                .doesNotContain(StepAction.HALT_WORKLOADS, StepAction.EXPORT_STATE, StepAction.IMPORT_STATE,
                        StepAction.RESUME_WORKLOADS, StepAction.MOVE_WORKLOADS)
                .allSatisfy(action -> assertThat(action.perNode()).isFalse());
    }

    @Test
    void nodesWithoutAGroupMoveAsTheDefaultGroup() {
        UpgradePlan plan = planned(planner.plan(request("repl-old", UpgradeStrategy.LIVE_MOVE, "0.8.0")
                .nodes(node("core-1", null, "0.7.3"), node("core-2", null, "0.7.3"))
                .migrateTo("repl-new", node("core-b-1", null, "0.8.0")).build()));

        assertThat(plan.stages()).hasSize(6);
        assertThat(step(plan, "s2.0").parameters()).containsEntry("group", "default");
    }

    @Test
    void theTargetIsCheckedAsForAMigration() {
        assertThat(refused(planner.plan(request("repl-old", UpgradeStrategy.LIVE_MOVE, "0.8.0")
                .nodes(node("core-1", null, "0.7.3")).build())).rule())
                .isEqualTo(UpgradePlanner.MIGRATION_NEEDS_TARGET_CLUSTER);
        assertThat(refused(planner.plan(request("repl-old", UpgradeStrategy.LIVE_MOVE, "0.8.0")
                .nodes(node("core-1", null, "0.7.3"))
                .migrateTo("repl-new", node("core-b-1", null, "0.7.3")).build())).rule())
                .isEqualTo(UpgradePlanner.MIGRATION_TARGET_NOT_ON_TARGET_VERSION);
    }

    @Test
    void theReplicanteProfileReadsTheUpgradeNotesFirst() {
        PlanRequest.ProfileHop hop = new PlanRequest.ProfileHop(BuiltInProfiles.REPLICANTE, Version.of("0.7.3"),
                false);

        UpgradePlan plan = planned(planner.plan(replicanteLiveMove().build(hop,
                new PlanGates(null, java.util.List.of(), java.time.Duration.ofHours(24)))));

        assertThat(stages(plan).get(0)).isEqualTo("APPROVAL @repl-old");            // step 1
        assertThat(stages(plan).get(1)).isEqualTo("REMOVE_DISCOVERY_GROUP @repl-new"); // step 4
        assertThat(plan.stages()).hasSize(11);
    }
}
