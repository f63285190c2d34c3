package dev.upgradeledger.cli;

import dev.upgradeledger.cli.LedgerClient.Service;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code ledger fleet plan}: a fleet upgrade's plan (its dry run), wave by wave. */
@Command(name = "fleet", description = "Upgrade many clusters in waves (see docs/fleet.md).",
        subcommands = {FleetCommands.Plan.class, FleetRunCommands.Start.class, FleetRunCommands.Resume.class,
                FleetRunCommands.Abort.class})
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
}
