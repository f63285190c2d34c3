package dev.upgradeledger.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class PlannedStageJsonTest {

    private static final ClusterId CLUSTER = ClusterId.of("camunda-eu");
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void aSmallStageKeepsItsStepsAsTheyWere() {
        PlannedStage stage = nodeStage(2, 3, n -> Map.of("version", "7.6"));

        JsonNode written = json.valueToTree(stage);

        assertThat(written.has("steps")).isTrue();
        assertThat(written.has("nodes")).isFalse();
        assertThat(written.at("/steps/1/stepId").asString()).isEqualTo("s2.1");
        assertThat(written.at("/steps/1/nodeId").asString()).isEqualTo("engine-1");
        assertThat(json.treeToValue(written, PlannedStage.class)).isEqualTo(stage);
    }

    @Test
    void aLargeStageOfOneActionIsWrittenAsItsNodesAndReadBackWhole() {
        PlannedStage stage = nodeStage(5, 1_000, n -> Map.of("version", "7.6", "from", "7.5"));

        String compact = json.writeValueAsString(stage);
        String full = json.writeValueAsString(stage.steps());

        assertThat(json.readTree(compact).has("steps")).isFalse();
        assertThat(json.readTree(compact).at("/nodes/999").asString()).isEqualTo("engine-999");
        assertThat(compact.length()).isLessThan(full.length() / 5);
        assertThat(json.readValue(compact, PlannedStage.class)).isEqualTo(stage);
    }

    @Test
    void nodesWhoseParametersDifferCarryTheirOwn() {
        PlannedStage stage = nodeStage(1, 40, n -> n == 7 ? Map.of("version", "7.6", "from", "7.4")
                : Map.of("version", "7.6", "from", "7.5"));

        JsonNode written = json.valueToTree(stage);

        assertThat(written.at("/parameters/from").asString()).isEqualTo("7.5");
        assertThat(written.get("nodeParameters").properties()).hasSize(1);
        assertThat(written.at("/nodeParameters/engine-7/from").asString()).isEqualTo("7.4");
        assertThat(json.treeToValue(written, PlannedStage.class)).isEqualTo(stage);
    }

    @Test
    void aLargeStageThatMixesActionsIsWrittenWhole() {
        List<PlannedStep> steps = new ArrayList<>(nodeStage(0, 30, n -> Map.of()).steps());
        steps.set(3, new PlannedStep("s0.3", StepAction.VERIFY_NODE, CLUSTER, NodeId.of("engine-3"), Map.of()));
        PlannedStage stage = new PlannedStage(0, "mixed", steps);

        JsonNode written = json.valueToTree(stage);

        assertThat(written.has("steps")).isTrue();
        assertThat(json.treeToValue(written, PlannedStage.class)).isEqualTo(stage);
    }

    @Test
    void aRevisionOneStageIsStillRead() {
        String revisionOne = """
                {"index":0,"description":"migrate schema","steps":[{"stepId":"s0.0","action":"MIGRATE_SCHEMA",
                 "clusterId":"camunda-eu","nodeId":null,"parameters":{"schemaVersion":"7.6"}}]}""";

        PlannedStage stage = json.readValue(revisionOne, PlannedStage.class);

        assertThat(stage.steps()).containsExactly(new PlannedStep("s0.0", StepAction.MIGRATE_SCHEMA, CLUSTER, null,
                Map.of("schemaVersion", "7.6")));
    }

    private static PlannedStage nodeStage(int index, int nodes,
                                          java.util.function.IntFunction<Map<String, String>> parameters) {
        return new PlannedStage(index, "isolate " + nodes + " nodes", IntStream.range(0, nodes)
                .mapToObj(n -> new PlannedStep("s" + index + "." + n, StepAction.ISOLATE_NODE, CLUSTER,
                        NodeId.of("engine-" + n), parameters.apply(n)))
                .toList());
    }
}
