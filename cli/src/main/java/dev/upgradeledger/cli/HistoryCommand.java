package dev.upgradeledger.cli;

import dev.upgradeledger.cli.LedgerClient.Service;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code ledger history CLUSTER}: the cluster's events in order, filtered and paged. */
@Command(name = "history", description = "A cluster's recorded events in order: who did what, when, and why.")
final class HistoryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "CLUSTER")
    String clusterId;

    @Option(names = "--type", paramLabel = "EVENT", description = "only these event types (repeatable),"
            + " e.g. StepFailed")
    List<String> types;

    @Option(names = "--upgrade", paramLabel = "UPGRADE", description = "only this upgrade's events")
    String upgradeId;

    @Option(names = "--node", paramLabel = "NODE", description = "only this node's events")
    String nodeId;

    @Option(names = "--by", paramLabel = "ACTOR", description = "only events caused by this actor")
    String actorFilter;

    @Option(names = "--from", paramLabel = "INSTANT", description = "from this time (ISO-8601)")
    String from;

    @Option(names = "--to", paramLabel = "INSTANT", description = "before this time (ISO-8601)")
    String to;

    @Option(names = "--limit", description = "events per page, 1-500 (default 100)")
    Integer limit;

    @Option(names = "--after", description = "the next page (the previous page's next)")
    String after;

    @Option(names = "--all", description = "every page, not only the first")
    boolean all;

    @Override
    public Integer call() {
        Ledger ledger = Ledger.of(spec);
        String next = after;
        ObjectNode merged = null;
        do {
            JsonNode page = ledger.client().get(Service.PROJECTION, new Paths.Query().addAll("type", types)
                    .add("upgradeId", upgradeId).add("nodeId", nodeId).add("actor", actorFilter).add("from", from)
                    .add("to", to).add("limit", limit).add("after", next)
                    .of("/api/v1/clusters/" + Paths.segment(clusterId) + "/history")).body();
            if (merged == null) {
                merged = (ObjectNode) page;
            } else {
                ((ArrayNode) merged.get("events")).addAll((ArrayNode) page.get("events"));
            }
            next = Json.present(page.get("next")) ? page.get("next").asString() : null;
            merged.put("next", next);
        } while (all && next != null);
        JsonNode history = merged;
        ledger.output().print(history, out -> {
            Table table = new Table("seq", "time", "event", "actor", "upgrade", "step", "node");
            for (JsonNode event : history.path("events")) {
                table.row(Json.text(event, "/sequence"), Json.time(event, "/occurredAt"),
                        Json.text(event, "/eventType"), Json.text(event, "/actor"), Json.text(event, "/upgradeId"),
                        Json.text(event, "/stepId"), Json.text(event, "/nodeId"));
            }
            if (table.isEmpty()) {
                out.println("no events");
            } else {
                table.print(out);
            }
        });
        if (next != null) {
            ledger.output().note("more: --after " + next + " (or --all)");
        }
        return ExitCodes.OK;
    }
}
