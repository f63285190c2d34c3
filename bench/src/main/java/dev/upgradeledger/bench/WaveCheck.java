package dev.upgradeledger.bench;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Whether a wave of upgrades lost or repeated anything, from three independent records: the projection (every
 * cluster's upgrade COMPLETED, and as many events as the event store holds for it), and the executor's simulated
 * fleet (every step of the plan acted on exactly once, under one idempotency key; every node on the target version and
 * back in service). Repeated deliveries of the same key are counted apart: the fleet de-duplicates them by design.
 */
final class WaveCheck {

    private static final int MAX_PROBLEMS = 10;

    private int clusters;
    private int completed;
    private final Map<String, Integer> notCompleted = new TreeMap<>();
    private int eventCountsCompared;
    private int eventCountMismatches;
    private int fleetChecked;
    private int fleetUnavailable;
    private int clustersMissingSteps;
    private int stepsMissing;
    private int stepsActedOnTwice;
    private long redeliveries;
    private int nodesOffTarget;
    private final List<String> problems = new ArrayList<>();

    /**
     * One cluster as the projection shows it at the end, and the number of events the event store holds for it (null
     * when unknown).
     */
    void projection(String clusterId, String upgradeStatus, long projectedEvents, Long storedEvents) {
        clusters++;
        if ("COMPLETED".equals(upgradeStatus)) {
            completed++;
        } else {
            notCompleted.merge(upgradeStatus == null || upgradeStatus.isEmpty() ? "NONE" : upgradeStatus, 1,
                    Integer::sum);
            if (!"RUNNING".equals(upgradeStatus)) {
                problem(clusterId + ": upgrade " + upgradeStatus + " in the projection");
            }
            // still running (the wave timed out) or ended otherwise: its counts are not compared
            return;
        }
        if (storedEvents != null) {
            eventCountsCompared++;
            if (storedEvents != projectedEvents) {
                eventCountMismatches++;
                problem(clusterId + ": " + storedEvents + " events stored, " + projectedEvents + " in the projection");
            }
        }
    }

    /**
     * One cluster's simulated fleet ({@code GET /api/v1/simulated/clusters/{id}}, null when it answered otherwise):
     * every one of the plan's {@code expectedSteps} steps acted on once, every node on {@code targetVersion}.
     */
    void fleet(String clusterId, JsonNode view, int expectedSteps, String targetVersion) {
        if (view == null) {
            fleetUnavailable++;
            problem(clusterId + ": not in the simulated fleet");
            return;
        }
        fleetChecked++;
        Map<String, Integer> keysPerStep = new HashMap<>();
        for (JsonNode action : view.path("actions")) {
            String key = action.path("idempotencyKey").asString("");
            keysPerStep.merge(stepOf(key), 1, Integer::sum);
            redeliveries += Math.max(0, action.path("received").asInt(1) - 1);
        }
        int twice = (int) keysPerStep.values().stream().filter(count -> count > 1).count();
        if (twice > 0) {
            stepsActedOnTwice += twice;
            problem(clusterId + ": " + twice + " step(s) acted on under more than one key (more than one attempt)");
        }
        if (keysPerStep.size() < expectedSteps) {
            clustersMissingSteps++;
            stepsMissing += expectedSteps - keysPerStep.size();
            problem(clusterId + ": " + keysPerStep.size() + " of " + expectedSteps + " steps acted on");
        }
        for (JsonNode node : view.path("nodes")) {
            if (node.path("removed").asBoolean(false)) {
                continue;
            }
            if (!targetVersion.equals(node.path("version").asString("")) || node.path("isolated").asBoolean(false)) {
                nodesOffTarget++;
                problem(clusterId + ": node " + node.path("id").asString() + " on " + node.path("version").asString()
                        + (node.path("isolated").asBoolean(false) ? ", isolated" : ""));
            }
        }
    }

    /** {@code <cluster>/<upgrade>/<step>/<attempt>} without its attempt. */
    static String stepOf(String idempotencyKey) {
        int slash = idempotencyKey.lastIndexOf('/');
        return slash < 0 ? idempotencyKey : idempotencyKey.substring(0, slash);
    }

    private void problem(String problem) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(problem);
        }
    }

    /**
     * Nothing lost, nothing applied twice among the completed upgrades, everything checked answered, and no upgrade
     * ended otherwise than COMPLETED (one still RUNNING when the wave timed out does not count against it).
     */
    boolean clean() {
        return notCompleted.keySet().stream().allMatch("RUNNING"::equals) && eventCountMismatches == 0 && fleetUnavailable == 0 && clustersMissingSteps == 0
                && stepsActedOnTwice == 0 && nodesOffTarget == 0;
    }

    int completed() {
        return completed;
    }

    String describe() {
        StringBuilder text = new StringBuilder();
        text.append(completed).append(" of ").append(clusters).append(" COMPLETED in the projection");
        if (!notCompleted.isEmpty()) {
            text.append(" (others: ").append(notCompleted).append(')');
        }
        text.append("; event counts (event store = projection) equal for ").append(eventCountsCompared
                - eventCountMismatches).append(" of ").append(eventCountsCompared);
        text.append("; simulated fleet checked for ").append(fleetChecked).append(" cluster(s)");
        if (fleetUnavailable > 0) {
            text.append(" (").append(fleetUnavailable).append(" missing)");
        }
        text.append(": steps missing ").append(stepsMissing).append(", steps acted on twice ")
                .append(stepsActedOnTwice).append(", nodes not on the target ").append(nodesOffTarget)
                .append(", repeated deliveries (de-duplicated) ").append(redeliveries);
        String scope = completed == clusters ? "" : " among the " + completed + " completed (the others were not"
                + " checked)";
        text.append(clean() ? " -> nothing lost or applied twice" + scope : " -> PROBLEMS, e.g. " + problems);
        return text.toString();
    }

    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("clusters", clusters);
        map.put("completed", completed);
        map.put("notCompleted", notCompleted);
        map.put("eventCountsCompared", eventCountsCompared);
        map.put("eventCountMismatches", eventCountMismatches);
        map.put("fleetChecked", fleetChecked);
        map.put("fleetUnavailable", fleetUnavailable);
        map.put("clustersMissingSteps", clustersMissingSteps);
        map.put("stepsMissing", stepsMissing);
        map.put("stepsActedOnTwice", stepsActedOnTwice);
        map.put("nodesOffTarget", nodesOffTarget);
        map.put("repeatedDeliveries", redeliveries);
        map.put("clean", clean());
        map.put("problems", problems);
        return map;
    }
}
