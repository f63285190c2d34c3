package dev.upgradeledger.bench;

import dev.upgradeledger.events.LedgerTopics;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The projection replaying history: many synthetic events produced straight onto ledger.events, the live ingest of
 * them, a snapshot, a tail of more events and a recovery from that snapshot (load + replay of the tail), and a FULL
 * rebuild from the topic's beginning, each timed, in events/s beside Kafka's consume rate and PostgreSQL's batch
 * insert rate. Progress is read from the projection's {@code projection_offset} table against the topic's end
 * offsets, and the rebuild's own state from {@code GET /admin/v1/rebuilds/{id}}.
 */
final class RebuildSection {

    private static final String TOPIC = LedgerTopics.EVENTS;

    private final BenchContext context;
    private final Map<String, Object> data = new LinkedHashMap<>();

    RebuildSection(BenchContext context) {
        this.context = context;
    }

    void run(Report.Section section) throws Exception {
        BenchSettings settings = context.settings();
        long timeout = settings.rebuildTimeoutSeconds() * 1_000_000_000L;
        Limits limits = context.limits();
        try (KafkaAdmin kafka = new KafkaAdmin(context.stack().kafkaBootstrapServers())) {
            // 1. produce
            context.out().printf("  producing %,d synthetic events to %s ...%n", settings.rebuildEvents(), TOPIC);
            long begin = System.nanoTime();
            ProjectionIngest.Produced produced = context.ingest().produceFast(settings.rebuildEvents(),
                    "rb-" + context.run());
            section.rowVs("produced", String.format(Locale.ROOT, "%d events (%d clusters x %d, %s MiB of JSON) in %s"
                                    + " s: %s events/s", produced.records(), produced.clusters(),
                            ProjectionIngest.EVENTS_PER_CLUSTER, Report.number(produced.bytes() / 1048576.0),
                            Report.number(produced.nanos() / 1e9), Report.number(produced.perSecond())),
                    Ratio.of(produced.perSecond(), limits.kafkaProduce(), "Kafka produce records/s"));
            data.put("produced", Map.of("events", produced.records(), "seconds",
                    Report.round(produced.nanos() / 1e9), "perSecond", Report.round(produced.perSecond()),
                    "valueBytes", produced.bytes()));

            // 2. live ingest
            Phase live = awaitCaughtUp(kafka, begin, timeout, "live ingest");
            rowPhase(section, "live ingest (from the first send)", live, produced.records(), limits,
                    settings.rebuildTimeoutSeconds());
            data.put("liveIngest", live.toMap(produced.records()));
            context.memory().after("live ingest of the rebuild's events", section);

            // 3. snapshot, tail, recovery
            if (settings.recoveryTailEvents() > 0) {
                recovery(section, kafka, timeout);
            }

            // 4. FULL rebuild
            long total = KafkaAdmin.total(kafka.endOffsets(TOPIC));
            context.out().printf("  FULL rebuild of %,d records ...%n", total);
            long rebuildBegin = System.nanoTime();
            LedgerApi.Answer started = adminCall("POST", "rebuilds", "{\"mode\":\"FULL\"}", timeout);
            if (started.status() != 202) {
                section.row("FULL rebuild", "refused: HTTP " + started.status() + " " + started.body());
            } else {
                String id = started.json().path("id").asString();
                String state = "RUNNING";
                JsonNode status = started.json();
                long deadline = rebuildBegin + timeout;
                long lastPrint = System.nanoTime();
                while (!state.equals("COMPLETED") && !state.equals("FAILED") && System.nanoTime() < deadline) {
                    Thread.sleep(250);
                    if (System.nanoTime() - lastPrint > 30_000_000_000L) {
                        context.out().printf("    FULL rebuild: %s after %.0f s, position %s%n", state,
                                (System.nanoTime() - rebuildBegin) / 1e9, status.path("position"));
                        lastPrint = System.nanoTime();
                    }
                    LedgerApi.Answer answer = adminCall("GET", "rebuilds/" + id, null, Duration.ofSeconds(30)
                            .toNanos());
                    if (answer.status() == 200) {
                        status = answer.json();
                        state = status.path("state").asString();
                    }
                }
                long took = System.nanoTime() - rebuildBegin;
                long records = 0;
                for (JsonNode target : status.path("target")) {
                    records += target.asLong() + 1;
                }
                double perSecond = Stats.perSecond(records, took);
                String value = state.equals("COMPLETED")
                        ? String.format(Locale.ROOT, "%d records in %s s: %s events/s", records,
                        Report.number(took / 1e9), Report.number(perSecond))
                        : state.equals("FAILED") ? "FAILED after " + Report.number(took / 1e9) + " s: "
                        + status.path("detail").asString()
                        : String.format(Locale.ROOT, "did not complete in %d s (state %s, position %s of target %s)",
                        settings.rebuildTimeoutSeconds(), state, status.path("position"), status.path("target"));
                section.rowVs("FULL rebuild from offset 0", value, versus(perSecond, limits));
                Map<String, Object> rebuild = new LinkedHashMap<>();
                rebuild.put("state", state);
                rebuild.put("records", records);
                rebuild.put("seconds", Report.round(took / 1e9));
                rebuild.put("perSecond", Report.round(perSecond));
                rebuild.put("vsKafkaConsume", Ratio.data(perSecond, limits.kafkaConsume()));
                rebuild.put("vsPgBatchRows", Ratio.data(perSecond, limits.pgBatchRows1()));
                data.put("fullRebuild", rebuild);
            }
            context.memory().after("FULL rebuild", section);
        }
        section.data("rebuild", data)
                .note("events: the history of a finished 6-node rolling upgrade per synthetic cluster (22 events), as"
                        + " in section 4, produced straight onto ledger.events; the topic also holds every event the"
                        + " services published before, all replayed")
                .note("caught up = the projection's projection_offset (the offset each partition's read models"
                        + " include) reached the topic's end offsets, polled every 250 ms; FULL rebuild = from POST"
                        + " /admin/v1/rebuilds {\"mode\":\"FULL\"} until GET /admin/v1/rebuilds/{id} answers"
                        + " COMPLETED (the projection's own test: its offsets reached the topic's end as of the start)")
                .note("the projection takes an automatic snapshot every ledger.projection.snapshots.every (default"
                        + " 1000) applied events on its own thread, during the ingest and the rebuild too; the recovery"
                        + " loads the newest good snapshot, which may be an automatic one taken during the tail, so it"
                        + " may replay fewer records than the tail holds");
    }

    private void recovery(Report.Section section, KafkaAdmin kafka, long timeout) throws Exception {
        BenchSettings settings = context.settings();
        Limits limits = context.limits();
        context.out().println("  snapshot, tail, recovery ...");
        long begin = System.nanoTime();
        LedgerApi.Answer snapshot = adminCall("POST", "snapshots", null, timeout);
        long snapshotNanos = System.nanoTime() - begin;
        if (snapshot.status() != 201) {
            section.row("snapshot", "FAILED: HTTP " + snapshot.status() + " " + snapshot.body());
            return;
        }
        long rows = 0;
        for (JsonNode table : snapshot.json().path("tables")) {
            rows += table.path("rows").asLong();
        }
        section.row("snapshot (POST /admin/v1/snapshots)", String.format(Locale.ROOT, "%s s for %d rows in %d tables",
                Report.number(snapshotNanos / 1e9), rows, snapshot.json().path("tables").size()));
        data.put("snapshot", Map.of("seconds", Report.round(snapshotNanos / 1e9), "rows", rows));

        long tailBegin = System.nanoTime();
        ProjectionIngest.Produced tail = context.ingest().produceFast(settings.recoveryTailEvents(),
                "rbtail-" + context.run());
        Phase tailLive = awaitCaughtUp(kafka, tailBegin, timeout, "tail");
        rowPhase(section, "tail of " + tail.records() + " events, live", tailLive, tail.records(), limits,
                settings.rebuildTimeoutSeconds());

        begin = System.nanoTime();
        LedgerApi.Answer recovered = adminCall("POST", "recovery", null, timeout);
        long answered = System.nanoTime() - begin;
        if (recovered.status() != 200) {
            section.row("recovery", "FAILED: HTTP " + recovered.status() + " " + recovered.body());
            return;
        }
        long replay = 0;
        JsonNode resumed = recovered.json().path("resumedAfter");
        JsonNode ends = recovered.json().path("endOffsets");
        for (var end : ends.properties()) {
            replay += Math.max(0, end.getValue().asLong() - 1 - resumed.path(end.getKey()).asLong(-1));
        }
        Phase caughtUp = awaitCaughtUp(kafka, begin, timeout, "recovery");
        double perSecond = Stats.perSecond(replay, caughtUp.nanos() - answered);
        section.rowVs("recovery (POST /admin/v1/recovery)", String.format(Locale.ROOT, "answered after %s s (snapshot"
                                + " loaded); %s; %d records after the snapshot's offsets replayed in %s s (%s/s)",
                        Report.number(answered / 1e9), caughtUp.complete() ? "caught up after "
                                + Report.number(caughtUp.nanos() / 1e9) + " s" : "NOT caught up in "
                                + settings.rebuildTimeoutSeconds() + " s", replay,
                        Report.number((caughtUp.nanos() - answered) / 1e9), Report.number(perSecond)),
                "the replay: " + versus(perSecond, limits));
        data.put("recovery", Map.of("answeredSeconds", Report.round(answered / 1e9), "caughtUpSeconds",
                Report.round(caughtUp.nanos() / 1e9), "complete", caughtUp.complete(), "replayedRecords", replay));
    }

    /** A phase until the projection's offsets reach the topic's end: whether it did, when, what was left. */
    record Phase(boolean complete, long nanos, long lag) {
        Map<String, Object> toMap(long events) {
            return Map.of("complete", complete, "seconds", Report.round(nanos / 1e9), "lagAtEnd", lag,
                    "perSecond", Report.round(Stats.perSecond(events - lag, nanos)));
        }
    }

    private Phase awaitCaughtUp(KafkaAdmin kafka, long begin, long timeout, String what) throws Exception {
        long deadline = begin + timeout;
        long lag = Long.MAX_VALUE;
        long lastPrint = System.nanoTime();
        while (System.nanoTime() < deadline) {
            Map<Integer, Long> ends = kafka.endOffsets(TOPIC);
            try {
                lag = KafkaAdmin.lag(ends, context.database().projectionOffsets(TOPIC));
            } catch (java.sql.SQLException e) {
                // the schema is being recreated (recovery, rebuild): not caught up yet
            }
            if (lag == 0) {
                return new Phase(true, System.nanoTime() - begin, 0);
            }
            if (System.nanoTime() - lastPrint > 30_000_000_000L) {
                context.out().printf("    %s: %,d records to go after %.0f s%n", what, lag,
                        (System.nanoTime() - begin) / 1e9);
                lastPrint = System.nanoTime();
            }
            Thread.sleep(250);
        }
        return new Phase(false, System.nanoTime() - begin, lag);
    }

    private static void rowPhase(Report.Section section, String label, Phase phase, long events, Limits limits,
                                 int timeoutSeconds) {
        double perSecond = Stats.perSecond(events - phase.lag(), phase.nanos());
        section.rowVs(label, phase.complete()
                ? String.format(Locale.ROOT, "caught up after %s s: %s events/s", Report.number(phase.nanos() / 1e9),
                Report.number(perSecond))
                : String.format(Locale.ROOT, "did not catch up in %d s: %d records still to apply (%s events/s"
                + " meanwhile)", timeoutSeconds, phase.lag(), Report.number(perSecond)), versus(perSecond, limits));
    }

    private static String versus(double perSecond, Limits limits) {
        return Ratio.of(perSecond, limits.kafkaConsume(), "Kafka consume records/s") + "; "
                + Ratio.of(perSecond, limits.pgBatchRows1(), "PG 100-row batch insert rows/s");
    }

    /** An admin call, retried while another admin operation (e.g. an automatic snapshot) is in progress (409). */
    private LedgerApi.Answer adminCall(String method, String path, String json, long timeoutNanos) throws Exception {
        // an automatic snapshot of large tables may hold the admin lock for longer than a minute on a loaded machine
        long deadline = System.nanoTime() + Math.max(60_000_000_000L, timeoutNanos);
        while (true) {
            LedgerApi.Answer answer = context.api().projectionAdmin(method, path, json,
                    Duration.ofNanos(Math.max(timeoutNanos, 30_000_000_000L)));
            if (answer.status() != 409 || !answer.body().contains("operation-in-progress")
                    || System.nanoTime() > deadline) {
                return answer;
            }
            Thread.sleep(200);
        }
    }
}
