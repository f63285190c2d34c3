package dev.upgradeledger.bench;

import tools.jackson.databind.JsonNode;

import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A fleet upgrade: many 6-node clusters of one product upgraded by one {@code POST /api/v1/fleet-upgrades} (canary,
 * then waves, at most {@code maxConcurrent} clusters at once, each the same rolling upgrade as the wave section's),
 * read from the projection's fleet read model every 500 ms until it ends; the time to complete and steps/s beside the
 * wave section (the same upgrade requested cluster by cluster, all at once) and the machine's limits, and the ETA the
 * fleet showed when its first wave started against the real end.
 */
final class FleetSection {

    /**
     * The section's settings, from the environment.
     *
     * @param clusters      6-node clusters the fleet takes
     * @param canary        the canary wave's size
     * @param waveSize      each later wave's size (a count or a percentage)
     * @param maxConcurrent clusters upgrading at once across the fleet
     * @param timeoutSeconds how long the fleet may take before it is aborted
     */
    record Settings(int clusters, String canary, String waveSize, int maxConcurrent, int timeoutSeconds) {

        static Settings resolve(Function<String, String> env, boolean quick) {
            return new Settings(BenchSettings.count(env, "LEDGER_BENCH_FLEET_CLUSTERS", quick ? 20 : 1000),
                    text(env, "LEDGER_BENCH_FLEET_CANARY", "1"), text(env, "LEDGER_BENCH_FLEET_WAVE_SIZE", "20%"),
                    BenchSettings.count(env, "LEDGER_BENCH_FLEET_MAX_CONCURRENT", 200),
                    BenchSettings.count(env, "LEDGER_BENCH_FLEET_TIMEOUT", quick ? 120 : 300));
        }

        private static String text(Function<String, String> env, String name, String fallback) {
            String value = BenchSettings.text(env, name).orElse(fallback);
            if (!value.matches("[0-9]{1,4}%?")) {
                throw new BenchSettings.Invalid(name + " must be a count or a percentage, was " + value);
            }
            return value;
        }
    }

    private final BenchContext context;
    private final Settings settings;

    FleetSection(BenchContext context, Settings settings) {
        this.context = context;
        this.settings = settings;
    }

    void run(Report.Section section, WaveSection.Outcome wave) throws Exception {
        int clusters = settings.clusters();
        String product = "fleet-" + context.run();
        String prefix = "fleet-" + context.run() + "-";
        context.out().printf("  fleet: registering %d clusters, then one fleet upgrade (canary %s, waves of %s, at most"
                + " %d at once) ...%n", clusters, settings.canary(), settings.waveSize(), settings.maxConcurrent());
        context.workloads().registerProjected(clusters, "fleet", product, context.settings().waveClients());
        long storedBefore = storedEvents(prefix);

        String fleetId = "fleet-" + context.run();
        LedgerApi api = context.api();
        long begin = System.nanoTime();
        LedgerApi.Answer started = api.post(api.commandApi().resolve("/api/v1/fleet-upgrades"), """
                {"fleetId":"%s","selector":{"product":"%s"},"targetVersion":"7.6",
                 "upgrade":{"strategy":"ROLLING","schemaChange":"ADDITIVE","maxUnavailable":"33%%"},
                 "waves":{"canary":"%s","waveSize":"%s","maxConcurrent":%d},"failureBudget":"0"}"""
                .formatted(fleetId, product, settings.canary(), settings.waveSize(), settings.maxConcurrent()),
                java.time.Duration.ofSeconds(120));
        long startAnswered = System.nanoTime() - begin;
        if (started.status() != 201) {
            throw new IllegalStateException("the fleet upgrade was refused: HTTP " + started.status() + " "
                    + started.body());
        }
        int waves = started.json().at("/plan/waves").size();

        // the fleet as the projection has it, every 500 ms, until it ends
        JsonNode fleet = null;
        String status = "UNSEEN";
        Instant firstWaveEta = null;
        long firstWaveEtaAt = -1;
        long deadline = begin + settings.timeoutSeconds() * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            Thread.sleep(500);
            LedgerApi.Answer answer = api.get(api.projection().resolve("/api/v1/fleet-upgrades/" + fleetId));
            if (answer.status() != 200) {
                continue;
            }
            fleet = answer.json();
            status = fleet.path("status").asString();
            if (firstWaveEta == null && fleet.path("currentWave").asInt(-1) >= 1
                    && fleet.at("/eta/basis").asString("").equals("MEASURED")
                    && !fleet.at("/eta/expectedEnd").isNull() && !fleet.at("/eta/expectedEnd").isMissingNode()) {
                firstWaveEta = Instant.parse(fleet.at("/eta/expectedEnd").asString());
                firstWaveEtaAt = System.nanoTime() - begin;
            }
            if (!status.equals("RUNNING")) {
                break;
            }
        }
        long wallNanos = System.nanoTime() - begin;
        if (status.equals("RUNNING") || status.equals("UNSEEN")) {
            LedgerApi.Answer aborted = api.post(api.commandApi().resolve("/api/v1/fleet-upgrades/" + fleetId
                    + "/abort"), "{\"reason\":\"the benchmark's time-out\"}");
            section.row("fleet aborted", "after " + settings.timeoutSeconds() + " s (HTTP " + aborted.status()
                    + "), so that its clusters do not load the following sections");
        }
        Map<String, Long> states = new TreeMap<>();
        long steps = 0;
        Instant ended = null;
        if (fleet != null) {
            for (JsonNode w : fleet.path("waves")) {
                for (JsonNode cluster : w.path("clusters")) {
                    states.merge(cluster.path("state").asString(), 1L, Long::sum);
                    if (cluster.path("state").asString().equals("SUCCEEDED")) {
                        steps += cluster.at("/upgrade/stepsTotal").asLong(0);
                    }
                }
            }
            ended = fleet.path("endedAt").isNull() || fleet.path("endedAt").isMissingNode() ? null
                    : Instant.parse(fleet.path("endedAt").asString());
        }
        long succeeded = states.getOrDefault("SUCCEEDED", 0L);
        boolean completed = status.equals("COMPLETED") && succeeded == clusters;
        double wallSeconds = wallNanos / 1e9;
        double stepsPerSecond = Stats.perSecond(steps, wallNanos);
        long events = storedBefore < 0 ? -1 : storedEvents(prefix) - storedBefore;
        double eventsPerSecond = events < 0 ? Double.NaN : Stats.perSecond(events, wallNanos);
        Limits limits = context.limits();

        section.row("fleet", String.format(Locale.ROOT, "%d x 6 nodes, ROLLING 33%% each; canary %s, waves of %s (%d"
                                + " waves), at most %d at once, budget 0; simulated driver %d ms per action", clusters,
                        settings.canary(), settings.waveSize(), waves, settings.maxConcurrent(),
                        context.fastLatency().toMillis()))
                .row("start answered", Report.number(startAnswered / 1e9) + " s (plans every cluster, records the"
                        + " fleet)")
                .row(completed ? "COMPLETED after" : "NOT completed", completed
                        ? Report.number(wallSeconds) + " s from the request (seen by reading the fleet every 500 ms)"
                        : String.format(Locale.ROOT, "%s after %s s: clusters %s", status,
                        Report.number(wallSeconds), states))
                .rowVs("steps/s", String.format(Locale.ROOT, "%s (%d steps of succeeded clusters)",
                        Report.number(stepsPerSecond), steps),
                        Ratio.of(stepsPerSecond, limits.pgCommits8(), "PG single-row commits/s, 8 clients"))
                .rowVs("events/s", events < 0 ? "unknown" : String.format(Locale.ROOT, "%s (%d cluster events"
                                + " stored)", Report.number(eventsPerSecond), events),
                        Ratio.of(eventsPerSecond, limits.kafkaProduce(), "Kafka produce records/s"));
        if (wave != null) {
            section.row("the same upgrade requested one by one", String.format(Locale.ROOT, "section 'wave': %d of"
                            + " %d clusters COMPLETED in %s s, %s steps/s%s", wave.completed(), wave.clusters(),
                    Report.number(wave.wallSeconds()), Report.number(wave.stepsPerSecond()),
                    wave.clusters() == clusters ? "" : " (not the same count: set LEDGER_BENCH_WAVE_CLUSTERS="
                            + clusters + ")"));
        } else {
            section.row("the same upgrade requested one by one", "section 'wave' did not run (LEDGER_BENCH_SECTIONS"
                    + " with wave, LEDGER_BENCH_WAVE_CLUSTERS=" + clusters + ")");
        }
        if (firstWaveEta != null && ended != null) {
            section.row("ETA when wave 1 had started", String.format(Locale.ROOT, "read %s s after the request:"
                            + " expected end %s, ended %s (%s s off)", Report.number(firstWaveEtaAt / 1e9),
                    firstWaveEta, ended, Report.number(
                            java.time.Duration.between(ended, firstWaveEta).toMillis() / 1000.0)));
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("clusters", clusters);
        data.put("canary", settings.canary());
        data.put("waveSize", settings.waveSize());
        data.put("waves", waves);
        data.put("maxConcurrent", settings.maxConcurrent());
        data.put("status", status);
        data.put("clusterStates", states);
        data.put("wallSeconds", Report.round(wallSeconds));
        data.put("startAnsweredSeconds", Report.round(startAnswered / 1e9));
        data.put("steps", steps);
        data.put("stepsPerSecond", Report.round(stepsPerSecond));
        data.put("stepsPerSecondVsPgCommits8", Ratio.data(stepsPerSecond, limits.pgCommits8()));
        data.put("events", events);
        data.put("eventsPerSecond", Double.isNaN(eventsPerSecond) ? null : Report.round(eventsPerSecond));
        data.put("oneByOne", wave == null ? null : Map.of("clusters", wave.clusters(), "completed", wave.completed(),
                "wallSeconds", Report.round(wave.wallSeconds()), "stepsPerSecond",
                Report.round(wave.stepsPerSecond())));
        data.put("etaAtFirstWave", firstWaveEta == null ? null : firstWaveEta.toString());
        data.put("endedAt", ended == null ? null : ended.toString());
        section.data("fleet", data).note("'fleet': time from the fleet's request until the projection shows it"
                + " COMPLETED; steps are the succeeded clusters' own upgrades' steps as the projection has them");
        context.memory().after("fleet", section);
    }

    private long storedEvents(String prefix) {
        try {
            return context.database().storedEvents(prefix);
        } catch (SQLException e) {
            context.out().println("  could not count stored events: " + e.getMessage());
            return -1;
        }
    }
}
