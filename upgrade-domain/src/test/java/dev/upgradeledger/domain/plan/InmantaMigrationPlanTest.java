package dev.upgradeledger.domain.plan;

import static dev.upgradeledger.domain.plan.PlanFixtures.descriptions;
import static dev.upgradeledger.domain.plan.PlanFixtures.node;
import static dev.upgradeledger.domain.plan.PlanFixtures.planned;
import static dev.upgradeledger.domain.plan.PlanFixtures.request;
import static dev.upgradeledger.domain.plan.PlanFixtures.stages;
import static dev.upgradeledger.domain.plan.PlanFixtures.step;
import static dev.upgradeledger.domain.plan.PlanFixtures.steps;
import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.domain.profile.BuiltInProfiles;
import dev.upgradeledger.domain.profile.ProductProfile;
import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.PlannedStep;
import dev.upgradeledger.events.SchemaChange;
import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.events.UpgradePlan;
import dev.upgradeledger.events.UpgradeStrategy;
import dev.upgradeledger.events.Version;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Inmanta orchestrator migration (seed 004, "Upgrading by migrating from one orchestrator to another"), planned
 * with the Inmanta profile: each stage is one of the guide's numbered steps, and every environment (a workload group)
 * is recompiled and resumed on its own.
 */
class InmantaMigrationPlanTest {

    private final UpgradePlanner planner = new UpgradePlanner();

    private static PlanFixtures.RequestBuilder oldToNewOrchestrator() {
        return request("inmanta-old", UpgradeStrategy.MIGRATION, "2024.1")
                .nodes(node("orchestrator-2", "prod", "2023.4"), node("orchestrator-1", "dev", "2023.4"),
                        node("orchestrator-3", "prod", "2023.4"))
                .migrateTo("inmanta-new", node("orchestrator-new", null, "2024.1"));
    }

    private static PlanRequest.ProfileHop hop(ProductProfile profile) {
        return new PlanRequest.ProfileHop(profile, Version.of("2023.4"), true);
    }

    @Test
    void theGuidesStepsOneToTenInOrderWithEachEnvironmentRecompiledThenResumedOneAtATime() {
        UpgradePlan plan = planned(planner.plan(oldToNewOrchestrator().build(hop(BuiltInProfiles.INMANTA), null)));

        assertThat(stages(plan)).containsExactly(
                "VERIFY_TARGET @inmanta-new",        // 1
                "HALT_WORKLOADS @inmanta-old",       // 2
                "STOP_SERVER @inmanta-old",          // 3
                "EXPORT_STATE @inmanta-old",         // 4
                "STOP_SERVER @inmanta-new",          // 5
                "IMPORT_STATE @inmanta-new",         // 6-7
                "START_SERVER @inmanta-new",         // 8
                "CHECK_ENVIRONMENTS @inmanta-new",   // 9
                "RECOMPILE_ENVIRONMENT @inmanta-new", // 10a dev
                "RESUME_ENVIRONMENT @inmanta-new",   // 10b dev
                "RECOMPILE_ENVIRONMENT @inmanta-new", // 10a prod
                "RESUME_ENVIRONMENT @inmanta-new");  // 10b prod
        assertThat(descriptions(plan)).containsExactly(
                "step 1: validate the new orchestrator inmanta-new on 2024.1 (config, credentials, access to packages)",
                "step 2: halt every environment on inmanta-old",
                "step 3: stop the server of inmanta-old",
                "step 4: dump the database of inmanta-old",
                "step 5: make sure the server of inmanta-new is stopped",
                "steps 6-7: drop and recreate the database of inmanta-new, load the dump of inmanta-old",
                "step 8: start the server of inmanta-new (it migrates its database on start)",
                "step 9: every environment (dev, prod) is on inmanta-new and still halted",
                "step 10a: environment dev: update project and recompile on inmanta-new, wait until the compile"
                        + " succeeded",
                "step 10b: environment dev: resume on inmanta-new",
                "step 10a: environment prod: update project and recompile on inmanta-new, wait until the compile"
                        + " succeeded",
                "step 10b: environment prod: resume on inmanta-new");
        assertThat(step(plan, "s0.0").parameters()).containsEntry("version", "2024.1");
        assertThat(step(plan, "s5.0").parameters()).containsEntry("from", "inmanta-old")
                .containsEntry("environments", "dev,prod");
        assertThat(step(plan, "s7.0").parameters()).isEqualTo(Map.of("environments", "dev,prod"));
        assertThat(step(plan, "s10.0")).isEqualTo(new PlannedStep("s10.0", StepAction.RECOMPILE_ENVIRONMENT,
                ClusterId.of("inmanta-new"), null, Map.of("environment", "prod", "from", "inmanta-old")));
        assertThat(step(plan, "s11.0").parameters()).isEqualTo(Map.of("environment", "prod"));
    }

    @Test
    void bothServersAreStoppedAroundTheDumpAndTheRestoreAndNothingIsResumedAllAtOnce() {
        UpgradePlan plan = planned(planner.plan(oldToNewOrchestrator().build(hop(BuiltInProfiles.INMANTA), null)));
        List<StepAction> actions = steps(plan).stream().map(PlannedStep::action).toList();

        assertThat(actions.indexOf(StepAction.STOP_SERVER)).isLessThan(actions.indexOf(StepAction.EXPORT_STATE));
        assertThat(actions.lastIndexOf(StepAction.STOP_SERVER)).isLessThan(actions.indexOf(StepAction.IMPORT_STATE));
        assertThat(actions.indexOf(StepAction.START_SERVER)).isGreaterThan(actions.indexOf(StepAction.IMPORT_STATE));
        assertThat(actions).doesNotContain(StepAction.MOVE_WORKLOADS, StepAction.RESUME_WORKLOADS);
        assertThat(steps(plan)).allSatisfy(step -> assertThat(step.action().perNode()).isFalse());
    }

    @Test
    void theDatabaseMigrationOnStartIsRecordedRightAfterTheNewServerStarted() {
        UpgradePlan plan = planned(planner.plan(oldToNewOrchestrator().schema("v202309", "v202403",
                SchemaChange.ADDITIVE).build(hop(BuiltInProfiles.INMANTA), null)));

        assertThat(stages(plan).subList(6, 9)).containsExactly("START_SERVER @inmanta-new",
                "MIGRATE_SCHEMA @inmanta-new", "CHECK_ENVIRONMENTS @inmanta-new");
        assertThat(descriptions(plan).get(7))
                .isEqualTo("step 8: migrate schema v202309 -> v202403 (additive) on inmanta-new (on start)");
    }

    @Test
    void nodesWithoutAGroupAreTheDefaultEnvironment() {
        PlanRequest request = request("inmanta-old", UpgradeStrategy.MIGRATION, "2024.1")
                .nodes(node("orchestrator", null, "2023.4"))
                .migrateTo("inmanta-new", node("orchestrator", null, "2024.1"))
                .build(hop(BuiltInProfiles.INMANTA), null);

        UpgradePlan plan = planned(planner.plan(request));

        assertThat(step(plan, "s7.0").parameters()).containsEntry("environments", "default");
        assertThat(step(plan, "s8.0").parameters()).containsEntry("environment", "default");
        assertThat(plan.stages()).hasSize(10);
    }

    @Test
    void anotherProductsMigrationIsUnchangedUnlessItsProfileAsksForEnvironments() {
        UpgradePlan replicante = planned(planner.plan(oldToNewOrchestrator().build(hop(BuiltInProfiles.REPLICANTE),
                null)));
        assertThat(stages(replicante)).containsExactly("APPROVAL @inmanta-old", "HALT_WORKLOADS @inmanta-old", "EXPORT_STATE @inmanta-old",
                "IMPORT_STATE @inmanta-new", "MOVE_WORKLOADS @inmanta-new", "MOVE_WORKLOADS @inmanta-new",
                "RESUME_WORKLOADS @inmanta-new");

        ProductProfile asks = new ProductProfile("acme", null, BuiltInProfiles.REPLICANTE.versionScheme(), null, null,
                false, List.of(), null, List.of(), false, null, null,
                ProductProfile.MigrationProcedure.PER_ENVIRONMENT);
        UpgradePlan acme = planned(planner.plan(oldToNewOrchestrator().build(hop(asks), null)));
        assertThat(stages(acme).get(0)).isEqualTo("VERIFY_TARGET @inmanta-new");
        assertThat(BuiltInProfiles.ALL).filteredOn(profile -> profile.migration()
                == ProductProfile.MigrationProcedure.PER_ENVIRONMENT).extracting(ProductProfile::product)
                .containsExactly("inmanta");
    }
}
