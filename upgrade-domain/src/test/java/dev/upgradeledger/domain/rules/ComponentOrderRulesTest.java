package dev.upgradeledger.domain.rules;

import static dev.upgradeledger.domain.rules.Snapshots.BACKEND_AI_CATALOG;
import static dev.upgradeledger.domain.rules.Snapshots.line;
import static dev.upgradeledger.domain.rules.Snapshots.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.domain.decide.ClusterSnapshot;
import dev.upgradeledger.domain.decide.NodeSnapshot;
import dev.upgradeledger.domain.decide.UncheckedRule;
import dev.upgradeledger.domain.decide.UpgradeDecider;
import dev.upgradeledger.domain.decide.UpgradeVerdict;
import dev.upgradeledger.domain.profile.BuiltInProfiles;
import dev.upgradeledger.domain.profile.ProductProfile;
import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.NodeSpec;
import dev.upgradeledger.events.PlannedStage;
import dev.upgradeledger.events.PolicyRules;
import dev.upgradeledger.events.ReleaseCatalog;
import dev.upgradeledger.events.Rule;
import dev.upgradeledger.events.SchemaChange;
import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.events.UpgradeStrategy;
import dev.upgradeledger.events.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Given/when/then per rule of component order and workloads, named after the guide's sentence: roles in the profile's
 * order, the schema step on the manager, the extra steps of a major hop, a major upgrade halting workloads whatever the
 * strategy.
 */
class ComponentOrderRulesTest {

    private final UpgradeDecider decider = new UpgradeDecider();

    @Test
    @DisplayName("Backend.AI: \"upgrade the manager first (alembic upgrade head; for a major also"
            + " apply-mission-revisions <previous version>), then the other components\" - an OFFLINE major")
    void upgradeTheManagerFirstThenTheOtherComponentsInAMajorUpgrade() {
        // given a Backend.AI cluster of three agents and a manager on 23.09.10
        ClusterSnapshot cluster = backendAi("23.09.10", BuiltInProfiles.BACKEND_AI,
                "agent:agent-1", "agent:agent-2", "agent:agent-3", "manager:manager-1");
        // when the major upgrade to 24.03.0 is planned OFFLINE with a schema change
        List<PlannedStage> stages = stages(cluster, "24.03.0", UpgradeStrategy.OFFLINE);
        // then workloads halt, the manager goes first with its schema step and APPLY_MISSION_REVISIONS 23.09.10,
        // then the agents one by one, then workloads resume
        assertThat(describe(stages)).containsExactly(
                "HALT_WORKLOADS", "EXPORT_STATE", "UPGRADE_NODE manager-1", "MIGRATE_SCHEMA",
                "APPLY_MISSION_REVISIONS manager-1", "VERIFY_NODE manager-1",
                "UPGRADE_NODE agent-1", "VERIFY_NODE agent-1", "UPGRADE_NODE agent-2", "VERIFY_NODE agent-2",
                "UPGRADE_NODE agent-3", "VERIFY_NODE agent-3", "RESUME_WORKLOADS");
        assertThat(stages.get(3).steps().get(0).parameters()).containsEntry("onNode", "manager-1");
        assertThat(stages.get(3).description()).contains("manager", "manager-1");
        assertThat(stages.get(4).steps().get(0).parameters()).isEqualTo(Map.of("previousVersion", "23.09.10"));
        assertThat(stages.get(4).description()).contains("APPLY_MISSION_REVISIONS 23.09.10 on manager-1", "major");
        assertThat(stages.get(0).description()).as("the plan says why workloads halt")
                .contains("major upgrade 23.09.10 -> 24.03.0");
    }

    @Test
    @DisplayName("Backend.AI: every strategy follows the order - a ROLLING minor upgrades the manager's batch first,"
            + " the schema step runs on the manager, and a minor has no apply-mission-revisions")
    void aRollingMinorFollowsTheRoleOrderToo() {
        ClusterSnapshot cluster = backendAi("23.09.9", BuiltInProfiles.BACKEND_AI,
                "agent:agent-1", "manager:manager-1", "agent:agent-2");
        List<PlannedStage> stages = stages(cluster, "23.09.10", UpgradeStrategy.ROLLING);
        assertThat(describe(stages)).containsExactly(
                "HALT_WORKLOADS", "MIGRATE_SCHEMA",
                "ISOLATE_NODE manager-1", "UPGRADE_NODE manager-1", "VERIFY_NODE manager-1",
                "REINTEGRATE_NODE manager-1",
                "ISOLATE_NODE agent-1", "UPGRADE_NODE agent-1", "VERIFY_NODE agent-1", "REINTEGRATE_NODE agent-1",
                "ISOLATE_NODE agent-2", "UPGRADE_NODE agent-2", "VERIFY_NODE agent-2", "REINTEGRATE_NODE agent-2",
                "RESUME_WORKLOADS");
        assertThat(stages.get(2).description()).startsWith("manager: batch 1 of 3");
        assertThat(stages.get(1).steps().get(0).parameters()).containsEntry("onNode", "manager-1");
    }

    @Test
    @DisplayName("a role may be upgraded as one batch or rolling within itself")
    void aRoleIsUpgradedAsOneBatchOrRollingWithinItself() {
        // given a profile whose storage role goes at once and whose worker role rolls
        ProductProfile profile = new ProductProfile("acme", "a test profile", VersionScheme.NUMERIC, null, null, false,
                List.of(new ProductProfile.Role("storage", false), new ProductProfile.Role("worker", true)), null,
                List.of(), false, ProductProfile.MajorHop.FIRST_NUMBER);
        ClusterSnapshot cluster = withRoles("acme", "1.0.0", null, null, profile,
                "worker:w-1", "storage:s-1", "worker:w-2", "storage:s-2");
        // when it is upgraded OFFLINE
        List<PlannedStage> stages = stages(cluster, "1.1.0", UpgradeStrategy.OFFLINE);
        // then both storage nodes move in one stage first (the schema step after them: no role is named for it),
        // the workers one after the other
        assertThat(stages).extracting(PlannedStage::description).containsExactly(
                "halt workloads", "export state as a backup", "storage: upgrade s-1, s-2 to 1.1.0",
                "migrate schema 1.0.0 -> 1.1.0 (additive)", "storage: verify s-1, s-2", "worker: upgrade w-1 to 1.1.0", "worker: verify w-1",
                "worker: upgrade w-2 to 1.1.0", "worker: verify w-2", "resume workloads");
    }

    @Test
    @DisplayName("Backend.AI: shut workloads down before a major upgrade whatever the strategy - ROLLING and REJOIN"
            + " majors halt first and resume last, and say why")
    void aMajorUpgradeHaltsWorkloadsWhateverTheStrategy() {
        // given clusters of products without a profile: a major is a change of the first number
        ReleaseCatalog catalog = new ReleaseCatalog(List.of(line("7.6", "7.6"), line("8.0", "8.0")));
        ClusterSnapshot rolling = withRoles("engines", "7.6", catalog,
                new PolicyRules(true, true, false, true, false), null, ":e-1", ":e-2");
        ClusterSnapshot rejoin = withRoles("peers", "1.0.8", null, null, null, ":p-1", ":p-2");
        for (var given : List.of(Map.entry(rolling, Map.entry("8.0", UpgradeStrategy.ROLLING)),
                Map.entry(rejoin, Map.entry("2.0.0", UpgradeStrategy.REJOIN)))) {
            // when a major is planned ROLLING or REJOIN
            List<PlannedStage> stages = stages(given.getKey(), given.getValue().getKey(), given.getValue().getValue());
            // then it halts workloads first and resumes them last, saying why
            assertThat(stages.get(0).steps().get(0).action()).isEqualTo(StepAction.HALT_WORKLOADS);
            assertThat(stages.get(0).description()).contains("major upgrade", Rule.MAJOR_HALTS_WORKLOADS.sentence());
            assertThat(stages.get(stages.size() - 1).steps().get(0).action()).isEqualTo(StepAction.RESUME_WORKLOADS);
        }
        // and a minor of the same cluster keeps running (Camunda's rolling upgrade has no downtime)
        ClusterSnapshot camunda = withRoles("camunda", "7.5", Snapshots.CAMUNDA_CATALOG, Snapshots.CAMUNDA_RULES,
                BuiltInProfiles.CAMUNDA, "engine:e-1", "engine:e-2");
        assertThat(stages(camunda, "7.6", UpgradeStrategy.ROLLING).get(0).steps().get(0).action())
                .isEqualTo(StepAction.MIGRATE_SCHEMA);
    }

    @Test
    @DisplayName("component-order: without roles on the nodes the plan says it could not follow the profile's order")
    void withoutRolesThePlanSaysTheOrderWasNotFollowed() {
        ClusterSnapshot cluster = withRoles("backend.ai", "23.09.10", BACKEND_AI_CATALOG, PolicyRules.STRICT,
                BuiltInProfiles.BACKEND_AI, ":n-1", ":n-2");
        UpgradeVerdict verdict = decider.decide(cluster, request(cluster, "24.03.0", UpgradeStrategy.OFFLINE,
                SchemaChange.ADDITIVE), Optional.empty());
        assertThat(((UpgradeVerdict.Accepted) verdict).uncheckedRules()).filteredOn(
                        rule -> rule.rule().equals(Rule.COMPONENT_ORDER.id())).singleElement()
                .extracting(UncheckedRule::why).asString().contains("manager", "APPLY_MISSION_REVISIONS");
        assertThat(describe(((UpgradeVerdict.Accepted) verdict).hops().get(0).plan().stages()))
                .doesNotContain("APPLY_MISSION_REVISIONS n-1");
    }

    @Test
    @DisplayName("unknown-role: a node's role is one its product's profile declares")
    void aNodesRoleIsOneItsProfileDeclares() {
        ComponentRolePolicy policy = new ComponentRolePolicy();
        NodeSpec scheduler = new NodeSpec(NodeId.of("s-1"), "10.0.0.9:80", null, "scheduler");
        assertThat(policy.nodeRole(BuiltInProfiles.BACKEND_AI, scheduler)).get().satisfies(refusal -> {
            assertThat(refusal.rule()).isEqualTo(Rule.UNKNOWN_ROLE);
            assertThat(refusal.detail()).contains("scheduler", "manager", "agent");
            assertThat(refusal.wayOut()).contains("leave the role out");
        });
        assertThat(policy.nodeRole(BuiltInProfiles.BACKEND_AI,
                new NodeSpec(NodeId.of("m-1"), "10.0.0.1:80", null, "manager"))).isEmpty();
        assertThat(policy.nodeRole(null, scheduler)).as("a product without a profile").isEmpty();
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private List<PlannedStage> stages(ClusterSnapshot cluster, String target, UpgradeStrategy strategy) {
        UpgradeVerdict verdict = decider.decide(cluster, request(cluster, target, strategy, SchemaChange.ADDITIVE),
                Optional.empty());
        assertThat(verdict).as(verdict.toString()).isInstanceOf(UpgradeVerdict.Accepted.class);
        return ((UpgradeVerdict.Accepted) verdict).hops().get(0).plan().stages();
    }

    /** Each step as "ACTION node", stage after stage. */
    private static List<String> describe(List<PlannedStage> stages) {
        List<String> steps = new ArrayList<>();
        stages.forEach(stage -> stage.steps().forEach(step -> steps.add(step.action()
                + (step.nodeId() == null ? "" : " " + step.nodeId()))));
        return steps;
    }

    private static ClusterSnapshot backendAi(String version, ProductProfile profile, String... nodes) {
        return withRoles("backend.ai", version, BACKEND_AI_CATALOG, PolicyRules.STRICT, profile, nodes);
    }

    /** Nodes as {@code role:id}; an empty role is none. */
    private static ClusterSnapshot withRoles(String product, String version, ReleaseCatalog catalog,
                                             PolicyRules rules, ProductProfile profile, String... nodes) {
        List<NodeSnapshot> snapshots = new ArrayList<>();
        for (String node : nodes) {
            String[] parts = node.split(":");
            snapshots.add(new NodeSnapshot(NodeId.of(parts[1]), null, Version.of(version), false,
                    parts[0].isEmpty() ? null : parts[0]));
        }
        return new ClusterSnapshot(ClusterId.of("c-" + product.replace('.', '-')), product, Version.of(version),
                Version.of(version), snapshots, catalog, rules, null, false, null, null, profile);
    }
}
