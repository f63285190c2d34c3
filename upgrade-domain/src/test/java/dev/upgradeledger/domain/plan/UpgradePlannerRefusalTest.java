package dev.upgradeledger.domain.plan;

import static dev.upgradeledger.domain.plan.PlanFixtures.node;
import static dev.upgradeledger.domain.plan.PlanFixtures.refused;
import static dev.upgradeledger.domain.plan.PlanFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.events.SchemaChange;
import dev.upgradeledger.events.UpgradeStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class UpgradePlannerRefusalTest {

    private final UpgradePlanner planner = new UpgradePlanner();

    @Test
    void camundaRollingUpgradeRefusesADestructiveSchemaChange() {
        PlanRequest request = request("camunda-prod", UpgradeStrategy.ROLLING, "7.6")
                .nodes(node("engine-1", null, "7.5"), node("engine-2", null, "7.5"))
                .schema("7.5", "7.6", SchemaChange.DESTRUCTIVE)
                .build();

        PlanResult.Refused refusal = refused(planner.plan(request));

        assertThat(refusal.rule()).isEqualTo("rolling-requires-additive-schema");
        assertThat(refusal.reason()).contains("old nodes", "dropped or renamed");
    }

    @Test
    void ipfsStateFormatChangeIsRefusedAsRollingBecauseItNeedsThePeerOffline() {
        PlanRequest request = request("ipfs", UpgradeStrategy.ROLLING, "1.0.8")
                .nodes(node("peer-1", null, "1.0.7"), node("peer-2", null, "1.0.7"))
                .stateFormatChange()
                .build();

        assertThat(refused(planner.plan(request)).rule()).isEqualTo(UpgradePlanner.ROLLING_FORBIDS_STATE_FORMAT_CHANGE);
    }

    @Test
    void inmantaMigrationWithoutATargetClusterIsRefused() {
        PlanRequest request = request("inmanta-old", UpgradeStrategy.MIGRATION, "2024.1")
                .nodes(node("orchestrator-1", null, "2023.4"))
                .build();

        assertThat(refused(planner.plan(request)).rule()).isEqualTo("migration-needs-target-cluster");
    }

    @Test
    void inmantaMigrationToATargetWithoutNodesIsRefused() {
        PlanRequest request = request("inmanta-old", UpgradeStrategy.MIGRATION, "2024.1")
                .nodes(node("orchestrator-1", null, "2023.4"))
                .migrateTo("inmanta-new")
                .build();

        assertThat(refused(planner.plan(request)).rule()).isEqualTo("migration-needs-target-cluster");
    }

    @Test
    void replicanteMigrationOntoItselfIsRefused() {
        PlanRequest request = request("replicante-a", UpgradeStrategy.MIGRATION, "0.4.0")
                .nodes(node("core-1", null, "0.3.2"))
                .migrateTo("replicante-a", node("core-1", null, "0.4.0"))
                .build();

        assertThat(refused(planner.plan(request)).rule()).isEqualTo("migration-target-is-source");
    }

    @Test
    void inmantaMigrationToAnOrchestratorNotYetOnTheTargetVersionIsRefused() {
        PlanRequest request = request("inmanta-old", UpgradeStrategy.MIGRATION, "2024.1")
                .nodes(node("orchestrator-1", null, "2023.4"))
                .migrateTo("inmanta-new", node("orchestrator-new", null, "2023.4"))
                .build();

        PlanResult.Refused refusal = refused(planner.plan(request));

        assertThat(refusal.rule()).isEqualTo(UpgradePlanner.MIGRATION_TARGET_NOT_ON_TARGET_VERSION);
        assertThat(refusal.reason()).contains("orchestrator-new", "2023.4");
    }

    @ParameterizedTest
    @EnumSource(value = UpgradeStrategy.class, names = "RESTORE", mode = EnumSource.Mode.EXCLUDE)
    void clusterAlreadyOnTheTargetWithoutSchemaChangeHasNothingToUpgrade(UpgradeStrategy strategy) {
        PlanRequest request = request("camunda-prod", strategy, "7.6")
                .nodes(node("engine-1", null, "7.6"), node("engine-2", "zone-b", "7.6"))
                .schema("7.6", "7.6", SchemaChange.NONE)
                .migrateTo("camunda-next", node("engine-n1", null, "7.6"))
                .build();

        PlanResult.Refused refusal = refused(planner.plan(request));

        assertThat(refusal.rule()).isEqualTo("nothing-to-upgrade");
        assertThat(refusal.reason()).contains("camunda-prod", "7.6");
    }
}
