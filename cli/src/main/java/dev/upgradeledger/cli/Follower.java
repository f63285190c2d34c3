package dev.upgradeledger.cli;

import dev.upgradeledger.cli.LedgerClient.Service;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * Follows one upgrade until it ends, on the projection's live stream of its cluster (server-sent events): each event
 * of the upgrade brings its progress, shown as a bar per stage as the stages advance and a line each time its status
 * changes; at the end, why it ended and what to do next. When the stream breaks, or stays silent for longer than
 * three heartbeats, it is opened again with {@code Last-Event-ID}, so no event is missed. {@code -o json} prints the
 * upgrade's events as JSON lines on stdout, then its last progress document as one more line. The answer is the exit
 * code: 0 completed or finalized, 3 stopped short, 5 the time-out passed; Ctrl-C stops following (the upgrade goes
 * on) with 130.
 */
final class Follower {

    /** How long an upgrade may be unknown to the projection after it was requested (the projection lags a little). */
    private static final Duration UNKNOWN_GRACE = Duration.ofSeconds(30);
    /** Three of the projection's heartbeats (15 s): a stream silent for longer is taken for dead and opened again. */
    private static final Duration SILENCE = Duration.ofSeconds(45);
    private static final Duration RECONNECT_PAUSE = Duration.ofSeconds(1);
    /** How long the events that ended an upgrade, already in the read models, are awaited on the stream. */
    private static final Duration ENDING_WAIT = Duration.ofSeconds(5);
    /** The events after which the upgrade waits for an operator (or is over). */
    private static final Set<String> ENDING_EVENTS = Set.of("UpgradeCompleted", "UpgradePaused", "UpgradeFailed",
            "UpgradeAborted", "UpgradeRejected", "UpgradeFinalized", "UpgradeAbandoned");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final String OPENED = "upgrade-ledger stream after ";
    /** The SSE event the projection sends instead of more missed events than it replays. */
    static final String REPLAY_TRUNCATED = "replay-truncated";

    private final Ledger ledger;
    private final String clusterId;
    private final String upgradeId;
    private final Duration timeout;
    private final Duration silence;

    Follower(Ledger ledger, String clusterId, String upgradeId, Duration timeout) {
        this(ledger, clusterId, upgradeId, timeout, SILENCE);
    }

    Follower(Ledger ledger, String clusterId, String upgradeId, Duration timeout, Duration silence) {
        this.ledger = ledger;
        this.clusterId = clusterId;
        this.upgradeId = upgradeId;
        this.timeout = timeout;
        this.silence = silence;
    }

    /** The upgrade's progress now, every page of its steps; null when the projection does not know it (yet). */
    JsonNode progress() {
        return unlessUnknown(() -> Pages.upgrade(ledger.client(), progressPath()));
    }

    /** The last event of the upgrade the projection has applied, -1 when it knows none (one step's page read). */
    long lastSequence() {
        JsonNode progress = unlessUnknown(() -> ledger.client().get(Service.PROJECTION, progressPath() + "?limit=1")
                .body());
        return progress == null ? -1 : Json.number(progress, "/upgrade/lastSequence");
    }

    private String progressPath() {
        return "/api/v1/clusters/" + Paths.segment(clusterId) + "/upgrades/" + Paths.segment(upgradeId);
    }

    private static JsonNode unlessUnknown(Supplier<JsonNode> read) {
        try {
            return read.get();
        } catch (ProblemException e) {
            if (e.status() == 404 || e.status() == 503) {
                return null;
            }
            throw e;
        }
    }

    /**
     * Follows until the upgrade ends. Statuses are judged only once the projection has applied an event after
     * {@code afterSequence} (so a resume is not taken for the pause it ends); -1 judges from the first answer.
     */
    int follow(long afterSequence) throws InterruptedException {
        return follow(afterSequence, UpgradeView.DONE);
    }

    /** As {@link #follow(long)}, with the statuses that end it well (exit 0); every other end is exit 3. */
    int follow(long afterSequence, Set<String> successes) throws InterruptedException {
        Output output = ledger.output();
        Shown shown = new Shown(output.forPeople() ? output.out() : output.err());
        BlockingQueue<Item> items = new LinkedBlockingQueue<>();
        long started = System.nanoTime();
        String lastEventId = null;
        Reader reader = Reader.open(ledger.client(), streamPath(), null, items);
        Thread interrupted = leaveCleanlyOnCtrlC(reader);
        try {
            long heard = System.nanoTime();
            long endDeferredAt = 0;
            JsonNode progress = null;
            boolean opened = false;
            while (true) {
                Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
                if (timeout != null && elapsed.compareTo(timeout) > 0) {
                    return timedOut(progress);
                }
                if (endDeferredAt != 0
                        && Duration.ofNanos(System.nanoTime() - endDeferredAt).compareTo(ENDING_WAIT) > 0) {
                    Integer end = show(progress, afterSequence, successes, shown);
                    if (end != null) {
                        return end;
                    }
                    endDeferredAt = 0;
                }
                Item item = items.poll(200, TimeUnit.MILLISECONDS);
                if (item == null) {
                    if (Duration.ofNanos(System.nanoTime() - heard).compareTo(silence) > 0) {
                        output.note("the stream of " + clusterId + " was silent for " + silence.toSeconds()
                                + " s; opening it again");
                        reader.close();
                        reader = Reader.open(ledger.client(), streamPath(), lastEventId, items);
                        heard = System.nanoTime();
                    }
                    if (opened && progress == null) {
                        // Not known yet: the projection may lag behind command-api a little.
                        if (elapsed.compareTo(UNKNOWN_GRACE) > 0) {
                            throw notShown();
                        }
                        progress = progress();
                        Integer end = show(progress, afterSequence, successes, shown);
                        if (end != null) {
                            return end;
                        }
                    }
                    continue;
                }
                heard = System.nanoTime();
                if (item instanceof Item.Comment comment) {
                    if (comment.text().startsWith(OPENED) && lastEventId == null) {
                        lastEventId = comment.text().substring(OPENED.length()).trim();
                    }
                    if (!opened && comment.text().startsWith(OPENED)) {
                        // Subscribed before asking: what happens from now on comes on the stream.
                        opened = true;
                        progress = progress();
                        Integer end = show(progress, afterSequence, successes, shown);
                        if (end != null) {
                            return end;
                        }
                    }
                } else if (item instanceof Item.Event event) {
                    if (event.id() != null) {
                        lastEventId = event.id();
                    }
                    if (REPLAY_TRUNCATED.equals(event.type())) {
                        // more was missed than the projection replays: what it says is in the read models
                        output.note("the stream of " + clusterId + " skipped the events missed while disconnected;"
                                + " reading the upgrade's progress");
                        progress = progress();
                        Integer end = show(progress, afterSequence, successes, shown);
                        if (end != null) {
                            return end;
                        }
                        continue;
                    }
                    JsonNode data = event.data();
                    if (data == null || !upgradeId.equals(Json.text(data, "/event/upgradeId"))) {
                        continue;
                    }
                    if (output.format() == Output.Format.json) {
                        output.out().println(Json.MAPPER.writeValueAsString(data));
                        output.out().flush();
                    }
                    progress = progressAfter(event.type());
                    if (!ENDING_EVENTS.contains(event.type()) && ended(progress)
                            && data.at("/event/sequence").isNumber()
                            && Json.number(progress, "/upgrade/lastSequence") > Json.number(data, "/event/sequence")) {
                        // the read models already hold the events that ended it (committed with this one): they
                        // come next on the stream, so the end is shown with them, after every event was printed;
                        // if they do not come within ENDING_WAIT, the end is shown without them
                        endDeferredAt = System.nanoTime();
                        continue;
                    }
                    endDeferredAt = 0;
                    Integer end = show(progress, afterSequence, successes, shown);
                    if (end != null) {
                        return end;
                    }
                } else if (item instanceof Item.Closed closed) {
                    if (closed.reader() != reader) {
                        continue;
                    }
                    output.note("the stream of " + clusterId + " ended" + (closed.why() == null ? ""
                            : " (" + closed.why() + ")") + "; opening it again after event " + lastEventId);
                    Thread.sleep(RECONNECT_PAUSE.toMillis());
                    reader = Reader.open(ledger.client(), streamPath(), lastEventId, items);
                }
            }
        } finally {
            reader.close();
            try {
                Runtime.getRuntime().removeShutdownHook(interrupted);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running
            }
        }
    }

    private String streamPath() {
        return "/api/v1/clusters/" + Paths.segment(clusterId) + "/stream";
    }

    /**
     * The progress after an event of the upgrade: the stream sends an event once the read models that include it
     * are committed, so one read answers; after an ending event a few more reads cover a projection that serves
     * from more than one instance.
     */
    private JsonNode progressAfter(String eventType) throws InterruptedException {
        JsonNode progress = progress();
        for (int tries = 0; ENDING_EVENTS.contains(eventType) && tries < 25 && !ended(progress); tries++) {
            Thread.sleep(200);
            progress = progress();
        }
        return progress;
    }

    private static boolean ended(JsonNode progress) {
        String status = progress == null ? "" : Json.text(progress, "/upgrade/status");
        return UpgradeView.DONE.contains(status) || UpgradeView.STOPPED.contains(status);
    }

    /** Shows what changed; answers the exit code when the upgrade has ended, else null. */
    private Integer show(JsonNode progress, long afterSequence, Set<String> successes, Shown shown) {
        if (progress == null) {
            return null;
        }
        JsonNode upgrade = progress.path("upgrade");
        if (Json.number(upgrade, "/lastSequence") <= afterSequence) {
            return null;
        }
        String status = Json.text(upgrade, "/status");
        boolean end = UpgradeView.DONE.contains(status) || UpgradeView.STOPPED.contains(status)
                || successes.contains(status);
        // the stages that led to an end before the end; a new status before the stages it starts
        if (end) {
            shown.stages(progress);
            shown.status(status, upgrade);
            return ended(progress, status, successes);
        }
        shown.status(status, upgrade);
        shown.stages(progress);
        return null;
    }

    /** What was printed so far: a line per status, a bar per stage each time the stage advances. */
    private static final class Shown {

        private final PrintWriter lines;
        private final Map<String, String> stages = new HashMap<>();
        private String status;

        Shown(PrintWriter lines) {
            this.lines = lines;
        }

        void status(String now, JsonNode upgrade) {
            if (!now.equals(status)) {
                print(String.format("%-12s %s", now, UpgradeView.progressLine(upgrade)));
                status = now;
            }
        }

        void stages(JsonNode progress) {
            JsonNode plan = UpgradeView.currentPlan(progress);
            if (plan == null) {
                return;
            }
            for (JsonNode stage : plan.path("stages")) {
                UpgradeView.StageProgress stageProgress = UpgradeView.stageProgress(stage);
                if (stageProgress.untouched()) {
                    continue;
                }
                String key = Json.text(plan, "/plan") + "/" + Json.text(stage, "/index");
                String line = String.format("  stage %-3s %s %d/%d %-10s %s", Json.text(stage, "/index"),
                        Table.bar(stageProgress.done(), stageProgress.total(), 10), stageProgress.done(),
                        stageProgress.total(), stageProgress.status(), Json.text(stage, "/description"));
                if (!line.equals(stages.get(key))) {
                    stages.put(key, line);
                    print(line);
                }
            }
        }

        private void print(String line) {
            lines.println(LocalTime.now(ZoneOffset.UTC).format(CLOCK) + "  " + line);
            lines.flush();
        }
    }

    private ProblemException notShown() {
        return new ProblemException("projection", 404, Json.object()
                .put("type", "urn:upgrade-ledger:problem:upgrade-not-found")
                .put("detail", "the projection has not shown upgrade " + upgradeId + " of " + clusterId
                        + " within " + UNKNOWN_GRACE.toSeconds() + " s"), null);
    }

    private int timedOut(JsonNode progress) {
        Output output = ledger.output();
        output.note("gave up following after " + timeout.toSeconds() + " s; the upgrade goes on: ledger"
                + " upgrade get " + upgradeId + " --cluster " + clusterId + " --watch");
        if (!output.forPeople() && progress != null) {
            printLast(progress);
        }
        return ExitCodes.TIMED_OUT;
    }

    /** Ctrl-C: the stream is closed and the follower says how to pick up again; the JVM then exits with 130. */
    private Thread leaveCleanlyOnCtrlC(Reader reader) {
        Output output = ledger.output();
        Thread hook = new Thread(() -> {
            reader.close();
            output.note("stopped following " + upgradeId + "; the upgrade goes on: ledger upgrade get " + upgradeId
                    + " --cluster " + clusterId + " --watch");
        }, "ledger-follow-interrupted");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    private void printLast(JsonNode progress) {
        Output output = ledger.output();
        if (output.format() == Output.Format.json) {
            output.out().println(Json.MAPPER.writeValueAsString(progress));
            output.out().flush();
        } else {
            output.document(progress);
        }
    }

    private int ended(JsonNode progress, String status, Set<String> successes) {
        Output output = ledger.output();
        JsonNode upgrade = progress.path("upgrade");
        if (!output.forPeople()) {
            printLast(progress);
        }
        PrintWriter out = output.forPeople() ? output.out() : output.err();
        String took = Json.present(upgrade.at("/durations/totalMs"))
                ? " in " + Json.millis(upgrade, "/durations/totalMs") : "";
        if ("COMPLETED".equals(status)) {
            out.println("upgrade " + upgradeId + " COMPLETED" + took + "; " + clusterId
                    + " stays in its mixed-version window until: ledger upgrade finalize " + clusterId + " "
                    + upgradeId);
        } else if (successes.contains(status)) {
            out.println("upgrade " + upgradeId + " " + status + took);
        } else {
            out.println("upgrade " + upgradeId + " " + status
                    + (Json.present(upgrade.get("statusReason")) ? ": " + Json.text(upgrade, "/statusReason") : ""));
            if (Json.present(upgrade.at("/lastFailure/stepId"))) {
                out.println("  last failure: " + UpgradeView.failure(upgrade.path("lastFailure")));
            }
            out.println("  why:  ledger diagnose " + upgradeId + " --cluster " + clusterId);
            if ("PAUSED".equals(status)) {
                out.println("  then: ledger upgrade resume " + clusterId + " " + upgradeId + " --watch"
                        + "   (or rollback / abort)");
            }
        }
        out.flush();
        return successes.contains(status) ? ExitCodes.OK : ExitCodes.STOPPED;
    }

    /** What the reading thread hands over: a comment (heartbeats, the opening line), an event, or the end. */
    sealed interface Item {

        record Comment(String text) implements Item {
        }

        record Event(String id, String type, JsonNode data) implements Item {
        }

        record Closed(Reader reader, String why) implements Item {
        }
    }

    /** Reads one connection of the stream on a daemon thread, parsing its lines into {@link Item}s. */
    static final class Reader implements AutoCloseable {

        private final AtomicBoolean closed = new AtomicBoolean();
        private volatile Stream<String> lines;
        private volatile Thread thread;

        static Reader open(LedgerClient client, String path, String lastEventId, BlockingQueue<Item> items) {
            Reader reader = new Reader();
            reader.lines = client.stream(Service.PROJECTION, path, lastEventId);
            reader.thread = new Thread(() -> reader.read(items), "ledger-stream-reader");
            reader.thread.setDaemon(true);
            reader.thread.start();
            return reader;
        }

        private void read(BlockingQueue<Item> items) {
            String why = null;
            try {
                String id = null;
                String type = "message";
                StringBuilder data = new StringBuilder();
                for (String line : (Iterable<String>) lines::iterator) {
                    if (closed.get()) {
                        return;
                    }
                    if (line.isEmpty()) {
                        if (!data.isEmpty()) {
                            items.add(new Item.Event(id, type, parse(data.toString())));
                        }
                        type = "message";
                        data.setLength(0);
                    } else if (line.startsWith(":")) {
                        items.add(new Item.Comment(line.substring(1).trim()));
                    } else {
                        int colon = line.indexOf(':');
                        String field = colon < 0 ? line : line.substring(0, colon);
                        String value = colon < 0 ? "" : line.substring(colon + 1);
                        value = value.startsWith(" ") ? value.substring(1) : value;
                        switch (field) {
                            case "id" -> id = value;
                            case "event" -> type = value;
                            case "data" -> data.append(data.isEmpty() ? "" : "\n").append(value);
                            default -> { }
                        }
                    }
                }
            } catch (RuntimeException e) {
                why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
            if (!closed.get()) {
                items.add(new Item.Closed(this, why));
            }
        }

        private static JsonNode parse(String data) {
            try {
                return Json.MAPPER.readTree(data);
            } catch (RuntimeException e) {
                return null;
            }
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                Stream<String> open = lines;
                if (open != null) {
                    open.close();
                }
            }
        }
    }
}
