package dev.upgradeledger.events;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;

/**
 * The JSON form of a {@link PlannedStage} (revision 2 of {@code UpgradePlanned}). A stage of at most
 * {@value #COMPACT_ABOVE} steps, or one whose steps differ in more than node and parameters, is written as before:
 * {@code {"index","description","steps":[{"stepId","action","clusterId","nodeId","parameters"}, ...]}}. A larger stage
 * of one action on one cluster, one step per node with the usual step ids ({@code s<index>.<n>}), is written compactly:
 * <pre>{"index":3,"description":"...","action":"ISOLATE_NODE","clusterId":"c","parameters":{...},
 *  "nodes":["engine-1","engine-2",...],"nodeParameters":{"engine-7":{"from":"7.4"}}}</pre>
 * {@code parameters} are the first step's; {@code nodeParameters} lists the nodes whose parameters differ from them,
 * whole. Readers accept both forms, so events stored in either are read; the compact form is about 8 times smaller,
 * which keeps the plan of a 10,000-node rolling upgrade within a record.
 */
public final class PlannedStageJson {

    static final int COMPACT_ABOVE = 16;

    private PlannedStageJson() {
    }

    /** Whether {@code stage} is written in the compact form. */
    static boolean compact(PlannedStage stage) {
        List<PlannedStep> steps = stage.steps();
        if (steps.size() <= COMPACT_ABOVE) {
            return false;
        }
        PlannedStep first = steps.get(0);
        for (int n = 0; n < steps.size(); n++) {
            PlannedStep step = steps.get(n);
            if (step.nodeId() == null || step.action() != first.action() || !step.clusterId().equals(first.clusterId())
                    || !step.stepId().equals(stepId(stage.index(), n))) {
                return false;
            }
        }
        return true;
    }

    static String stepId(int stage, int step) {
        return "s" + stage + '.' + step;
    }

    /** A JSON object of strings as a map (empty when absent). */
    static Map<String, String> strings(JsonNode object) {
        Map<String, String> values = new HashMap<>();
        if (object != null && object.isObject()) {
            object.properties().forEach(entry -> values.put(entry.getKey(), entry.getValue().asString()));
        }
        return values;
    }

    public static final class Writer extends ValueSerializer<PlannedStage> {

        @Override
        public void serialize(PlannedStage stage, JsonGenerator json, SerializationContext context) {
            json.writeStartObject();
            json.writeNumberProperty("index", stage.index());
            json.writeStringProperty("description", stage.description());
            if (!compact(stage)) {
                json.writeName("steps");
                context.writeValue(json, stage.steps());
                json.writeEndObject();
                return;
            }
            PlannedStep first = stage.steps().get(0);
            json.writeStringProperty("action", first.action().name());
            json.writeStringProperty("clusterId", first.clusterId().value());
            json.writeName("parameters");
            context.writeValue(json, new java.util.TreeMap<>(first.parameters()));
            json.writeName("nodes");
            json.writeStartArray();
            Map<String, Map<String, String>> differing = new LinkedHashMap<>();
            for (PlannedStep step : stage.steps()) {
                json.writeString(step.nodeId().value());
                if (!step.parameters().equals(first.parameters())) {
                    differing.put(step.nodeId().value(), new java.util.TreeMap<>(step.parameters()));
                }
            }
            json.writeEndArray();
            if (!differing.isEmpty()) {
                json.writeName("nodeParameters");
                context.writeValue(json, differing);
            }
            json.writeEndObject();
        }
    }

    public static final class Reader extends ValueDeserializer<PlannedStage> {

        @Override
        public PlannedStage deserialize(JsonParser parser, DeserializationContext context) {
            JsonNode stage = context.readTree(parser);
            int index = stage.path("index").asInt();
            String description = stage.path("description").isNull() ? null : stage.path("description").asString();
            JsonNode steps = stage.get("steps");
            List<PlannedStep> read = new ArrayList<>();
            if (steps != null && !steps.isNull()) {
                for (JsonNode step : steps) {
                    read.add(context.readTreeAsValue(step, PlannedStep.class));
                }
                return new PlannedStage(index, description, read);
            }
            StepAction action = StepAction.valueOf(required(stage, "action").asString());
            ClusterId cluster = ClusterId.of(required(stage, "clusterId").asString());
            Map<String, String> common = strings(stage.path("parameters"));
            JsonNode differing = stage.path("nodeParameters");
            int n = 0;
            for (JsonNode node : required(stage, "nodes")) {
                String nodeId = node.asString();
                JsonNode own = differing.get(nodeId);
                read.add(new PlannedStep(stepId(index, n++), action, cluster, NodeId.of(nodeId),
                        own == null ? common : strings(own)));
            }
            return new PlannedStage(index, description, read);
        }

        private static JsonNode required(JsonNode stage, String name) {
            JsonNode value = stage.get(name);
            if (value == null || value.isNull()) {
                throw new InvalidValueException("a plan stage without steps needs " + name);
            }
            return value;
        }
    }
}
