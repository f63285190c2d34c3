package dev.upgradeledger.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;

/**
 * The JSON form of the plan inside {@link UpgradePlanned} (revision 3): {@code {"stages":[...]}}, where a long run of
 * one-node stages that repeat a pattern node after node is written once as the pattern and the list of nodes.
 *
 * <p>An IPFS Cluster bootstrap ({@code REJOIN}) upgrades and rejoins the removed peers one at a time: for 10,000 nodes
 * some 30,000 stages of one step each, about 7 MB as stages, far beyond a Kafka record. Written as a run it is about
 * 15 bytes a node:
 * <pre>{"run":{"from":5,"clusterId":"c","pattern":[
 *     {"action":"UPGRADE_NODE","description":"upgrade {node} to 0.14","parameters":{"version":"0.14"}},
 *     {"action":"REJOIN_PEER","description":"rejoin {node} through peer-1","parameters":{"bootstrap":"peer-1"}},
 *     {"action":"VERIFY_NODE","description":"verify {node}","parameters":{}}],
 *   "nodes":["peer-2","peer-3",...],"exceptions":{"17":[{...},{...},{...}]}}}</pre>
 * Stage {@code from + p * pattern.length + j} is pattern entry {@code j} for node {@code p} of the list, with step id
 * {@code s<stage>.0}, the description with {@code {node}} replaced by the node's id, and the pattern's parameters
 * unless {@code exceptions} lists that node's position with parameters of its own (one map per pattern entry). A run
 * is written only where expanding it gives exactly the stages planned (checked while writing), so reading a plan
 * always gives back the plan written. Readers accept plain stages too: events of revisions 1 and 2 read as they are.
 *
 * <p>Only the event uses this form; answers to an upgrade request write stages out, at most
 * {@code ledger.upgrades.answer-stage-limit} of them (command-api's {@code DecisionAnswers}).
 */
public final class UpgradePlanJson {

    static final String NODE = "{node}";
    /** The fewest repetitions worth a run. */
    static final int MIN_PERIODS = 8;
    private static final int MAX_PATTERN = 4;

    private UpgradePlanJson() {
    }

    /** A run found at some position of a plan: {@code periods} repetitions of a pattern of {@code width} stages. */
    record Run(int from, int width, int periods, ClusterId cluster, List<PlannedStep> pattern, List<String> templates,
               List<NodeId> nodes, Map<Integer, List<Map<String, String>>> exceptions) {

        int length() {
            return width * periods;
        }
    }

    /** The longest run that starts at {@code from}, or null when none is long enough. */
    static Run runAt(List<PlannedStage> stages, int from) {
        Run best = null;
        for (int width = 1; width <= MAX_PATTERN; width++) {
            Run run = runAt(stages, from, width);
            if (run != null && (best == null || run.length() > best.length())) {
                best = run;
            }
        }
        return best;
    }

    private static Run runAt(List<PlannedStage> stages, int from, int width) {
        NodeId first = periodNode(stages, from, width);
        if (first == null) {
            return null;
        }
        ClusterId cluster = stages.get(from).steps().get(0).clusterId();
        List<PlannedStep> pattern = new ArrayList<>(width);
        List<String> templates = new ArrayList<>(width);
        for (int j = 0; j < width; j++) {
            PlannedStage stage = stages.get(from + j);
            String template = stage.description() == null || stage.description().contains(NODE) ? null
                    : stage.description().replace(first.value(), NODE);
            if (template == null || !template.replace(NODE, first.value()).equals(stage.description())) {
                return null;
            }
            pattern.add(stage.steps().get(0));
            templates.add(template);
        }
        List<NodeId> nodes = new ArrayList<>();
        Map<Integer, List<Map<String, String>>> exceptions = new TreeMap<>();
        for (int start = from; ; start += width) {
            NodeId node = periodNode(stages, start, width);
            if (node == null || !matches(stages, start, node, cluster, pattern, templates)) {
                break;
            }
            List<Map<String, String>> parameters = new ArrayList<>(width);
            boolean own = false;
            for (int j = 0; j < width; j++) {
                Map<String, String> these = stages.get(start + j).steps().get(0).parameters();
                parameters.add(these);
                own |= !these.equals(pattern.get(j).parameters());
            }
            if (own) {
                exceptions.put(nodes.size(), parameters);
            }
            nodes.add(node);
        }
        return nodes.size() < MIN_PERIODS ? null
                : new Run(from, width, nodes.size(), cluster, pattern, templates, nodes, exceptions);
    }

    /** The node of the {@code width} one-step stages at {@code start}, when they all act on the same node. */
    private static NodeId periodNode(List<PlannedStage> stages, int start, int width) {
        if (start + width > stages.size()) {
            return null;
        }
        NodeId node = null;
        for (int index = start; index < start + width; index++) {
            PlannedStage stage = stages.get(index);
            if (stage.index() != index || stage.steps().size() != 1) {
                return null;
            }
            PlannedStep step = stage.steps().get(0);
            if (step.nodeId() == null || !step.stepId().equals(PlannedStageJson.stepId(index, 0))
                    || (node != null && !node.equals(step.nodeId()))) {
                return null;
            }
            node = step.nodeId();
        }
        return node;
    }

    private static boolean matches(List<PlannedStage> stages, int start, NodeId node, ClusterId cluster,
                                   List<PlannedStep> pattern, List<String> templates) {
        for (int j = 0; j < pattern.size(); j++) {
            PlannedStage stage = stages.get(start + j);
            PlannedStep step = stage.steps().get(0);
            if (step.action() != pattern.get(j).action() || !step.clusterId().equals(cluster)
                    || !templates.get(j).replace(NODE, node.value()).equals(stage.description())) {
                return false;
            }
        }
        return true;
    }

    public static final class Writer extends ValueSerializer<UpgradePlan> {

        @Override
        public void serialize(UpgradePlan plan, JsonGenerator json, SerializationContext context) {
            List<PlannedStage> stages = plan.stages();
            json.writeStartObject();
            json.writeName("stages");
            json.writeStartArray();
            for (int index = 0; index < stages.size(); ) {
                Run run = runAt(stages, index);
                if (run == null) {
                    context.writeValue(json, stages.get(index++));
                } else {
                    write(run, json, context);
                    index += run.length();
                }
            }
            json.writeEndArray();
            json.writeEndObject();
        }

        private static void write(Run run, JsonGenerator json, SerializationContext context) {
            json.writeStartObject();
            json.writeName("run");
            json.writeStartObject();
            json.writeNumberProperty("from", run.from());
            json.writeStringProperty("clusterId", run.cluster().value());
            json.writeName("pattern");
            json.writeStartArray();
            for (int j = 0; j < run.width(); j++) {
                json.writeStartObject();
                json.writeStringProperty("action", run.pattern().get(j).action().name());
                json.writeStringProperty("description", run.templates().get(j));
                json.writeName("parameters");
                context.writeValue(json, new TreeMap<>(run.pattern().get(j).parameters()));
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeName("nodes");
            json.writeStartArray();
            for (NodeId node : run.nodes()) {
                json.writeString(node.value());
            }
            json.writeEndArray();
            if (!run.exceptions().isEmpty()) {
                json.writeName("exceptions");
                json.writeStartObject();
                for (Map.Entry<Integer, List<Map<String, String>>> own : run.exceptions().entrySet()) {
                    json.writeName(String.valueOf(own.getKey()));
                    json.writeStartArray();
                    for (Map<String, String> parameters : own.getValue()) {
                        context.writeValue(json, new TreeMap<>(parameters));
                    }
                    json.writeEndArray();
                }
                json.writeEndObject();
            }
            json.writeEndObject();
            json.writeEndObject();
        }
    }

    public static final class Reader extends ValueDeserializer<UpgradePlan> {

        @Override
        public UpgradePlan deserialize(JsonParser parser, DeserializationContext context) {
            JsonNode plan = context.readTree(parser);
            JsonNode stages = plan.get("stages");
            if (stages == null || !stages.isArray()) {
                throw new InvalidValueException("a plan needs its stages");
            }
            List<PlannedStage> read = new ArrayList<>();
            for (JsonNode stage : stages) {
                JsonNode run = stage.get("run");
                if (run == null) {
                    read.add(context.readTreeAsValue(stage, PlannedStage.class));
                } else {
                    expand(run, read);
                }
            }
            return new UpgradePlan(read);
        }

        private static void expand(JsonNode run, List<PlannedStage> into) {
            int index = required(run, "from").asInt();
            if (index != into.size()) {
                throw new InvalidValueException("a run of stages starts at " + index + ", after " + into.size()
                        + " stages");
            }
            ClusterId cluster = ClusterId.of(required(run, "clusterId").asString());
            List<StepAction> actions = new ArrayList<>();
            List<String> templates = new ArrayList<>();
            List<Map<String, String>> parameters = new ArrayList<>();
            for (JsonNode entry : required(run, "pattern")) {
                actions.add(StepAction.valueOf(required(entry, "action").asString()));
                templates.add(required(entry, "description").asString());
                parameters.add(PlannedStageJson.strings(entry.path("parameters")));
            }
            JsonNode exceptions = run.path("exceptions");
            int position = 0;
            for (JsonNode nodeName : required(run, "nodes")) {
                NodeId node = NodeId.of(nodeName.asString());
                JsonNode own = exceptions.get(String.valueOf(position++));
                for (int j = 0; j < actions.size(); j++) {
                    Map<String, String> these = own == null ? parameters.get(j) : PlannedStageJson.strings(own.get(j));
                    into.add(new PlannedStage(index, templates.get(j).replace(NODE, node.value()), List.of(
                            new PlannedStep(PlannedStageJson.stepId(index, 0), actions.get(j), cluster, node, these))));
                    index++;
                }
            }
        }

        private static JsonNode required(JsonNode object, String name) {
            JsonNode value = object.get(name);
            if (value == null || value.isNull()) {
                throw new InvalidValueException("a run of plan stages needs " + name);
            }
            return value;
        }
    }
}
