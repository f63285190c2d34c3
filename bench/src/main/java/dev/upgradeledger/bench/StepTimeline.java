package dev.upgradeledger.bench;

import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the time of an upgrade's steps goes, from the cluster's history (event timestamps, set by command-api) and the
 * executor's record of each attempt (when it started and finished acting): per step, from {@code StepStarted} to the
 * executor starting, the executor's action, from the executor finishing to the recorded fact, and from the fact to
 * the next {@code StepStarted}.
 */
final class StepTimeline {

    final List<Long> toExecutor = new ArrayList<>();
    final List<Long> action = new ArrayList<>();
    final List<Long> reportToFact = new ArrayList<>();
    final List<Long> factToNextStep = new ArrayList<>();
    final List<Long> wholeStep = new ArrayList<>();

    void add(LedgerApi api, String clusterId) throws IOException, InterruptedException {
        Map<String, JsonNode> executions = new HashMap<>();
        for (JsonNode execution : api.executedSteps(clusterId)) {
            executions.put(execution.path("stepId").asString() + "#" + execution.path("attempt").asInt(), execution);
        }
        Map<String, Instant> started = new HashMap<>();
        Instant lastFact = null;
        for (JsonNode event : api.history(clusterId)) {
            String stepId = event.path("stepId").asString("");
            if (stepId.isEmpty()) {
                continue;
            }
            Instant at = Instant.parse(event.path("occurredAt").asString());
            if (event.path("eventType").asString().equals("StepStarted")) {
                String key = stepId + "#" + event.at("/payload/attempt").asInt();
                started.put(stepId, at);
                if (lastFact != null) {
                    factToNextStep.add(nanos(lastFact, at));
                    lastFact = null;
                }
                JsonNode execution = executions.get(key);
                if (execution != null && !execution.path("finishedAt").isNull()) {
                    toExecutor.add(nanos(at, Instant.parse(execution.path("startedAt").asString())));
                    action.add(nanos(Instant.parse(execution.path("startedAt").asString()),
                            Instant.parse(execution.path("finishedAt").asString())));
                    executions.put(stepId + "#finished", execution);
                }
            } else if (started.containsKey(stepId)) {
                JsonNode execution = executions.remove(stepId + "#finished");
                if (execution != null) {
                    reportToFact.add(nanos(Instant.parse(execution.path("finishedAt").asString()), at));
                }
                wholeStep.add(nanos(started.remove(stepId), at));
                lastFact = at;
            }
        }
    }

    private static long nanos(Instant from, Instant to) {
        return Duration.between(from, to).toNanos();
    }
}
