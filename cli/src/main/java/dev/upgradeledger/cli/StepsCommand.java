package dev.upgradeledger.cli;

import dev.upgradeledger.cli.LedgerClient.Service;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code ledger steps CLUSTER}: what the executor performed. */
@Command(name = "steps", description = "Every step attempt the executor accepted for a cluster: driver calls and"
        + " the outcomes it reported.")
final class StepsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "CLUSTER")
    String clusterId;

    @Option(names = "--upgrade", paramLabel = "UPGRADE", description = "only this upgrade's steps")
    String upgradeId;

    @Override
    public Integer call() {
        Ledger ledger = Ledger.of(spec);
        JsonNode steps = ledger.client().get(Service.EXECUTOR,
                new Paths.Query().add("clusterId", clusterId).of("/api/v1/steps")).body();
        JsonNode shown = steps;
        if (upgradeId != null) {
            shown = Json.MAPPER.createArrayNode();
            for (JsonNode step : steps) {
                if (upgradeId.equals(Json.text(step, "/upgradeId"))) {
                    ((tools.jackson.databind.node.ArrayNode) shown).add(step);
                }
            }
        }
        JsonNode result = shown;
        ledger.output().print(result, out -> {
            Table table = new Table("upgrade", "step", "attempt", "action", "node", "driver", "status", "outcome",
                    "started", "finished", "performs");
            for (JsonNode step : result) {
                table.row(Json.text(step, "/upgradeId"), Json.text(step, "/stepId"), Json.text(step, "/attempt"),
                        Json.text(step, "/action"), Json.text(step, "/nodeId"), Json.text(step, "/driver"),
                        Json.text(step, "/status"), outcome(Json.text(step, "/outcome")),
                        Json.time(step, "/startedAt"), Json.time(step, "/finishedAt"), Json.text(step, "/performs"));
            }
            if (table.isEmpty()) {
                out.println("no steps");
            } else {
                table.print(out);
            }
        });
        return ExitCodes.OK;
    }

    /** The executor stores the outcome as JSON text: show its kind and, for a failure, its code. */
    private static String outcome(String text) {
        if ("-".equals(text) || !text.startsWith("{")) {
            return text;
        }
        JsonNode outcome = Json.MAPPER.readTree(text);
        String kind = Json.text(outcome, "/outcome");
        return Json.present(outcome.get("code")) ? kind + " " + Json.text(outcome, "/code") : kind;
    }
}
