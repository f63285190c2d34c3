package dev.upgradeledger.cli;

import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code ledger state CLUSTER --at|--ago|--sequence}: time travel. */
@Command(name = "state", aliases = "as-of", description = "A cluster as it was at a past moment or after a"
        + " given event of its history, rebuilt from its events.")
final class StateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "CLUSTER")
    String clusterId;

    @ArgGroup(exclusive = true, multiplicity = "1")
    AsOf asOf;

    static final class AsOf {

        @Option(names = "--at", paramLabel = "INSTANT", description = "an instant, ISO-8601 (2026-12-06T08:00:00Z)")
        String at;

        @Option(names = "--ago", paramLabel = "DURATION", description = "this long before now: 10m, 2h, 1d")
        String ago;

        @Option(names = "--sequence", paramLabel = "N", description = "right after event N of its history")
        Long sequence;
    }

    @Override
    public Integer call() {
        Ledger ledger = Ledger.of(spec);
        String at = asOf.at;
        if (asOf.ago != null) {
            at = Instant.now().minus(Durations.parse("--ago", asOf.ago)).toString();
        }
        String instant = at;
        // every node: the pages of a large cluster's nodes, each after the previous one's next
        JsonNode answer = Pages.state(ledger.client(), after -> new Paths.Query().add("at", instant)
                .add("sequence", asOf.sequence).add("after", after).add("limit", Pages.LIMIT)
                .of("/api/v1/clusters/" + Paths.segment(clusterId) + "/state"));
        ledger.output().print(answer, out -> {
            JsonNode state = answer.path("state");
            new Table.Fields()
                    .add("Cluster", Json.text(state, "/clusterId") + " (" + Json.text(state, "/product") + ")")
                    .add("As of", Json.present(answer.at("/asOf/at")) ? Json.time(answer, "/asOf/at")
                            : "event #" + Json.text(answer, "/asOf/sequence"))
                    .add("Last event", "#" + Json.text(state, "/lastSequence") + " "
                            + Json.text(state, "/lastEventType") + " at " + Json.time(state, "/lastEventAt"))
                    .add("Version", Json.text(state, "/version") + " (nodes on "
                            + ClusterCommands.versions(state) + ")")
                    .add("Schema", Json.text(state, "/schemaVersion"))
                    .add("Upgrade", Json.present(state.at("/upgrade/upgradeId"))
                            ? Json.text(state, "/upgrade/upgradeId") + " " + Json.text(state, "/upgrade/status")
                            + " " + Json.text(state, "/upgrade/fromVersion") + " -> "
                            + Json.text(state, "/upgrade/targetVersion") : "none")
                    .add("Mixed-version window", state.path("mixedVersionWindow").asBoolean() ? "yes" : "no")
                    .print(out);
            out.println();
            Table nodes = new Table("node", "group", "address", "version", "state");
            for (JsonNode node : state.path("nodes")) {
                nodes.row(Json.text(node, "/nodeId"), Json.text(node, "/group"), Json.text(node, "/address"),
                        Json.text(node, "/version"), Json.text(node, "/state"));
            }
            nodes.print(out);
            JsonNode running = state.at("/upgrade/runningSteps");
            if (running.isArray() && !running.isEmpty()) {
                out.println();
                Table steps = new Table("running step", "action", "node", "attempt", "started", "deadline");
                for (JsonNode step : running) {
                    steps.row(Json.text(step, "/stepId"), Json.text(step, "/action"), Json.text(step, "/nodeId"),
                            Json.text(step, "/attempt"), Json.time(step, "/startedAt"), Json.time(step, "/deadline"));
                }
                steps.print(out);
            }
        });
        return ExitCodes.OK;
    }
}
