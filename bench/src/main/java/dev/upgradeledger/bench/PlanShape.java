package dev.upgradeledger.bench;

import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The shape of an accepted upgrade's plan, read from command-api's 201 answer ({@code decision.hops[].plan.stages[]
 * .steps[]}, or {@code .nodes[]} for a stage in the compact form; a hop's {@code stageCount} and {@code stepCount} when
 * the answer shows its first stages only, the widest stage then among those shown): the stages run one after another,
 * the steps of a stage may run at once. Its critical path is stages x the action's latency: no upgrade can be faster
 * with that driver, however fast the ledger.
 *
 * @param hops        plans (one per hop of the version path)
 * @param stages      stages of all hops
 * @param steps       steps of all stages
 * @param widestStage the most steps in one stage
 */
record PlanShape(int hops, int stages, int steps, int widestStage) {

    static final PlanShape UNKNOWN = new PlanShape(0, 0, 0, 0);

    static PlanShape of(JsonNode answer) {
        JsonNode hops = answer.at("/decision/hops");
        if (!hops.isArray() || hops.isEmpty()) {
            return UNKNOWN;
        }
        int stages = 0;
        int steps = 0;
        int widest = 0;
        for (JsonNode hop : hops) {
            int hopStages = 0;
            int hopSteps = 0;
            for (JsonNode stage : hop.at("/plan/stages")) {
                hopStages++;
                // a large stage is written compactly: one node id per step instead of the steps (PlannedStageJson)
                int width = stage.has("steps") ? stage.path("steps").size() : stage.path("nodes").size();
                hopSteps += width;
                widest = Math.max(widest, width);
            }
            // a large plan is answered with its first stages only; the hop's counts are the whole plan's
            stages += hop.path("stageCount").asInt(hopStages);
            steps += hop.path("stepCount").asInt(hopSteps);
        }
        return new PlanShape(hops.size(), stages, steps, widest);
    }

    boolean known() {
        return stages > 0;
    }

    /** Stages x latency: the upgrade's shortest possible duration with that driver. */
    Duration criticalPath(Duration latency) {
        return latency.multipliedBy(stages);
    }

    /** Steps x latency: the duration when every step runs after the previous one. */
    Duration serialPath(Duration latency) {
        return latency.multipliedBy(steps);
    }

    String describe(Duration latency) {
        if (!known()) {
            return "plan unknown";
        }
        return String.format(Locale.ROOT, "%d stages x %s = %s s critical path (%d steps, at most %d at once;"
                        + " %d steps one after another = %s s)", stages, latency.toMillis() + " ms",
                Report.number(criticalPath(latency).toMillis() / 1000.0), steps, widestStage, steps,
                Report.number(serialPath(latency).toMillis() / 1000.0));
    }

    Map<String, Object> toMap(Duration latency) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("hops", hops);
        map.put("stages", stages);
        map.put("steps", steps);
        map.put("widestStage", widestStage);
        map.put("latencyMs", latency.toMillis());
        map.put("criticalPathSeconds", Report.round(criticalPath(latency).toMillis() / 1000.0));
        map.put("serialPathSeconds", Report.round(serialPath(latency).toMillis() / 1000.0));
        return map;
    }
}
