package dev.upgradeledger.domain.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.MaxUnavailable;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.PlannedStage;
import dev.upgradeledger.events.PlannedStep;
import dev.upgradeledger.events.SchemaChange;
import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.events.UpgradePlan;
import dev.upgradeledger.events.UpgradeStrategy;
import dev.upgradeledger.events.Version;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Random clusters and requests (seeded, so a failure names the seed that reproduces it) checked against what the
 * guides require of every plan: Camunda rolling upgrade (seed 003), Backend.AI (001), IPFS Cluster (002), Inmanta
 * (004) and Replicante (000).
 */
class UpgradePlannerPropertiesTest {

    private static final int CASES = 500;
    private static final long FIRST_SEED = 20_240_301L;
    private static final Version TARGET = Version.of("2.0");
    private static final List<String> OLD_VERSIONS = List.of("1.0", "1.1", "1.9");
    private static final List<String> GROUPS = List.of("zone-a", "zone-b", "zone-c", "zone-d");

    private final UpgradePlanner planner = new UpgradePlanner();

    @Test
    void plannerRefusesExactlyWhatTheGuidesForbidAndPlansEverythingElse() {
        forRandomRequests(null, (request, result) -> {
            Optional<String> expected = expectedRefusal(request);
            if (expected.isPresent()) {
                assertThat(result).isInstanceOf(PlanResult.Refused.class);
                assertThat(((PlanResult.Refused) result).rule()).isEqualTo(expected.get());
            } else {
                assertThat(result).isInstanceOf(PlanResult.Planned.class);
            }
        });
    }

    @Test
    void everyNodeOffTheTargetIsUpgradedExactlyOnceAndNodesOnTheTargetNever() {
        forRandomPlans(null, (request, plan) -> {
            Map<NodeId, Long> upgrades = steps(plan).stream()
                    .filter(step -> step.action() == StepAction.UPGRADE_NODE)
                    .collect(Collectors.groupingBy(PlannedStep::nodeId, Collectors.counting()));
            if (request.strategy().movesToAnotherCluster()) {
                assertThat(upgrades).as("a migration replaces nodes, it upgrades none (Inmanta, Replicante)").isEmpty();
                return;
            }
            Map<NodeId, Long> expected = request.nodes().stream()
                    .filter(node -> !node.version().equals(request.targetVersion()))
                    .collect(Collectors.toMap(PlanNode::id, node -> 1L));
            assertThat(upgrades).isEqualTo(expected);
            assertThat(steps(plan)).filteredOn(step -> step.action() == StepAction.UPGRADE_NODE)
                    .allSatisfy(step -> assertThat(step.parameters()).containsEntry("version", TARGET.value()));
        });
    }

    @Test
    void stepIdsAreUniqueAndNumberedByStageAndPosition() {
        forRandomPlans(null, (request, plan) -> {
            Set<String> ids = new HashSet<>();
            for (int s = 0; s < plan.stages().size(); s++) {
                PlannedStage stage = plan.stages().get(s);
                assertThat(stage.index()).isEqualTo(s);
                assertThat(stage.description()).isNotBlank();
                for (int n = 0; n < stage.steps().size(); n++) {
                    String id = stage.steps().get(n).stepId();
                    assertThat(id).isEqualTo("s" + s + "." + n);
                    assertThat(ids.add(id)).as("unique step id %s", id).isTrue();
                }
            }
        });
    }

    @Test
    void stepsActOnTheClusterAndItsNodesOnlyAndOnTheTargetOnlyInAMigration() {
        forRandomPlans(null, (request, plan) -> {
            Set<NodeId> nodes = request.nodes().stream().map(PlanNode::id).collect(Collectors.toSet());
            for (PlannedStep step : steps(plan)) {
                if (step.nodeId() != null) {
                    assertThat(nodes).contains(step.nodeId());
                }
                if (request.strategy() == UpgradeStrategy.LIVE_MOVE) {
                    assertThat(step.clusterId()).as("cluster of %s", step.stepId())
                            .isIn(request.clusterId(), request.targetClusterId());
                    continue;
                }
                ClusterId expected = request.strategy() == UpgradeStrategy.MIGRATION && !Set.of(
                        StepAction.HALT_WORKLOADS, StepAction.EXPORT_STATE).contains(step.action())
                        ? request.targetClusterId() : request.clusterId();
                assertThat(step.clusterId()).as("cluster of %s", step.stepId()).isEqualTo(expected);
            }
        });
    }

    @Test
    void sameRequestGivesAnEqualPlanWhateverTheOrderOfItsNodes() {
        forRandomRequests(null, (request, result) -> {
            PlanRequest same = new PlanRequest(request.clusterId(), new ArrayList<>(request.nodes()),
                    request.schemaVersion(), request.strategy(), request.targetVersion(), request.targetSchemaVersion(),
                    request.schemaChange(), request.stateFormatChange(), request.maxUnavailable(), request.byGroup(),
                    request.targetClusterId(), request.targetNodes());
            assertThat(planner.plan(same)).isEqualTo(result);
            assertThat(planner.plan(shuffled(request, new Random(request.nodes().size())))).isEqualTo(result);
        });
    }

    @Test
    void rollingPlansNeverTakeMoreNodesOutOfServiceThanMaxUnavailable() {
        forRandomPlans(UpgradeStrategy.ROLLING, (request, plan) -> {
            int allowed = request.maxUnavailable().resolve(request.nodes().size());
            Map<NodeId, String> groupOf = request.nodes().stream()
                    .collect(Collectors.toMap(PlanNode::id, node -> String.valueOf(node.group())));
            boolean schemaChanges = schemaChanges(request);
            boolean migrated = false;
            Set<NodeId> outOfService = new HashSet<>();
            Set<NodeId> isolated = new HashSet<>();
            Set<NodeId> upgraded = new HashSet<>();
            Set<NodeId> verified = new HashSet<>();
            for (PlannedStage stage : plan.stages()) {
                if (request.byGroup()) {
                    assertThat(stage.steps().stream().filter(step -> step.nodeId() != null)
                            .map(step -> groupOf.get(step.nodeId())).distinct())
                            .as("groups in stage %d", stage.index()).hasSizeLessThanOrEqualTo(1);
                }
                for (PlannedStep step : stage.steps()) {
                    NodeId node = step.nodeId();
                    switch (step.action()) {
                        case MIGRATE_SCHEMA -> {
                            assertThat(upgraded).as("nodes upgraded before the schema").isEmpty();
                            migrated = true;
                        }
                        case ISOLATE_NODE -> {
                            assertThat(isolated.add(node)).as("%s isolated once", node).isTrue();
                            outOfService.add(node);
                        }
                        case UPGRADE_NODE -> {
                            assertThat(outOfService).as("%s isolated before its upgrade", node).contains(node);
                            assertThat(migrated || !schemaChanges).as("schema migrated before %s", step.stepId())
                                    .isTrue();
                            upgraded.add(node);
                        }
                        case VERIFY_NODE -> {
                            assertThat(upgraded).as("%s upgraded before verified", node).contains(node);
                            assertThat(outOfService).as("%s verified while isolated", node).contains(node);
                            verified.add(node);
                        }
                        case REINTEGRATE_NODE -> {
                            assertThat(verified).as("%s verified before reintegrated", node).contains(node);
                            outOfService.remove(node);
                        }
                        default -> throw new AssertionError("a rolling plan has no " + step.action());
                    }
                }
                assertThat(outOfService.size()).as("nodes out of service after stage %d", stage.index())
                        .isLessThanOrEqualTo(allowed);
            }
            assertThat(outOfService).as("nodes never reintegrated").isEmpty();
            assertThat(migrated).isEqualTo(schemaChanges);
            assertThat(isolated).isEqualTo(upgraded);
        });
    }

    @Test
    void offlinePlansHaltAndBackUpBeforeAnyUpgradeAndMigrateAfterTheLastOne() {
        forRandomPlans(UpgradeStrategy.OFFLINE, (request, plan) -> {
            List<StepAction> actions = stageActions(plan);
            assertThat(actions.get(0)).isEqualTo(StepAction.HALT_WORKLOADS);
            assertThat(actions.get(1)).isEqualTo(StepAction.EXPORT_STATE);
            assertThat(actions.get(actions.size() - 1)).isEqualTo(StepAction.RESUME_WORKLOADS);
            assertThat(actions.get(actions.size() - 2)).isEqualTo(StepAction.VERIFY_NODE);
            assertThat(actions.contains(StepAction.MIGRATE_SCHEMA)).isEqualTo(migrationNeeded(request));
            if (actions.contains(StepAction.MIGRATE_SCHEMA) && actions.contains(StepAction.UPGRADE_NODE)) {
                assertThat(actions.indexOf(StepAction.MIGRATE_SCHEMA))
                        .isGreaterThan(actions.lastIndexOf(StepAction.UPGRADE_NODE));
            }
            assertThat(nodesOf(plan, StepAction.VERIFY_NODE)).containsExactlyInAnyOrderElementsOf(ids(request.nodes()));
            if (request.stateFormatChange()) {
                assertThat(actions.indexOf(StepAction.STOP_NODE)).as("peers stopped before the state upgrade")
                        .isBetween(0, actions.indexOf(StepAction.MIGRATE_SCHEMA));
                assertThat(actions.indexOf(StepAction.START_NODE)).as("and started after it")
                        .isGreaterThan(actions.indexOf(StepAction.MIGRATE_SCHEMA));
                assertThat(nodesOf(plan, StepAction.STOP_NODE)).containsExactlyInAnyOrderElementsOf(ids(request.nodes()));
                assertThat(nodesOf(plan, StepAction.START_NODE))
                        .containsExactlyInAnyOrderElementsOf(ids(request.nodes()));
            } else {
                assertThat(actions).doesNotContain(StepAction.STOP_NODE, StepAction.START_NODE);
            }
        });
    }

    @Test
    void rejoinPlansKeepOnePeerAndBringEveryOtherPeerBackUpgradedOneAtATime() {
        forRandomPlans(UpgradeStrategy.REJOIN, (request, plan) -> {
            List<NodeId> all = ids(request.nodes());
            Set<NodeId> inCluster = new HashSet<>(all);
            Set<NodeId> upgraded = new HashSet<>();
            boolean exported = false;
            boolean migrated = false;
            Set<NodeId> stopped = new HashSet<>();
            Set<NodeId> checked = new HashSet<>();
            for (PlannedStage stage : plan.stages()) {
                assertThat(stage.index() == 0 || exported).as("a backup export comes first, always").isTrue();
                assertThat(stage.steps().stream().filter(step -> step.action() == StepAction.REJOIN_PEER))
                        .as("peers rejoining in stage %d", stage.index()).hasSizeLessThanOrEqualTo(1);
                for (PlannedStep step : stage.steps()) {
                    NodeId node = step.nodeId();
                    switch (step.action()) {
                        case EXPORT_STATE -> exported = true;
                        case REMOVE_PEER -> assertThat(inCluster.remove(node)).as("%s removed once", node).isTrue();
                        case UPGRADE_NODE -> {
                            assertThat(inCluster.size() == 1 || !inCluster.contains(node))
                                    .as("%s upgraded alone or while removed", node).isTrue();
                            upgraded.add(node);
                        }
                        case MIGRATE_SCHEMA -> {
                            assertThat(inCluster).as("state migrated on the survivor alone").hasSize(1);
                            assertThat(exported).as("exported first").isTrue();
                            assertThat(stopped).as("state upgraded with the survivor offline")
                                    .containsExactlyElementsOf(inCluster);
                            migrated = true;
                        }
                        case STOP_NODE -> assertThat(stopped.add(node)).as("%s stopped once", node).isTrue();
                        case START_NODE -> assertThat(stopped.remove(node)).as("%s started after its stop", node)
                                .isTrue();
                        case CHECK_STATE -> {
                            String against = step.parameters().get("against");
                            assertThat(against == null ? checked.isEmpty() : checked.contains(NodeId.of(against)))
                                    .as("%s checked against the recorded survivor", node).isTrue();
                            assertThat(inCluster).as("%s checked once in the cluster", node).contains(node);
                            assertThat(checked.add(node)).as("%s checked once", node).isTrue();
                        }
                        case REJOIN_PEER -> {
                            assertThat(migrated || !migrationNeeded(request)).as("survivor migrated first").isTrue();
                            assertThat(upgraded.contains(node) || onTarget(request, node))
                                    .as("%s on the target before rejoining", node).isTrue();
                            assertThat(inCluster.add(node)).as("%s rejoins once", node).isTrue();
                        }
                        case VERIFY_NODE -> assertThat(inCluster).as("%s verified in the cluster", node).contains(node);
                        default -> throw new AssertionError("a rejoin plan has no " + step.action());
                    }
                }
                assertThat(inCluster).as("the survivor stays").isNotEmpty();
            }
            assertThat(inCluster).containsExactlyInAnyOrderElementsOf(all);
            assertThat(checked).as("every peer's state checked").containsExactlyInAnyOrderElementsOf(all);
            assertThat(stopped).as("no peer left stopped").isEmpty();
            assertThat(nodesOf(plan, StepAction.VERIFY_NODE)).containsExactlyInAnyOrderElementsOf(all);
        });
    }

    @Test
    void migrationPlansMoveEveryWorkloadGroupOnceInOrderAndResumeOnTheTargetLast() {
        forRandomPlans(UpgradeStrategy.MIGRATION, (request, plan) -> {
            List<StepAction> actions = stageActions(plan);
            assertThat(actions.subList(0, 3)).containsExactly(StepAction.HALT_WORKLOADS, StepAction.EXPORT_STATE,
                    StepAction.IMPORT_STATE);
            assertThat(actions.get(actions.size() - 1)).isEqualTo(StepAction.RESUME_WORKLOADS);
            assertThat(actions.contains(StepAction.MIGRATE_SCHEMA)).isEqualTo(migrationNeeded(request));
            List<String> groups = steps(plan).stream().filter(step -> step.action() == StepAction.MOVE_WORKLOADS)
                    .map(step -> step.parameters().get("group")).toList();
            assertThat(groups).containsExactlyElementsOf(request.nodes().stream()
                    .map(node -> node.group() == null ? "default" : node.group()).distinct().sorted().toList());
        });
    }

    private void forRandomPlans(UpgradeStrategy strategy, PlanCheck check) {
        forRandomRequests(strategy, (request, result) -> {
            if (result instanceof PlanResult.Planned planned) {
                check.accept(request, planned.plan());
            }
        });
    }

    private void forRandomRequests(UpgradeStrategy strategy, ResultCheck check) {
        int planned = 0;
        for (int i = 0; i < CASES; i++) {
            long seed = FIRST_SEED + i;
            PlanRequest request = randomRequest(new Random(seed), strategy);
            PlanResult result = planner.plan(request);
            try {
                check.accept(request, result);
            } catch (AssertionError failure) {
                throw new AssertionError("seed " + seed + ", " + request + ":\n" + failure.getMessage(), failure);
            }
            planned += result instanceof PlanResult.Planned ? 1 : 0;
        }
        assertThat(planned).as("cases that gave a plan").isGreaterThan(CASES / 4);
    }

    static PlanRequest randomRequest(Random random, UpgradeStrategy strategy) {
        // a RESTORE is planned from its export (planRestore; RestorePlanTest), not by plan()
        List<UpgradeStrategy> planned = java.util.Arrays.stream(UpgradeStrategy.values())
                .filter(candidate -> candidate != UpgradeStrategy.RESTORE).toList();
        UpgradeStrategy chosen = strategy != null ? strategy : planned.get(random.nextInt(planned.size()));
        int count = 1 + random.nextInt(40);
        List<String> groups = GROUPS.subList(0, random.nextInt(GROUPS.size() + 1));
        boolean allOnTarget = random.nextInt(10) == 0;
        Set<String> ids = new LinkedHashSet<>();
        while (ids.size() < count) {
            ids.add((random.nextBoolean() ? "engine-" : "node-") + random.nextInt(100));
        }
        List<PlanNode> nodes = new ArrayList<>();
        for (String id : ids) {
            String group = groups.isEmpty() || random.nextInt(5) == 0 ? null : groups.get(random.nextInt(groups.size()));
            String version = allOnTarget || random.nextInt(3) == 0
                    ? TARGET.value() : OLD_VERSIONS.get(random.nextInt(OLD_VERSIONS.size()));
            nodes.add(new PlanNode(NodeId.of(id), group, Version.of(version)));
        }
        boolean quietSchema = allOnTarget && random.nextBoolean();
        Version schemaTo = Version.of(quietSchema || random.nextBoolean() ? "7" : "8");
        SchemaChange change = quietSchema ? SchemaChange.NONE : switch (random.nextInt(6)) {
            case 0 -> SchemaChange.DESTRUCTIVE;
            case 1, 2 -> SchemaChange.ADDITIVE;
            default -> SchemaChange.NONE;
        };
        boolean stateFormatChange = !quietSchema && random.nextInt(4) == 0;
        MaxUnavailable maxUnavailable = switch (random.nextInt(5)) {
            case 0 -> null;
            case 1, 2 -> MaxUnavailable.of(Integer.toString(1 + random.nextInt(50)));
            default -> MaxUnavailable.of((1 + random.nextInt(100)) + "%");
        };
        ClusterId source = ClusterId.of("cluster-" + random.nextInt(5));
        ClusterId target = null;
        List<PlanNode> targetNodes = null;
        if (chosen.movesToAnotherCluster()) {
            int shape = random.nextInt(12);
            target = shape == 0 ? null : shape == 1 ? source : ClusterId.of("next-" + source.value());
            targetNodes = new ArrayList<>();
            int targetCount = shape == 2 ? 0 : 1 + random.nextInt(3);
            for (int i = 0; i < targetCount; i++) {
                targetNodes.add(new PlanNode(NodeId.of("new-" + i), null,
                        shape == 3 && i == 0 ? Version.of("1.0") : TARGET));
            }
        }
        return new PlanRequest(source, nodes, Version.of("7"), chosen, TARGET, schemaTo, change,
                stateFormatChange, maxUnavailable, random.nextBoolean(), target, targetNodes);
    }

    private static PlanRequest shuffled(PlanRequest request, Random random) {
        List<PlanNode> nodes = new ArrayList<>(request.nodes());
        Collections.shuffle(nodes, random);
        List<PlanNode> targetNodes = request.targetNodes() == null ? null : new ArrayList<>(request.targetNodes());
        if (targetNodes != null) {
            Collections.shuffle(targetNodes, random);
        }
        return new PlanRequest(request.clusterId(), nodes, request.schemaVersion(), request.strategy(),
                request.targetVersion(), request.targetSchemaVersion(), request.schemaChange(),
                request.stateFormatChange(), request.maxUnavailable(), request.byGroup(), request.targetClusterId(),
                targetNodes);
    }

    private static Optional<String> expectedRefusal(PlanRequest request) {
        switch (request.strategy()) {
            case ROLLING -> {
                if (request.schemaChange() == SchemaChange.DESTRUCTIVE) {
                    return Optional.of("rolling-requires-additive-schema");
                }
                if (request.stateFormatChange()) {
                    return Optional.of("rolling-forbids-state-format-change");
                }
            }
            case MIGRATION, LIVE_MOVE -> {
                if (request.targetClusterId() == null || request.targetNodes().isEmpty()) {
                    return Optional.of("migration-needs-target-cluster");
                }
                if (request.targetClusterId().equals(request.clusterId())) {
                    return Optional.of("migration-target-is-source");
                }
                if (request.targetNodes().stream().anyMatch(node -> !node.version().equals(TARGET))) {
                    return Optional.of("migration-target-not-on-target-version");
                }
            }
            default -> {
            }
        }
        boolean allOnTarget = request.nodes().stream().allMatch(node -> node.version().equals(TARGET));
        return allOnTarget && !migrationNeeded(request) ? Optional.of("nothing-to-upgrade") : Optional.empty();
    }

    private static boolean schemaChanges(PlanRequest request) {
        return request.schemaChange() != SchemaChange.NONE
                || !request.schemaVersion().equals(request.targetSchemaVersion());
    }

    private static boolean migrationNeeded(PlanRequest request) {
        return schemaChanges(request) || request.stateFormatChange();
    }

    private static boolean onTarget(PlanRequest request, NodeId id) {
        return request.nodes().stream().anyMatch(node -> node.id().equals(id) && node.version().equals(TARGET));
    }

    private static List<PlannedStep> steps(UpgradePlan plan) {
        return plan.stages().stream().flatMap(stage -> stage.steps().stream()).toList();
    }

    private static List<StepAction> stageActions(UpgradePlan plan) {
        return plan.stages().stream().map(stage -> stage.steps().get(0).action()).toList();
    }

    private static List<NodeId> nodesOf(UpgradePlan plan, StepAction action) {
        return steps(plan).stream().filter(step -> step.action() == action).map(PlannedStep::nodeId).toList();
    }

    private static List<NodeId> ids(List<PlanNode> nodes) {
        return nodes.stream().map(PlanNode::id).toList();
    }

    @FunctionalInterface
    private interface ResultCheck {
        void accept(PlanRequest request, PlanResult result);
    }

    @FunctionalInterface
    private interface PlanCheck {
        void accept(PlanRequest request, UpgradePlan plan);
    }
}
