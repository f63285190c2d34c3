package dev.upgradeledger.cli;

import dev.upgradeledger.cli.LedgerClient.Service;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Answers the projection pages for large clusters (an upgrade's steps, a cluster's nodes, a past state's nodes, a
 * diagnosis' steps and failed attempts), read whole: every page is
 * fetched (the largest page the API allows, each after the previous one's {@code next}) and joined into one document
 * shaped as the first page, with {@code next} null.
 */
final class Pages {

    /** The largest page the projection answers for steps and nodes. */
    static final int LIMIT = 2_000;

    private Pages() {
    }

    /** An upgrade's progress with every step of every plan ({@code path} without a query). */
    static JsonNode upgrade(LedgerClient client, String path) {
        ObjectNode whole = (ObjectNode) client.get(Service.PROJECTION, page(path, null)).body();
        Map<String, ArrayNode> stages = new HashMap<>();
        for (JsonNode plan : whole.path("plans")) {
            for (JsonNode stage : plan.path("stages")) {
                stages.put(Json.text(plan, "/plan") + "/" + Json.text(stage, "/index"), (ArrayNode) stage.get("steps"));
            }
        }
        JsonNode next = whole.get("next");
        while (Json.present(next)) {
            JsonNode more = client.get(Service.PROJECTION, page(path, next.asString())).body();
            for (JsonNode plan : more.path("plans")) {
                for (JsonNode stage : plan.path("stages")) {
                    ArrayNode steps = stages.get(Json.text(plan, "/plan") + "/" + Json.text(stage, "/index"));
                    if (steps != null) {
                        stage.path("steps").forEach(steps::add);
                    }
                }
            }
            next = more.get("next");
        }
        whole.putNull("next");
        return whole;
    }

    /** A cluster (or its nodes) with every node ({@code path} without a query). */
    static JsonNode nodes(LedgerClient client, String path) {
        ObjectNode whole = (ObjectNode) client.get(Service.PROJECTION, page(path, null)).body();
        ArrayNode nodes = (ArrayNode) whole.get("nodes");
        JsonNode next = whole.get("next");
        while (Json.present(next)) {
            JsonNode more = client.get(Service.PROJECTION, page(path, next.asString())).body();
            more.path("nodes").forEach(nodes::add);
            next = more.get("next");
        }
        whole.putNull("next");
        return whole;
    }

    /**
     * A time-travel answer with every node and every running step of its state; {@code pageOf} gives a page's path
     * and query (the question asked, {@code after} and {@code limit}) for its {@code after} (null: the first).
     */
    static JsonNode state(LedgerClient client, Function<String, String> pageOf) {
        ObjectNode whole = (ObjectNode) client.get(Service.PROJECTION, pageOf.apply(null)).body();
        ObjectNode state = (ObjectNode) whole.get("state");
        JsonNode next = state.get("next");
        while (Json.present(next)) {
            JsonNode more = client.get(Service.PROJECTION, pageOf.apply(next.asString())).body().path("state");
            append(state, more, "nodes");
            if (state.get("upgrade") instanceof ObjectNode upgrade) {
                append(upgrade, more.path("upgrade"), "runningSteps");
            }
            next = more.get("next");
        }
        state.putNull("next");
        return whole;
    }

    /** A diagnosis with every step, failed attempt and quarantined node; {@code pageOf} as for {@link #state}. */
    static JsonNode diagnosis(LedgerClient client, Function<String, String> pageOf) {
        ObjectNode whole = (ObjectNode) client.get(Service.PROJECTION, pageOf.apply(null)).body();
        JsonNode next = whole.get("next");
        while (Json.present(next)) {
            JsonNode more = client.get(Service.PROJECTION, pageOf.apply(next.asString())).body();
            for (String list : List.of("steps", "failedAttempts", "quarantinedNodes")) {
                append(whole, more, list);
            }
            next = more.get("next");
        }
        whole.putNull("next");
        return whole;
    }

    private static void append(ObjectNode whole, JsonNode more, String list) {
        if (whole.get(list) instanceof ArrayNode items) {
            more.path(list).forEach(items::add);
        }
    }

    private static String page(String path, String after) {
        return new Paths.Query().add("after", after).add("limit", LIMIT).of(path);
    }
}
