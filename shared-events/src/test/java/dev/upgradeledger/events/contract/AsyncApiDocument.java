package dev.upgradeledger.events.contract;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.upgradeledger.events.ClusterCommand;
import dev.upgradeledger.events.CommandEnvelope;
import dev.upgradeledger.events.CommandResult;
import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.FleetEventEnvelope;
import dev.upgradeledger.events.LedgerCommand;
import dev.upgradeledger.events.LedgerCommands;
import dev.upgradeledger.events.ProductCommand;
import dev.upgradeledger.events.FleetCommand;
import dev.upgradeledger.events.LedgerEvent;
import dev.upgradeledger.events.LedgerEvents;
import dev.upgradeledger.events.LedgerTopics;
import dev.upgradeledger.events.ReportStepOutcome;
import dev.upgradeledger.events.PlannedStage;
import dev.upgradeledger.events.UpgradePlanJson;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.annotation.JsonSerialize;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The AsyncAPI 3.0 document of the ledger's Kafka topics, derived from the contract's records: the topics and their
 * keys, one message per command and per event type (the envelope with its type and payload), the command results,
 * the dead-letter topics; a JSON Schema per record, in {@code components.schemas}.
 */
final class AsyncApiDocument {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SCHEMAS = "#/components/schemas/";
    private static final String KAFKA_BINDING = "0.5.0";

    private static final String TRACE_HEADERS = "TraceHeaders";

    private final ObjectNode schemas = JSON.createObjectNode();

    static ObjectNode generate() {
        return new AsyncApiDocument().document();
    }

    private ObjectNode document() {
        ObjectNode root = JSON.createObjectNode();
        root.put("asyncapi", "3.0.0");
        root.putObject("info").put("title", "Upgrade Ledger Kafka API").put("version", "1.0.0")
                .put("description", "Commands to the ledger on " + LedgerTopics.COMMANDS + " (key: the cluster id),"
                        + " each with its sender's OAuth2 access token in the record header "
                        + LedgerTopics.AUTHORIZATION_HEADER + "; the executor's step outcomes on "
                        + LedgerTopics.STEP_OUTCOMES + " (only its Kafka principal may write there); their results on "
                        + LedgerTopics.COMMAND_RESULTS + " (key: the command id); and every"
                        + " stored event on " + LedgerTopics.EVENTS + " (key: the cluster id, so one cluster's events"
                        + " keep their order); every fleet upgrade's event on " + LedgerTopics.FLEET_EVENTS
                        + " (key: the fleet id). Values are JSON; the only header is the optional W3C traceparent (the"
                        + " trace the record belongs to). Generated from the records"
                        + " of shared-events; a test fails when they drift apart.");
        root.put("defaultContentType", "application/json");
        ObjectNode traceHeaders = schemas.putObject(TRACE_HEADERS).put("type", "object")
                .put("description", "The headers a record may carry: the trace it belongs to.");
        traceHeaders.putObject("properties").putObject("traceparent").put("type", "string")
                .put("pattern", "^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$")
                .put("description", "W3C trace context of the span that sent the record (optional): the consumer's"
                        + " work joins that trace");

        ObjectNode components = root.putObject("components");
        ObjectNode messages = components.putObject("messages");
        ObjectNode channels = root.putObject("channels");
        ObjectNode operations = root.putObject("operations");

        ObjectNode commandMessages = JSON.createObjectNode();
        ObjectNode outcomeMessages = JSON.createObjectNode();
        List<Class<?>> commandTypes = new ArrayList<>(Arrays.asList(sorted(
                ClusterCommand.class.getPermittedSubclasses())));
        commandTypes.addAll(Arrays.asList(sorted(ProductCommand.class.getPermittedSubclasses())));
        commandTypes.addAll(Arrays.asList(sorted(FleetCommand.class.getPermittedSubclasses())));
        for (Class<?> command : commandTypes) {
            @SuppressWarnings("unchecked")
            String name = LedgerCommands.typeName((Class<? extends LedgerCommand>) command);
            boolean productCommand = ProductCommand.class.isAssignableFrom(command);
            boolean fleetCommand = FleetCommand.class.isAssignableFrom(command);
            ObjectNode payload = JSON.createObjectNode();
            payload.putArray("allOf").add(ref(CommandEnvelope.class.getSimpleName())).addObject()
                    .putObject("properties").set("commandType", constant(name));
            ((ObjectNode) payload.get("allOf").get(1).get("properties")).set("payload", reference(command));
            boolean outcome = command == ReportStepOutcome.class;
            ObjectNode message = message(name, "The " + name + " command in its envelope"
                    + (outcome ? ", sent by the executor alone." : "."), payload,
                    productCommand ? "product/<name> (the command's payload.product)"
                            : fleetCommand ? "fleet/<id> (the command's payload.fleetId)"
                            : "the cluster id (the command's payload.clusterId)");
            if (!outcome) {
                message.set("headers", authorizationHeader());
            }
            messages.set(name, message);
            (outcome ? outcomeMessages : commandMessages).putObject(name).put("$ref", "#/components/messages/" + name);
        }
        schema(CommandEnvelope.class);
        ObjectNode envelope = (ObjectNode) schemas.get(CommandEnvelope.class.getSimpleName());
        envelope.put("description", "A command sent to " + LedgerTopics.COMMANDS + " (or a step outcome to "
                + LedgerTopics.STEP_OUTCOMES + "). Resending a commandId is"
                + " answered with the first result and changes nothing; commandType is the simple name of the"
                + " payload's record; records that are not an envelope with a commandId go to "
                + LedgerTopics.deadLetter(LedgerTopics.COMMANDS, "command-api") + " (or "
                + LedgerTopics.deadLetter(LedgerTopics.STEP_OUTCOMES, "command-api") + "). The actor recorded on"
                + " the events is the subject of the token in the " + LedgerTopics.AUTHORIZATION_HEADER
                + " header (on " + LedgerTopics.STEP_OUTCOMES + ": the executor), never the envelope's actor,"
                + " which is informational.");
        ((ObjectNode) envelope.get("properties")).set("payload", JSON.createObjectNode()
                .put("description", "the command: the schema named by commandType"));
        channel(channels, "commands", LedgerTopics.COMMANDS, "Commands to the ledger, keyed by cluster id (a"
                + " product's command by product/<name>); each"
                + " record carries its sender's bearer token in the " + LedgerTopics.AUTHORIZATION_HEADER + " header,"
                + " checked like a REST request's (a command without a valid token or grant is answered REJECTED"
                + " with problemType unauthenticated or forbidden and stores nothing). ReportStepOutcome is refused"
                + " here.", commandMessages);
        channel(channels, "stepOutcomes", LedgerTopics.STEP_OUTCOMES, "The executor's step outcomes, keyed by"
                + " cluster id: only the executor's Kafka principal may write this topic (an ACL), and only"
                + " ReportStepOutcome is taken from it", outcomeMessages);

        schema(CommandResult.class);
        ObjectNode result = (ObjectNode) schemas.get(CommandResult.class.getSimpleName());
        result.put("description", "The answer to a command, keyed by its commandId. status ACCEPTED (result: the"
                + " step receipt, or the upgrade decision with its plan), REJECTED (refused by the cluster, or"
                + " refused to its sender: problemType unauthenticated or forbidden; problemType is the URN the REST"
                + " API answers, detail why), INVALID (the command breaks a rule of"
                + " its own shape) or FAILED.");
        ((ObjectNode) result.at("/properties/status")).putArray("enum").add(CommandResult.ACCEPTED)
                .add(CommandResult.REJECTED).add(CommandResult.INVALID).add(CommandResult.FAILED);
        ((ObjectNode) result.get("properties")).set("result", JSON.createObjectNode()
                .put("description", "ACCEPTED: the step receipt (ACCEPTED, DUPLICATE, STALE) or the upgrade"
                        + " decision (its plan up to ledger.upgrades.answer-stage-limit stages, each hop with its"
                        + " stageCount and stepCount, planComplete); otherwise null, and null too when the answer would"
                        + " not fit in a record (problemType answer-too-large, detail its size)"));
        messages.set("CommandResult", message("CommandResult", "The result of one command.",
                ref("CommandResult"), "the command id"));
        channel(channels, "commandResults", LedgerTopics.COMMAND_RESULTS, "Results of commands, keyed by command id",
                JSON.createObjectNode().set("CommandResult", JSON.createObjectNode()
                        .put("$ref", "#/components/messages/CommandResult")));

        ObjectNode eventMessages = JSON.createObjectNode();
        for (Class<?> event : sorted(LedgerEvent.class.getPermittedSubclasses())) {
            @SuppressWarnings("unchecked")
            Class<? extends LedgerEvent> type = (Class<? extends LedgerEvent>) event;
            String name = LedgerEvents.typeName(type);
            ObjectNode payload = JSON.createObjectNode();
            ObjectNode properties = payload.putArray("allOf").add(ref(EventEnvelope.class.getSimpleName()))
                    .addObject().putObject("properties");
            properties.set("eventType", constant(name));
            properties.set("eventRevision", constant(LedgerEvents.revision(type)));
            properties.set("payload", reference(event));
            messages.set(name, message(name, "The " + name + " event (revision " + LedgerEvents.revision(type)
                    + ") in its envelope.", payload, "the cluster id"));
            eventMessages.putObject(name).put("$ref", "#/components/messages/" + name);
        }
        schema(EventEnvelope.class);
        ObjectNode eventEnvelope = (ObjectNode) schemas.get(EventEnvelope.class.getSimpleName());
        eventEnvelope.put("description", "A stored event as published: sequence is its place in the cluster's"
                + " history, position in the event store; consumers skip what they have applied (at-least-once).");
        ((ObjectNode) eventEnvelope.get("properties")).set("payload", JSON.createObjectNode()
                .put("description", "the event: the schema named by eventType"));
        ((ObjectNode) eventEnvelope.get("properties").get("traceId")).put("description", "the OpenTelemetry trace the"
                + " event was stored in (32 hex digits); absent on events stored without one");
        channel(channels, "events", LedgerTopics.EVENTS, "Every stored event, keyed by cluster id", eventMessages);

        schema(FleetEventEnvelope.class);
        ObjectNode fleetEnvelope = (ObjectNode) schemas.get(FleetEventEnvelope.class.getSimpleName());
        fleetEnvelope.put("description", "One event of a fleet upgrade (command-api's FleetUpgrade aggregate) as"
                + " published: sequence is its place in the fleet's history, from 0; consumers skip what they have"
                + " applied (at-least-once). Fleet events are not per cluster, so they are not on "
                + LedgerTopics.EVENTS + "; the clusters' own upgrades carry the fleet's id as their upgrade id.");
        ArrayNode fleetTypes = ((ObjectNode) fleetEnvelope.at("/properties/eventType")).putArray("enum");
        FleetEventEnvelope.EVENT_TYPES.forEach(fleetTypes::add);
        ((ObjectNode) fleetEnvelope.get("properties")).set("payload", JSON.createObjectNode().put("type", "object")
                .put("description", "the event's fields: FleetUpgradeStarted the whole plan (waves with their"
                        + " clusters and paths, upgrade settings, failureBudget, allowedFailures, maxConcurrent,"
                        + " gates, skipped, estimatedClusterTime: ISO-8601, absent in fleets started before it was"
                        + " recorded); FleetWaveStarted wave; FleetClusterStarted wave, clusterId;"
                        + " FleetClusterSettled clusterId, outcome (SUCCEEDED, PAUSED, FAILED), reason;"
                        + " FleetClusterResumed clusterId; FleetUpgradeHalted wave, cause (failure-budget,"
                        + " check-failed), failed (clusterId, wave, outcome, reason), allowedFailures, detail;"
                        + " FleetUpgradeResumed paused; FleetUpgradeAborted reason, running; FleetUpgradeCompleted"
                        + " succeeded, failed; FleetWaveAwaitingApproval wave; FleetWaveApproved wave, approvedBy,"
                        + " reason; FleetWaveCheckRequested wave, query; FleetWaveChecked wave, query, verdict (PASSED,"
                        + " FAILED, UNREACHABLE), value, detail, checkedAt; FleetRollbackStarted reason, clusters;"
                        + " FleetClusterRollback clusterId, outcome (REQUESTED, ABORTED, REFUSED), rule,"
                        + " detail; FleetUpgradeRolledBack requested, refused"));
        messages.set("FleetEvent", message("FleetEvent", "A fleet upgrade's event in its envelope.",
                ref(FleetEventEnvelope.class.getSimpleName()), "the fleet id"));
        channel(channels, "fleetEvents", LedgerTopics.FLEET_EVENTS, "Every event of the fleet upgrades, keyed by"
                + " fleet id", JSON.createObjectNode().set("FleetEvent", JSON.createObjectNode()
                .put("$ref", "#/components/messages/FleetEvent")));

        ObjectNode anyRecord = JSON.createObjectNode();
        anyRecord.putObject("UnprocessableRecord").put("$ref", "#/components/messages/UnprocessableRecord");
        messages.set("UnprocessableRecord", JSON.createObjectNode().put("name", "UnprocessableRecord")
                .put("title", "A record its consumer could not process, as it was received")
                .set("payload", JSON.createObjectNode()));
        for (String[] deadLetter : new String[][] {{LedgerTopics.COMMANDS, "command-api"},
                {LedgerTopics.STEP_OUTCOMES, "command-api"},
                {LedgerTopics.EVENTS, "executor"}, {LedgerTopics.EVENTS, "projection"}}) {
            String topic = LedgerTopics.deadLetter(deadLetter[0], deadLetter[1]);
            String name = deadLetter[0].equals(LedgerTopics.STEP_OUTCOMES) ? "stepOutcomesDeadLetters"
                    : deadLetter[1] + "DeadLetters";
            channel(channels, name, topic, "Records of " + deadLetter[0] + " that consumer"
                    + " group " + deadLetter[1] + " could not process, parked unchanged", anyRecord);
        }

        operation(operations, "sendCommand", "send", "commands", "Send a command to the ledger")
                .putObject("reply").putObject("channel").put("$ref", "#/channels/commandResults");
        operation(operations, "reportStepOutcome", "send", "stepOutcomes",
                "Report a step's outcome (the executor alone)")
                .putObject("reply").putObject("channel").put("$ref", "#/channels/commandResults");
        operation(operations, "receiveCommandResult", "receive", "commandResults", "Read the results of commands");
        operation(operations, "receiveEvents", "receive", "events", "Follow every stored event");
        operation(operations, "receiveFleetEvents", "receive", "fleetEvents", "Follow every fleet upgrade's events");
        components.set("schemas", sortedObject(schemas));
        return root;
    }

    private static ObjectNode operation(ObjectNode operations, String name, String action, String channel,
                                        String summary) {
        ObjectNode operation = operations.putObject(name);
        operation.put("action", action).put("summary", summary).putObject("channel")
                .put("$ref", "#/channels/" + channel);
        return operation;
    }

    private static void channel(ObjectNode channels, String name, String topic, String description,
                                ObjectNode messages) {
        ObjectNode channel = channels.putObject(name);
        channel.put("address", topic).put("description", description).set("messages", messages);
        channel.putObject("bindings").putObject("kafka").put("topic", topic).put("bindingVersion", KAFKA_BINDING);
    }

    /** The record header that authenticates a command's sender. */
    private static ObjectNode authorizationHeader() {
        ObjectNode headers = JSON.createObjectNode().put("type", "object");
        headers.putArray("required").add(LedgerTopics.AUTHORIZATION_HEADER);
        headers.putObject("properties").putObject(LedgerTopics.AUTHORIZATION_HEADER).put("type", "string")
                .put("pattern", "^[Bb]earer .+$")
                .put("description", "Bearer <an OAuth2 access token (JWT) of the configured issuer>: its subject is"
                        + " the actor, its grants (operator on the cluster, or its product) decide, as over REST");
        return headers;
    }

    private static ObjectNode message(String name, String title, ObjectNode payload, String key) {
        ObjectNode message = JSON.createObjectNode();
        message.put("name", name).put("title", title).put("contentType", "application/json").set("payload", payload);
        message.putObject("bindings").putObject("kafka").put("bindingVersion", KAFKA_BINDING).putObject("key")
                .put("type", "string").put("description", key);
        message.putObject("headers").put("$ref", SCHEMAS + TRACE_HEADERS);
        return message;
    }

    /** A reference to the schema of a type, defining it (and what it uses) the first time. */
    private ObjectNode reference(Type type) {
        return schemaOf(type);
    }

    private ObjectNode schemaOf(Type type) {
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            if (Collection.class.isAssignableFrom(raw)) {
                ObjectNode array = JSON.createObjectNode().put("type", "array");
                array.set("items", schemaOf(parameterized.getActualTypeArguments()[0]));
                return array;
            }
            if (Map.class.isAssignableFrom(raw)) {
                ObjectNode map = JSON.createObjectNode().put("type", "object");
                map.set("additionalProperties", schemaOf(parameterized.getActualTypeArguments()[1]));
                return map;
            }
            return schemaOf(raw);
        }
        Class<?> raw = (Class<?>) type;
        if (raw == String.class || raw == char.class) {
            return JSON.createObjectNode().put("type", "string");
        }
        if (raw == int.class || raw == Integer.class || raw == short.class) {
            return JSON.createObjectNode().put("type", "integer").put("format", "int32");
        }
        if (raw == long.class || raw == Long.class) {
            return JSON.createObjectNode().put("type", "integer").put("format", "int64");
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return JSON.createObjectNode().put("type", "boolean");
        }
        if (raw == double.class || raw == Double.class || raw == float.class) {
            return JSON.createObjectNode().put("type", "number");
        }
        if (raw == Instant.class) {
            return JSON.createObjectNode().put("type", "string").put("format", "date-time");
        }
        if (raw == Duration.class) {
            return JSON.createObjectNode().put("type", "string").put("format", "duration")
                    .put("description", "ISO-8601, e.g. PT10M");
        }
        if (raw == UUID.class) {
            return JSON.createObjectNode().put("type", "string").put("format", "uuid");
        }
        if (raw == Object.class) {
            return JSON.createObjectNode();
        }
        if (raw.isEnum()) {
            ObjectNode schema = JSON.createObjectNode().put("type", "string");
            ArrayNode values = schema.putArray("enum");
            Arrays.stream(raw.getEnumConstants()).forEach(constant -> values.add(((Enum<?>) constant).name()));
            return schema;
        }
        schema(raw);
        return ref(name(raw));
    }

    /** Defines the named schema of a record or sealed interface, once. */
    private void schema(Class<?> type) {
        String name = name(type);
        if (schemas.has(name)) {
            return;
        }
        if (type == PlannedStage.class) {
            schemas.set(name, plannedStage());
            return;
        }
        if (type.isRecord()) {
            RecordComponent[] components = type.getRecordComponents();
            if (components.length == 1 && components[0].getAccessor().isAnnotationPresent(JsonValue.class)
                    || components.length == 1 && components[0].isAnnotationPresent(JsonValue.class)) {
                ObjectNode value = schemaOf(components[0].getGenericType());
                value.put("description", type.getSimpleName() + ", written as its value");
                schemas.set(name, value);
                return;
            }
            ObjectNode schema = JSON.createObjectNode().put("type", "object");
            schemas.set(name, schema);
            ObjectNode properties = schema.putObject("properties");
            ArrayNode required = JSON.createArrayNode();
            for (RecordComponent component : components) {
                JsonSerialize written = component.getAccessor().getAnnotation(JsonSerialize.class);
                properties.set(component.getName(), written != null && written.using() == UpgradePlanJson.Writer.class
                        ? planWithRuns() : schemaOf(component.getGenericType()));
                if (component.getType().isPrimitive() && alwaysWritten(type)) {
                    required.add(component.getName());
                }
            }
            if (!required.isEmpty()) {
                schema.set("required", required);
            }
            return;
        }
        if (type.isSealed()) {
            ObjectNode schema = JSON.createObjectNode();
            schemas.set(name, schema);
            ArrayNode oneOf = schema.putArray("oneOf");
            JsonTypeInfo info = type.getAnnotation(JsonTypeInfo.class);
            JsonSubTypes subTypes = type.getAnnotation(JsonSubTypes.class);
            for (Class<?> permitted : sorted(type.getPermittedSubclasses())) {
                if (info != null && subTypes != null) {
                    String tag = Arrays.stream(subTypes.value()).filter(sub -> sub.value() == permitted)
                            .map(JsonSubTypes.Type::name).findFirst().orElse(permitted.getSimpleName());
                    ObjectNode variant = oneOf.addObject();
                    variant.putArray("allOf").add(schemaOf(permitted)).addObject().put("type", "object")
                            .putArray("required").add(info.property());
                    ((ObjectNode) variant.get("allOf").get(1)).putObject("properties").set(info.property(),
                            constant(tag));
                } else {
                    oneOf.add(schemaOf(permitted));
                }
            }
            return;
        }
        throw new IllegalStateException("no JSON Schema for " + type + ": teach AsyncApiDocument its form");
    }

    /**
     * Whether every primitive field of the record is always on the wire: so for what the ledger writes (events and
     * envelopes), not for commands, whose left-out booleans and numbers take their defaults as over REST.
     */
    private static boolean alwaysWritten(Class<?> type) {
        return LedgerEvent.class.isAssignableFrom(type) || type == EventEnvelope.class;
    }

    /** PlannedStage has its own JSON form (PlannedStageJson): the full one, or a compact one for large stages. */
    private ObjectNode plannedStage() {
        ObjectNode stage = JSON.createObjectNode();
        stage.put("description", "A stage of steps that run at the same time; large stages of one action, one step"
                + " per node, are written in the compact form (nodes, nodeParameters)");
        ArrayNode oneOf = stage.putArray("oneOf");
        ObjectNode full = oneOf.addObject().put("type", "object");
        full.putObject("properties").set("index", schemaOf(int.class));
        ((ObjectNode) full.get("properties")).set("description", schemaOf(String.class));
        ObjectNode steps = ((ObjectNode) full.get("properties")).putObject("steps").put("type", "array");
        steps.set("items", schemaOf(dev.upgradeledger.events.PlannedStep.class));
        full.putArray("required").add("index").add("steps");
        ObjectNode compact = oneOf.addObject().put("type", "object");
        ObjectNode properties = compact.putObject("properties");
        properties.set("index", schemaOf(int.class));
        properties.set("description", schemaOf(String.class));
        properties.set("action", schemaOf(dev.upgradeledger.events.StepAction.class));
        properties.set("clusterId", schemaOf(String.class));
        ObjectNode parameters = JSON.createObjectNode().put("type", "object");
        parameters.set("additionalProperties", schemaOf(String.class));
        properties.set("parameters", parameters);
        ObjectNode nodes = properties.putObject("nodes").put("type", "array");
        nodes.set("items", schemaOf(String.class));
        ObjectNode nodeParameters = properties.putObject("nodeParameters").put("type", "object");
        nodeParameters.set("additionalProperties", parameters.deepCopy());
        compact.putArray("required").add("index").add("action").add("nodes");
        return stage;
    }

    /**
     * The plan inside UpgradePlanned has its own JSON form (UpgradePlanJson): its stages, where a long run of one-node
     * stages may be written once as a pattern and its nodes.
     */
    private ObjectNode planWithRuns() {
        String name = "UpgradePlanWithRuns";
        if (!schemas.has(name)) {
            ObjectNode plan = JSON.createObjectNode().put("type", "object");
            schemas.set(name, plan);
            plan.put("description", "The stages of the plan; a run of one-node stages that repeat a pattern node after"
                    + " node is written as {\"run\": ...}: stage from + p * pattern.length + j is pattern entry j for"
                    + " node p, {node} in its description replaced by the node's id");
            ArrayNode oneOf = plan.putObject("properties").putObject("stages").put("type", "array")
                    .putObject("items").putArray("oneOf");
            oneOf.add(schemaOf(PlannedStage.class));
            ObjectNode run = oneOf.addObject().put("type", "object");
            run.putArray("required").add("run");
            ObjectNode body = run.putObject("properties").putObject("run").put("type", "object");
            ObjectNode properties = body.putObject("properties");
            properties.set("from", schemaOf(int.class));
            properties.set("clusterId", schemaOf(String.class));
            ObjectNode parameters = JSON.createObjectNode().put("type", "object");
            parameters.set("additionalProperties", schemaOf(String.class));
            ObjectNode entry = properties.putObject("pattern").put("type", "array").putObject("items")
                    .put("type", "object");
            ObjectNode entryProperties = entry.putObject("properties");
            entryProperties.set("action", schemaOf(dev.upgradeledger.events.StepAction.class));
            entryProperties.set("description", schemaOf(String.class));
            entryProperties.set("parameters", parameters);
            ObjectNode nodes = properties.putObject("nodes").put("type", "array");
            nodes.set("items", schemaOf(String.class));
            ObjectNode exceptions = properties.putObject("exceptions").put("type", "object");
            exceptions.putObject("additionalProperties").put("type", "array").set("items", parameters.deepCopy());
            body.putArray("required").add("from").add("clusterId").add("pattern").add("nodes");
        }
        return ref(name);
    }

    private static ObjectNode ref(String name) {
        return JSON.createObjectNode().put("$ref", SCHEMAS + name);
    }

    private static ObjectNode constant(String value) {
        return JSON.createObjectNode().put("type", "string").put("const", value);
    }

    private static String name(Class<?> type) {
        String name = type.getName();
        return name.substring(name.lastIndexOf('.') + 1).replace('$', '.');
    }

    private static Class<?>[] sorted(Class<?>[] types) {
        return Arrays.stream(types).sorted(Comparator.comparing(Class::getSimpleName)).toArray(Class<?>[]::new);
    }

    private static ObjectNode sortedObject(ObjectNode node) {
        ObjectNode sorted = JSON.createObjectNode();
        node.propertyNames().stream().sorted().forEach(name -> sorted.set(name, node.get(name)));
        return sorted;
    }
}
