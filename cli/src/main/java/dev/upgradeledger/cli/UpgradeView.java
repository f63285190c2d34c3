package dev.upgradeledger.cli;

import java.io.PrintWriter;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** How an upgrade is shown to people: its plan as stages, its progress with a bar per stage. */
final class UpgradeView {

    /** Statuses after which nothing more happens unless an operator acts. */
    static final Set<String> DONE = Set.of("COMPLETED", "FINALIZED");
    static final Set<String> STOPPED = Set.of("PAUSED", "FAILED", "ABORTED", "ROLLED_BACK", "REJECTED");

    private UpgradeView() {
    }

    /**
     * A command-api decision (dry run or accepted): every hop with its stages and their steps. A large plan is
     * answered with its first stages only ({@code planComplete} false): the hop's line gives the whole plan's counts
     * and a line after the table says how many stages were shown.
     */
    static void printPlan(PrintWriter out, JsonNode decision) {
        int hop = 0;
        for (JsonNode plan : decision.path("hops")) {
            hop++;
            int shownStages = plan.at("/plan/stages").size();
            int shownSteps = 0;
            for (JsonNode stage : plan.at("/plan/stages")) {
                shownSteps += stage.has("nodes") ? stage.path("nodes").size() : stage.path("steps").size();
            }
            int stages = plan.path("stageCount").asInt(shownStages);
            out.println("Hop " + hop + ": " + Json.text(plan, "/from") + " -> " + Json.text(plan, "/to")
                    + " (schema " + Json.text(plan, "/toSchema") + "), " + stages + " stages, "
                    + plan.path("stepCount").asInt(shownSteps) + " steps");
            Table table = new Table("stage", "description", "steps");
            for (JsonNode stage : plan.at("/plan/stages")) {
                StringBuilder what = new StringBuilder();
                if (stage.has("nodes")) {
                    // a large stage of one action, answered as its node ids (see the limits in configuration.md)
                    what.append(Json.text(stage, "/action")).append(" on ").append(stage.path("nodes").size())
                            .append(" nodes");
                }
                for (JsonNode step : stage.path("steps")) {
                    if (!what.isEmpty()) {
                        what.append(", ");
                    }
                    what.append(Json.text(step, "/action"));
                    if (Json.present(step.get("nodeId"))) {
                        what.append(' ').append(Json.text(step, "/nodeId"));
                    }
                }
                table.row(Json.text(stage, "/index"), Json.text(stage, "/description"), what);
            }
            table.print(out);
            if (shownStages < stages) {
                out.println("(the first " + shownStages + " of " + stages + " stages shown)");
            }
        }
    }

    /** The projection's view of an upgrade: summary, then each stage of the current plan with its bar. */
    static void printProgress(PrintWriter out, JsonNode progress) {
        JsonNode upgrade = progress.path("upgrade");
        Table.Fields fields = new Table.Fields()
                .add("Upgrade", Json.text(upgrade, "/upgradeId") + " on " + Json.text(upgrade, "/clusterId"))
                .add("Status", Json.text(upgrade, "/status") + reason(upgrade))
                .add("Strategy", Json.text(upgrade, "/strategy") + " " + Json.text(upgrade, "/fromVersion") + " -> "
                        + Json.text(upgrade, "/targetVersion"))
                .add("Progress", progressLine(upgrade))
                .add("Requested", Json.time(upgrade, "/timestamps/requestedAt") + " by "
                        + Json.text(upgrade, "/requestedBy"));
        if (Json.present(upgrade.at("/lastFailure/stepId"))) {
            fields.add("Last failure", failure(upgrade.path("lastFailure")));
        }
        if (Json.present(upgrade.at("/durations/totalMs"))) {
            fields.add("Took", Json.millis(upgrade, "/durations/totalMs") + " (paused "
                    + Json.millis(upgrade, "/durations/pausedMs") + ")");
        }
        fields.print(out);
        JsonNode plan = currentPlan(progress);
        if (plan == null) {
            return;
        }
        out.println();
        out.println("Plan " + Json.text(plan, "/plan") + " (" + Json.text(plan, "/kind") + " "
                + Json.text(plan, "/fromVersion") + " -> " + Json.text(plan, "/toVersion") + ")");
        Table stages = new Table("stage", "description", "progress", "steps", "status");
        for (JsonNode stage : plan.path("stages")) {
            StageProgress counted = stageProgress(stage);
            stages.row(Json.text(stage, "/index"), Json.text(stage, "/description"),
                    Table.bar(counted.done(), counted.total(), 10), counted.done() + "/" + counted.total(),
                    counted.status());
        }
        stages.print(out);
    }

    /** A stage's steps: how many are done (succeeded or skipped) of how many, and the stage's status. */
    record StageProgress(int done, int total, String status) {

        /** Nothing has happened to it yet. */
        boolean untouched() {
            return done == 0 && "PENDING".equals(status);
        }
    }

    /** SUCCEEDED when every step is done, else the worst status among the steps not done (PENDING first). */
    static StageProgress stageProgress(JsonNode stage) {
        int total = stage.path("steps").size();
        int done = 0;
        String status = "PENDING";
        for (JsonNode step : stage.path("steps")) {
            String stepStatus = Json.text(step, "/status");
            if (Set.of("SUCCEEDED", "SKIPPED").contains(stepStatus)) {
                done++;
            } else {
                status = worse(status, stepStatus);
            }
        }
        if (done == total && total > 0) {
            status = "SUCCEEDED";
        } else if (done > 0 && "PENDING".equals(status)) {
            status = "RUNNING";
        }
        return new StageProgress(done, total, status);
    }

    /** One line of a followed upgrade: status, stage and batch, a bar of the steps, nodes done. */
    static String progressLine(JsonNode upgrade) {
        long total = Json.number(upgrade, "/counts/steps/total");
        long done = Json.number(upgrade, "/counts/steps/succeeded") + Json.number(upgrade, "/counts/steps/skipped");
        StringBuilder line = new StringBuilder();
        line.append(Table.bar(done, total, 20)).append(' ').append(done).append('/').append(total).append(" steps");
        line.append(", nodes ").append(Json.number(upgrade, "/counts/nodes/upgraded")).append('/')
                .append(Json.number(upgrade, "/counts/nodes/total"));
        if (Json.number(upgrade, "/counts/nodes/quarantined") > 0) {
            line.append(" (").append(Json.number(upgrade, "/counts/nodes/quarantined")).append(" quarantined)");
        }
        if (Json.present(upgrade.at("/current/stage"))) {
            line.append(", stage ").append(Json.text(upgrade, "/current/stage")).append(": ")
                    .append(Json.text(upgrade, "/current/stageDescription"));
        }
        return line.toString();
    }

    static String failure(JsonNode failure) {
        return Json.text(failure, "/stepId") + " " + Json.text(failure, "/action") + " on "
                + Json.text(failure, "/nodeId") + " attempt " + Json.text(failure, "/attempt") + ": "
                + Json.text(failure, "/code") + ": " + Json.text(failure, "/message")
                + (failure.path("willRetry").asBoolean() ? " (will retry)" : "");
    }

    private static String reason(JsonNode upgrade) {
        return Json.present(upgrade.get("statusReason")) ? " (" + Json.text(upgrade, "/statusReason") + ")" : "";
    }

    /** The plan the upgrade runs now (the rollback's, once rolling back), or the last one. */
    static JsonNode currentPlan(JsonNode progress) {
        String current = Json.text(progress, "/upgrade/current/plan");
        JsonNode last = null;
        for (JsonNode plan : progress.path("plans")) {
            last = plan;
            if (current.equals(Json.text(plan, "/plan"))) {
                return plan;
            }
        }
        return last;
    }

    private static final java.util.List<String> SEVERITY = java.util.List.of("PENDING", "CANCELLED", "RUNNING",
            "RETRYING", "TIMED_OUT", "FAILED");

    private static String worse(String a, String b) {
        return SEVERITY.indexOf(b) > SEVERITY.indexOf(a) ? b : a;
    }
}
