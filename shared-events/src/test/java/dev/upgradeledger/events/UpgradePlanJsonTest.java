package dev.upgradeledger.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class UpgradePlanJsonTest {

    private static final ClusterId CLUSTER = ClusterId.of("ipfs-eu");
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void peersRejoinedOneAtATimeAreWrittenAsOneRunAndReadBackStageForStage() {
        UpgradePlan plan = rejoinPlan(40, peer -> Map.of("version", "1.1.0"));

        JsonNode written = json.valueToTree(planned(plan)).get("plan");
        UpgradePlanned read = json.treeToValue(json.valueToTree(planned(plan)), UpgradePlanned.class);

        assertThat(written.get("stages")).hasSize(2);
        assertThat(written.at("/stages/1/run/from").asInt()).isEqualTo(1);
        assertThat(written.at("/stages/1/run/pattern/1/description").asString())
                .isEqualTo("rejoin {node} through peer-00");
        assertThat(written.at("/stages/1/run/nodes")).hasSize(40);
        assertThat(written.at("/stages/1/run").has("exceptions")).isFalse();
        assertThat(read.plan()).isEqualTo(plan);
    }

    @Test
    void aPeerWithParametersOfItsOwnIsListedByItsPosition() {
        UpgradePlan plan = rejoinPlan(20, peer -> peer == 7 ? Map.of("version", "1.1.0", "from", "1.0.1")
                : Map.of("version", "1.1.0"));

        JsonNode run = json.valueToTree(planned(plan)).at("/plan/stages/1/run");

        assertThat(run.get("exceptions").properties()).hasSize(1);
        assertThat(run.at("/exceptions/6/0/from").asString()).isEqualTo("1.0.1");
        assertThat(json.treeToValue(json.valueToTree(planned(plan)), UpgradePlanned.class).plan()).isEqualTo(plan);
    }

    @Test
    void aDescriptionThatDoesNotFollowThePatternEndsTheRunThere() {
        List<PlannedStage> stages = new ArrayList<>(rejoinPlan(20, peer -> Map.of()).stages());
        PlannedStage odd = stages.get(31);
        stages.set(31, new PlannedStage(31, "verify twice: " + odd.steps().get(0).nodeId(), odd.steps()));
        UpgradePlan plan = new UpgradePlan(stages);

        JsonNode written = json.valueToTree(planned(plan)).at("/plan/stages");

        assertThat(written.at("/1/run/nodes")).hasSize(10);
        assertThat(json.treeToValue(json.valueToTree(planned(plan)), UpgradePlanned.class).plan()).isEqualTo(plan);
    }

    @Test
    void aNodeIdInsideAnotherNodesIdDoesNotMakeAWrongPattern() {
        // "peer-1" is part of "peer-10": the template of peer-1's stages must not swallow the survivor's name
        List<PlannedStage> stages = new ArrayList<>();
        stages.add(new PlannedStage(0, "remove", List.of(new PlannedStep("s0.0", StepAction.REMOVE_PEER, CLUSTER,
                NodeId.of("peer-2"), Map.of()))));
        for (int peer = 1; peer <= 12; peer++) {
            int index = stages.size();
            stages.add(new PlannedStage(index, "rejoin peer-" + peer + " through peer-10", List.of(new PlannedStep(
                    "s" + index + ".0", StepAction.REJOIN_PEER, CLUSTER, NodeId.of("peer-" + peer), Map.of()))));
        }
        UpgradePlan plan = new UpgradePlan(stages);

        UpgradePlan read = json.treeToValue(json.valueToTree(planned(plan)), UpgradePlanned.class).plan();

        assertThat(read).isEqualTo(plan);
    }

    @Test
    void aPlanOfRevisionTwoIsStillRead() {
        UpgradePlan plan = rejoinPlan(12, peer -> Map.of());
        JsonNode revisionTwo = json.valueToTree(planned(plan));
        ((tools.jackson.databind.node.ObjectNode) revisionTwo).set("plan", json.valueToTree(
                Map.of("stages", plan.stages())));

        assertThat(revisionTwo.at("/plan/stages")).hasSize(plan.stages().size());
        assertThat(json.treeToValue(revisionTwo, UpgradePlanned.class).plan()).isEqualTo(plan);
    }

    @Test
    void theRestFormOfAPlanKeepsEveryStage() {
        UpgradePlan plan = rejoinPlan(12, peer -> Map.of());

        assertThat(json.valueToTree(plan).get("stages")).hasSize(plan.stages().size());
    }

    /** Remove every peer but peer-00, then upgrade, rejoin and verify each removed peer in turn. */
    private static UpgradePlan rejoinPlan(int peers, IntFunction<Map<String, String>> upgradeParameters) {
        List<PlannedStage> stages = new ArrayList<>();
        List<PlannedStep> removals = new ArrayList<>();
        for (int peer = 1; peer <= peers; peer++) {
            removals.add(new PlannedStep("s0." + (peer - 1), StepAction.REMOVE_PEER, CLUSTER, peer(peer), Map.of()));
        }
        stages.add(new PlannedStage(0, "remove every peer but peer-00", removals));
        for (int peer = 1; peer <= peers; peer++) {
            NodeId node = peer(peer);
            stage(stages, "upgrade " + node + " to 1.1.0", StepAction.UPGRADE_NODE, node, upgradeParameters.apply(peer));
            stage(stages, "rejoin " + node + " through peer-00", StepAction.REJOIN_PEER, node,
                    Map.of("bootstrap", "peer-00"));
            stage(stages, "verify " + node, StepAction.VERIFY_NODE, node, Map.of("version", "1.1.0"));
        }
        return new UpgradePlan(stages);
    }

    private static void stage(List<PlannedStage> stages, String description, StepAction action, NodeId node,
                              Map<String, String> parameters) {
        int index = stages.size();
        stages.add(new PlannedStage(index, description,
                List.of(new PlannedStep("s" + index + ".0", action, CLUSTER, node, parameters))));
    }

    private static NodeId peer(int n) {
        return NodeId.of("peer-%02d".formatted(n));
    }

    private static UpgradePlanned planned(UpgradePlan plan) {
        return new UpgradePlanned(CLUSTER, UpgradeId.of("u-1"), Version.of("1.0.0"), Version.of("1.1.0"), null,
                UpgradeStrategy.REJOIN, plan, List.of());
    }
}
