package dev.upgradeledger.cli;

import dev.upgradeledger.cli.LedgerClient.Reply;
import dev.upgradeledger.cli.LedgerClient.Service;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code ledger fleet plan}: a fleet upgrade's plan (its dry run), wave by wave. */
@Command(name = "fleet", description = "Upgrade many clusters in waves (see docs/fleet.md).",
        subcommands = {FleetCommands.Plan.class, FleetRunCommands.Start.class, FleetRunCommands.Resume.class,
                FleetRunCommands.Abort.class, FleetRunCommands.Approve.class, FleetRunCommands.RollBack.class, FleetCommands.Get.class, FleetCommands.ListFleets.class})
final class FleetCommands {

    @Command(name = "plan", description = "Show a fleet upgrade's plan, recording nothing: every wave with its clusters,"
            + " each one's path and expected start, and the clusters skipped with the rule (the body of"
            + " POST /api/v1/fleet-upgrades/plans in a YAML or JSON file).")
    static final class Plan implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "YAML or JSON; - for stdin")
        String file;

        @Override
        public Integer call() {
            Ledger ledger = Ledger.of(spec);
            JsonNode body = ClusterCommands.readDocument(file);
            JsonNode plan = ledger.client().post(Service.COMMAND_API, "/api/v1/fleet-upgrades/plans", body).body();
            ledger.output().print(plan, out -> print(out, plan));
            return ExitCodes.OK;
        }

        static void print(PrintWriter out, JsonNode plan) {
            out.println(Json.text(plan, "/clusters") + " cluster(s) to " + Json.text(plan, "/targetVersion") + " in "
                    + plan.path("waves").size() + " wave(s), at most " + Json.text(plan, "/maxConcurrent")
                    + " at once; failure budget " + Json.text(plan, "/failureBudget/max") + " (tolerates "
                    + Json.text(plan, "/failureBudget/allowed") + "); expected end " + Json.time(plan, "/expectedEnd"));
            Table table = new Table("wave", "cluster", "current", "path", "window", "expected start");
            for (JsonNode wave : plan.path("waves")) {
                String name = Json.text(wave, "/index") + (wave.path("canary").asBoolean() ? " (canary)" : "");
                for (JsonNode cluster : wave.path("clusters")) {
                    StringBuilder path = new StringBuilder();
                    for (JsonNode version : cluster.path("path")) {
                        path.append(path.isEmpty() ? "" : " -> ").append(version.asString());
                    }
                    table.row(name, Json.text(cluster, "/clusterId"), Json.text(cluster, "/currentVersion"),
                            path.toString(), Json.text(cluster, "/window"), Json.time(cluster, "/expectedStart"));
                }
            }
            if (table.isEmpty()) {
                out.println("no cluster to upgrade");
            } else {
                table.print(out);
            }
            if (!plan.path("skipped").isEmpty()) {
                Table skipped = new Table("skipped", "current", "rule", "why", "way out");
                for (JsonNode cluster : plan.path("skipped")) {
                    skipped.row(Json.text(cluster, "/clusterId"), Json.text(cluster, "/currentVersion"),
                            Json.text(cluster, "/rule"), Json.text(cluster, "/detail"), Json.text(cluster, "/wayOut"));
                }
                skipped.print(out);
            }
        }
    }

    @Command(name = "get", description = "One fleet upgrade as the projection has it: status, current wave, failure"
            + " budget against the failures counted now, the last halt, every wave's clusters with their state and"
            + " their own upgrade's status, the skipped clusters; --diagnose adds why it stopped.")
    static final class Get implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FLEET_ID")
        String fleetId;

        @Option(names = "--diagnose", description = "also show the diagnosis: the clusters and failures that used the"
                + " budget, each with its own upgrade's last failure")
        boolean diagnose;

        @Override
        public Integer call() {
            Ledger ledger = Ledger.of(spec);
            String path = "/api/v1/fleet-upgrades/" + Paths.segment(fleetId);
            JsonNode fleet = ledger.client().get(Service.PROJECTION, path).body();
            JsonNode diagnosis = diagnose ? ledger.client().get(Service.PROJECTION, path + "/diagnosis").body() : null;
            JsonNode shown = fleet;
            if (diagnosis != null) {
                ObjectNode both = Json.object();
                both.set("fleet", fleet);
                both.set("diagnosis", diagnosis);
                shown = both;
            }
            ledger.output().print(shown, out -> {
                print(out, fleet);
                if (diagnosis != null) {
                    out.println(Json.text(diagnosis, "/summary"));
                    Table failures = new Table("cluster", "wave", "outcome", "reason", "step", "node", "error");
                    for (JsonNode failure : diagnosis.path("failures")) {
                        failures.row(Json.text(failure, "/clusterId"), Json.text(failure, "/wave"),
                                Json.text(failure, "/outcome"), Json.text(failure, "/reason"),
                                Json.text(failure, "/upgrade/lastFailure/stepId"),
                                Json.text(failure, "/upgrade/lastFailure/nodeId"),
                                Json.text(failure, "/upgrade/lastFailure/code"));
                    }
                    if (!failures.isEmpty()) {
                        failures.print(out);
                    }
                }
            });
            return ExitCodes.OK;
        }

        static void print(PrintWriter out, JsonNode fleet) {
            out.println("fleet upgrade " + Json.text(fleet, "/fleetId") + " to " + Json.text(fleet, "/targetVersion")
                    + ": " + Json.text(fleet, "/status") + ", wave " + Json.text(fleet, "/currentWave") + " of "
                    + Json.text(fleet, "/waveCount") + "; clusters " + Json.text(fleet, "/clusters/succeeded")
                    + " succeeded, " + Json.text(fleet, "/clusters/running") + " running, "
                    + Json.text(fleet, "/clusters/paused") + " paused, " + Json.text(fleet, "/clusters/failed")
                    + " failed, " + Json.text(fleet, "/clusters/pending") + " pending of "
                    + Json.text(fleet, "/clusters/total") + "; budget " + Json.text(fleet, "/failureBudget/used")
                    + " used of " + Json.text(fleet, "/failureBudget/allowed") + " tolerated");
            if (Json.present(fleet.path("halt")) && !Json.present(fleet.at("/halt/liftedAt"))) {
                out.println("halted in wave " + Json.text(fleet, "/halt/wave") + " (" + Json.text(fleet, "/halt/cause")
                        + ") at " + Json.time(fleet, "/halt/at") + ": " + Json.text(fleet, "/halt/detail"));
            }
            for (JsonNode wave : fleet.path("waves")) {
                if (Json.present(wave.path("approval")) && !Json.present(wave.at("/approval/approvedBy"))) {
                    out.println("waiting for approval of wave " + Json.text(wave, "/index") + " since "
                            + Json.time(wave, "/approval/requestedAt") + ": ledger fleet approve "
                            + Json.text(fleet, "/fleetId") + " --wave " + Json.text(wave, "/index")
                            + " --reason ...");
                }
                if (Json.present(wave.path("check"))) {
                    out.println("check after wave " + Json.text(wave, "/index") + ": " + (Json.present(
                            wave.at("/check/verdict")) ? Json.text(wave, "/check/verdict") + " at "
                            + Json.time(wave, "/check/checkedAt") + ": " + Json.text(wave, "/check/detail")
                            : "being evaluated since " + Json.time(wave, "/check/requestedAt")));
                }
                if (Json.present(wave.at("/approval/approvedBy"))) {
                    out.println("wave " + Json.text(wave, "/index") + " approved by "
                            + Json.text(wave, "/approval/approvedBy") + " at " + Json.time(wave, "/approval/approvedAt")
                            + ": " + Json.text(wave, "/approval/reason"));
                }
            }
            Table rollback = new Table("cluster", "rollback", "rule", "detail");
            for (JsonNode wave : fleet.path("waves")) {
                for (JsonNode cluster : wave.path("clusters")) {
                    if (Json.present(cluster.path("rollback"))) {
                        rollback.row(Json.text(cluster, "/clusterId"), Json.text(cluster, "/rollback/outcome"),
                                Json.text(cluster, "/rollback/rule"), Json.text(cluster, "/rollback/detail"));
                    }
                }
            }
            if (Json.present(fleet.path("eta"))) {
                JsonNode eta = fleet.path("eta");
                out.println("expected end " + Json.time(fleet, "/eta/expectedEnd") + " ("
                        + ("MEASURED".equals(Json.text(eta, "/basis")) ? "measured: " + Json.text(eta, "/stepTime")
                        + " a step over " + Json.text(eta, "/stepsMeasured") + " steps, " : "the plan's estimate, ")
                        + Json.text(eta, "/clusterTime") + " a cluster)"
                        + (Json.present(eta.path("note")) ? "; " + Json.text(eta, "/note") : ""));
            }
            Table table = new Table("wave", "cluster", "state", "reason", "path", "upgrade status", "version",
                    "expected start", "expected end");
            for (JsonNode wave : fleet.path("waves")) {
                String name = Json.text(wave, "/index") + (wave.path("canary").asBoolean() ? " (canary)" : "") + " "
                        + Json.text(wave, "/status");
                for (JsonNode cluster : wave.path("clusters")) {
                    StringBuilder path = new StringBuilder();
                    for (JsonNode version : cluster.path("path")) {
                        path.append(path.isEmpty() ? "" : " -> ").append(version.asString());
                    }
                    table.row(name, Json.text(cluster, "/clusterId"), Json.text(cluster, "/state"),
                            Json.text(cluster, "/reason"), path.toString(), Json.text(cluster, "/upgrade/status"),
                            Json.text(cluster, "/upgrade/version"), Json.time(cluster, "/expectedStart"),
                            Json.time(cluster, "/expectedEnd"));
                }
            }
            table.print(out);
            if (!rollback.isEmpty()) {
                out.println("rollback:");
                rollback.print(out);
            }
            if (!fleet.path("skipped").isEmpty()) {
                Table skipped = new Table("skipped", "current", "rule", "why");
                for (JsonNode cluster : fleet.path("skipped")) {
                    skipped.row(Json.text(cluster, "/clusterId"), Json.text(cluster, "/currentVersion"),
                            Json.text(cluster, "/rule"), Json.text(cluster, "/detail"));
                }
                skipped.print(out);
            }
        }
    }

    @Command(name = "list", description = "Fleet upgrades by id, as the projection has them, filtered and paged.")
    static final class ListFleets implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--product", description = "only fleet upgrades of this product")
        String product;

        @Option(names = "--status", description = "RUNNING, HALTED, ABORTED or COMPLETED")
        String status;

        @Option(names = "--cluster", paramLabel = "CLUSTER", description = "only fleet upgrades that took this cluster")
        String clusterId;

        @Option(names = "--limit", description = "page size (1-500, default 100)")
        Integer limit;

        @Option(names = "--after", description = "the page after this fleet id")
        String after;

        @Override
        public Integer call() {
            Ledger ledger = Ledger.of(spec);
            Reply reply = ledger.client().get(Service.PROJECTION, new Paths.Query().add("product", product)
                    .add("status", status).add("clusterId", clusterId).add("limit", limit).add("after", after)
                    .of("/api/v1/fleet-upgrades"));
            JsonNode page = reply.body();
            ledger.output().print(page, out -> {
                Table table = new Table("fleet", "product", "target", "status", "wave", "clusters", "succeeded",
                        "failed", "budget used", "started");
                for (JsonNode fleet : page.path("fleets")) {
                    table.row(Json.text(fleet, "/fleetId"), Json.text(fleet, "/product"),
                            Json.text(fleet, "/targetVersion"), Json.text(fleet, "/status"),
                            Json.text(fleet, "/currentWave") + "/" + Json.text(fleet, "/waveCount"),
                            Json.text(fleet, "/clusters/total"), Json.text(fleet, "/clusters/succeeded"),
                            Json.text(fleet, "/clusters/failed"), Json.text(fleet, "/failureBudget/used") + "/"
                                    + Json.text(fleet, "/failureBudget/allowed"), Json.time(fleet, "/startedAt"));
                }
                if (table.isEmpty()) {
                    out.println("no fleet upgrades");
                } else {
                    table.print(out);
                }
            });
            String next = reply.header("X-Next-After");
            if (next != null) {
                ledger.output().note("more: --after " + next);
            }
            return ExitCodes.OK;
        }
    }
}
