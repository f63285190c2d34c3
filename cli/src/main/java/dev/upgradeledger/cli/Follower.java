package dev.upgradeledger.cli;

import dev.upgradeledger.cli.LedgerClient.Service;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Follows one upgrade on the projection until it ends: a line each time its progress changes, then why it ended and
 * what to do next. The answer is the exit code: 0 completed or finalized, 3 stopped short, 5 the time-out passed.
 */
final class Follower {

    /** How long an upgrade may be unknown to the projection after it was requested (the projection lags a little). */
    private static final Duration UNKNOWN_GRACE = Duration.ofSeconds(30);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Ledger ledger;
    private final String clusterId;
    private final String upgradeId;
    private final Duration interval;
    private final Duration timeout;

    Follower(Ledger ledger, String clusterId, String upgradeId, Duration interval, Duration timeout) {
        this.ledger = ledger;
        this.clusterId = clusterId;
        this.upgradeId = upgradeId;
        this.interval = interval;
        this.timeout = timeout;
    }

    /** The upgrade's progress now, null when the projection does not know it (yet). */
    JsonNode progress() {
        try {
            return ledger.client().get(Service.PROJECTION, "/api/v1/clusters/" + Paths.segment(clusterId)
                    + "/upgrades/" + Paths.segment(upgradeId)).body();
        } catch (ProblemException e) {
            if (e.status() == 404 || e.status() == 503) {
                return null;
            }
            throw e;
        }
    }

    /** The last event of the upgrade the projection has applied, -1 when it knows none. */
    long lastSequence() {
        JsonNode progress = progress();
        return progress == null ? -1 : Json.number(progress, "/upgrade/lastSequence");
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
        PrintWriter lines = output.forPeople() ? output.out() : output.err();
        long started = System.nanoTime();
        String shown = null;
        JsonNode progress = null;
        while (true) {
            progress = progress();
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            if (progress == null && elapsed.compareTo(UNKNOWN_GRACE) > 0) {
                throw new ProblemException("projection", 404, Json.object()
                        .put("type", "urn:upgrade-ledger:problem:upgrade-not-found")
                        .put("detail", "the projection has not shown upgrade " + upgradeId + " of " + clusterId
                                + " within " + UNKNOWN_GRACE.toSeconds() + " s"), null);
            }
            if (progress != null) {
                JsonNode upgrade = progress.path("upgrade");
                String status = Json.text(upgrade, "/status");
                String line = String.format("%-12s %s", status, UpgradeView.progressLine(upgrade));
                boolean fresh = Json.number(upgrade, "/lastSequence") > afterSequence;
                if (fresh && !line.equals(shown)) {
                    lines.println(LocalTime.now(ZoneOffset.UTC).format(CLOCK) + "  " + line);
                    lines.flush();
                    shown = line;
                }
                if (fresh && (UpgradeView.DONE.contains(status) || UpgradeView.STOPPED.contains(status)
                        || successes.contains(status))) {
                    return ended(progress, status, successes);
                }
            }
            if (timeout != null && elapsed.compareTo(timeout) > 0) {
                output.note("gave up following after " + timeout.toSeconds() + " s; the upgrade goes on: ledger"
                        + " upgrade get " + upgradeId + " --cluster " + clusterId + " --watch");
                if (!output.forPeople() && progress != null) {
                    output.document(progress);
                }
                return ExitCodes.TIMED_OUT;
            }
            Thread.sleep(interval.toMillis());
        }
    }

    private int ended(JsonNode progress, String status, Set<String> successes) {
        Output output = ledger.output();
        JsonNode upgrade = progress.path("upgrade");
        if (!output.forPeople()) {
            output.document(progress);
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
}
