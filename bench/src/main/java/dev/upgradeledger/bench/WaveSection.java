package dev.upgradeledger.bench;

import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A wave: many 6-node clusters, each a rolling upgrade (33%, one node at a time), all requested at once by a bounded
 * number of clients; the time until all are COMPLETED, steps/s and events/s beside the limits, and a check that
 * nothing was lost or applied twice ({@link WaveCheck}). Run once as is and, for the scale-out, again with a second
 * executor and a second projection.
 */
final class WaveSection {

    /** What one wave measured, for comparing the scale-out wave with the first. */
    record Outcome(double wallSeconds, double stepsPerSecond, double eventsPerSecond, int completed, int clusters) {
    }

    private final BenchContext context;

    WaveSection(BenchContext context) {
        this.context = context;
    }

    Outcome run(Report.Section section, String kind) throws Exception {
        BenchSettings settings = context.settings();
        int clusters = settings.waveClusters();
        String prefix = kind + "-" + context.run() + "-";
        long[] storedBefore = {-1};
        StepPathSampler sampler = StepPathSampler.of(context.stack(), prefix);
        context.out().printf("  %s: registering %d clusters, then requesting their upgrades with %d clients ...%n",
                kind, clusters, settings.waveClients());
        Workloads.ParallelUpgrades wave = context.workloads().parallelRollingUpgrades(clusters, kind, "33%",
                settings.waveClients(), settings.waveTimeoutSeconds() * 1_000_000_000L, 500, () -> {
                    try {
                        storedBefore[0] = context.database().storedEvents(prefix);
                    } catch (SQLException e) {
                        context.out().println("  could not count stored events: " + e.getMessage());
                    }
                    sampler.start();
                });
        sampler.close();
        Map<String, Long> outcomes = new TreeMap<>();
        wave.upgrades().forEach(upgrade -> outcomes.merge(upgrade.status(), 1L, Long::sum));
        long completed = outcomes.getOrDefault("COMPLETED", 0L);
        double wallSeconds = wave.wallNanos() / 1e9;
        boolean allDone = completed == clusters;
        PlanShape plan = wave.plan();
        Duration latency = context.fastLatency();

        // the three records, compared
        WaveCheck check = new WaveCheck();
        Map<String, JsonNode> summaries = new HashMap<>();
        for (JsonNode cluster : context.api().projectedClusters(wave.product())) {
            summaries.put(cluster.path("clusterId").asString(), cluster);
        }
        Map<String, Long> stored = Map.of();
        long storedAfter = -1;
        try {
            stored = context.database().storedEventsPerCluster(prefix);
            storedAfter = stored.values().stream().mapToLong(Long::longValue).sum();
        } catch (SQLException e) {
            section.row("event store counts", "unavailable: " + e.getMessage());
        }
        for (String id : wave.clusterIds()) {
            JsonNode summary = summaries.get(id);
            String status = summary == null ? "MISSING" : summary.at("/upgrade/status").asString("");
            long projected = summary == null ? 0 : summary.path("lastSequence").asLong(-1) + 1;
            check.projection(id, status, projected, stored.get(id));
        }
        List<String> completedIds = wave.clusterIds().stream().filter(id -> summaries.containsKey(id)
                && summaries.get(id).at("/upgrade/status").asString("").equals("COMPLETED")).toList();
        List<String> checked = sample(completedIds, settings.waveCheckClusters());
        Map<String, JsonNode> views = new ConcurrentHashMap<>();
        Workloads.runPooled("bench-check-", checked, 8, id -> {
            try {
                LedgerApi.Answer answer = context.api().simulatedCluster(id);
                if (answer.status() == 200) {
                    views.put(id, answer.json());
                }
            } catch (IOException e) {
                // counted as unavailable below
            }
        });
        for (String id : checked) {
            check.fleet(id, views.get(id), plan.steps(), "7.6");
        }

        long waveEvents = storedBefore[0] >= 0 && storedAfter >= 0 ? storedAfter - storedBefore[0] : -1;
        long steps = completed * (long) plan.steps();
        double stepsPerSecond = Stats.perSecond(steps, wave.wallNanos());
        double eventsPerSecond = waveEvents < 0 ? Double.NaN : Stats.perSecond(waveEvents, wave.wallNanos());
        Limits limits = context.limits();
        Stats each = Stats.ofNanos(wave.upgrades().stream().filter(upgrade -> upgrade.status().equals("COMPLETED"))
                .map(Workloads.Upgrade::nanos).toList());
        Stats requests = Stats.ofNanos(wave.requestLatencies());

        section.row("clusters", String.format(Locale.ROOT, "%d x 6 nodes, ROLLING 33%% (%s), requested by %d clients;"
                        + " simulated driver %d ms per action", clusters, plan.describe(latency),
                        settings.waveClients(), latency.toMillis()))
                .row("requests", String.format(Locale.ROOT, "all answered %s s after the first; latency %s%s",
                        Report.number(wave.requestsNanos() / 1e9), requests.describe(),
                        wave.requestFailures().isEmpty() ? "" : "; FAILED " + wave.requestFailures()))
                .rowVs(allDone ? "all COMPLETED after" : "NOT all completed",
                        allDone ? Report.number(wallSeconds) + " s from the first request"
                                : String.format(Locale.ROOT, "did not complete in %d s: %s",
                                settings.waveTimeoutSeconds(), outcomes),
                        (allDone ? "" : "more than ") + Ratio.of(wallSeconds,
                                plan.criticalPath(latency).toMillis() / 1000.0, "one upgrade's critical path, s"))
                .row("each upgrade, request -> COMPLETED", each.describe() + " (seen by listing every 500 ms)")
                .rowVs("steps/s", String.format(Locale.ROOT, "%s (%d steps of completed upgrades)",
                                Report.number(stepsPerSecond), steps),
                        Ratio.of(stepsPerSecond, limits.pgCommits8(), "PG single-row commits/s, 8 clients"))
                .rowVs("events/s", waveEvents < 0 ? "unknown" : String.format(Locale.ROOT, "%s (%d events stored by"
                                + " the wave)", Report.number(eventsPerSecond), waveEvents),
                        Ratio.of(eventsPerSecond, limits.pgCommits8(), "PG single-row commits/s, 8 clients") + "; "
                                + Ratio.of(eventsPerSecond, limits.kafkaProduce(), "Kafka produce records/s"))
                .row("nothing lost or applied twice?", check.describe());
        sampler.report(section, kind, Runtime.getRuntime().availableProcessors());
        section.data(kind, waveData(wave, clusters, wallSeconds, outcomes, plan, latency, steps, stepsPerSecond,
                        waveEvents, eventsPerSecond, each, requests, check, limits))
                .note("'" + kind + "': the check compares the projection (every upgrade COMPLETED; events = the event"
                        + " store's count for the cluster), and the executor's simulated fleet (GET"
                        + " /api/v1/simulated/clusters/{id} for " + (checked.size() == completedIds.size()
                        ? "every completed cluster" : checked.size() + " completed clusters spread over the wave")
                        + "): each of the plan's steps acted on"
                        + " under exactly one idempotency key, every node on 7.6 and in service");
        context.memory().after(kind, section);
        List<String> unfinished = wave.upgrades().stream().filter(upgrade -> upgrade.status().equals("TIMED_OUT"))
                .map(Workloads.Upgrade::clusterId).toList();
        if (!unfinished.isEmpty()) {
            // Left running, they would load the sections that follow.
            Map<Integer, Integer> answers = new ConcurrentHashMap<>();
            Workloads.runPooled("bench-abort-", unfinished, 8, id -> {
                try {
                    answers.merge(context.api().upgradeCommand(id, "u-76", "abort").status(), 1, Integer::sum);
                } catch (IOException e) {
                    answers.merge(-1, 1, Integer::sum);
                }
            });
            section.row("unfinished upgrades aborted", unfinished.size() + " after the check (answers by HTTP"
                    + " status: " + new TreeMap<>(answers) + "), so that they do not load the following sections");
        }
        return new Outcome(wallSeconds, stepsPerSecond, eventsPerSecond, (int) completed, clusters);
    }

    private static Map<String, Object> waveData(Workloads.ParallelUpgrades wave, int clusters, double wallSeconds,
                                                Map<String, Long> outcomes, PlanShape plan, Duration latency,
                                                long steps, double stepsPerSecond, long events,
                                                double eventsPerSecond, Stats each, Stats requests, WaveCheck check,
                                                Limits limits) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("clusters", clusters);
        data.put("outcomes", outcomes);
        data.put("wallSeconds", Report.round(wallSeconds));
        data.put("requestsSeconds", Report.round(wave.requestsNanos() / 1e9));
        data.put("requestFailures", wave.requestFailures());
        data.put("requestLatency", requests.toMap());
        data.put("eachUpgrade", each.toMap());
        data.put("plan", plan.toMap(latency));
        data.put("steps", steps);
        data.put("stepsPerSecond", Report.round(stepsPerSecond));
        data.put("stepsPerSecondVsPgCommits8", Ratio.data(stepsPerSecond, limits.pgCommits8()));
        data.put("events", events);
        data.put("eventsPerSecond", Double.isNaN(eventsPerSecond) ? null : Report.round(eventsPerSecond));
        data.put("eventsPerSecondVsPgCommits8", Ratio.data(eventsPerSecond, limits.pgCommits8()));
        data.put("eventsPerSecondVsKafkaProduce", Ratio.data(eventsPerSecond, limits.kafkaProduce()));
        data.put("check", check.toMap());
        return data;
    }

    /** All ids, or {@code count} of them spread evenly over the list. */
    static List<String> sample(List<String> ids, int count) {
        if (count >= ids.size()) {
            return ids;
        }
        List<String> sample = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sample.add(ids.get((int) ((long) i * ids.size() / count)));
        }
        return sample;
    }
}
