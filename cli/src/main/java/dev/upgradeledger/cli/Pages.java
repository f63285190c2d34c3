package dev.upgradeledger.cli;

import dev.upgradeledger.cli.LedgerClient.Service;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
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
        Map<String, ArrayNode> stages = new HashMap<>();
        return joined(client, after -> page(path, after), answer -> answer, (first, more) -> {
            if (stages.isEmpty()) {
                forEachStage(first, (key, stage) -> stages.put(key, (ArrayNode) stage.get("steps")));
            }
            forEachStage(more, (key, stage) -> {
                ArrayNode steps = stages.get(key);
                if (steps != null) {
                    stage.path("steps").forEach(steps::add);
                }
            });
        });
    }

    /** A cluster (or its nodes) with every node ({@code path} without a query). */
    static JsonNode nodes(LedgerClient client, String path) {
        return joined(client, after -> page(path, after), answer -> answer,
                (first, more) -> append(first, more, "nodes"));
    }

    /**
     * A time-travel answer with every node and every running step of its state; {@code pageOf} gives a page's path
     * and query (the question asked, {@code after} and {@code limit}) for its {@code after} (null: the first).
     */
    static JsonNode state(LedgerClient client, Function<String, String> pageOf) {
        return joined(client, pageOf, answer -> answer.path("state"), (first, more) -> {
            append(first, more, "nodes");
            if (first.get("upgrade") instanceof ObjectNode upgrade) {
                append(upgrade, more.path("upgrade"), "runningSteps");
            }
        });
    }

    /** A diagnosis with every step, failed attempt and quarantined node; {@code pageOf} as for {@link #state}. */
    static JsonNode diagnosis(LedgerClient client, Function<String, String> pageOf) {
        return joined(client, pageOf, answer -> answer, (first, more) -> {
            for (String list : List.of("steps", "failedAttempts", "quarantinedNodes")) {
                append(first, more, list);
            }
        });
    }

    /**
     * The first answer with every later page joined into it: {@code paged} finds the paged part of an answer (the
     * object holding {@code next}), {@code join} adds a later page's paged part to the first's.
     */
    private static JsonNode joined(LedgerClient client, Function<String, String> pageOf,
            Function<JsonNode, JsonNode> paged, BiConsumer<ObjectNode, JsonNode> join) {
        JsonNode whole = client.get(Service.PROJECTION, pageOf.apply(null)).body();
        ObjectNode first = (ObjectNode) paged.apply(whole);
        JsonNode next = first.get("next");
        while (Json.present(next)) {
            JsonNode more = paged.apply(client.get(Service.PROJECTION, pageOf.apply(next.asString())).body());
            join.accept(first, more);
            next = more.get("next");
        }
        first.putNull("next");
        return whole;
    }

    private static void forEachStage(JsonNode answer, BiConsumer<String, JsonNode> action) {
        for (JsonNode plan : answer.path("plans")) {
            for (JsonNode stage : plan.path("stages")) {
                action.accept(Json.text(plan, "/plan") + "/" + Json.text(stage, "/index"), stage);
            }
        }
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
