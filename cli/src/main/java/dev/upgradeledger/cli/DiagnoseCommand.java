package dev.upgradeledger.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code ledger diagnose UPGRADE}: why an upgrade failed, from its recorded history. */
@Command(name = "diagnose", description = "Why an upgrade failed: the failing step and attempt, the error, the"
        + " causal chain from the request, the last good state.")
final class DiagnoseCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "UPGRADE")
    String upgradeId;

    @Option(names = "--cluster", paramLabel = "CLUSTER", description = "needed when several clusters used the id")
    String clusterId;

    @Option(names = "--chain-limit", paramLabel = "N", description = "events of a long causal chain to show")
    Integer chainLimit;

    @Override
    public Integer call() {
        Ledger ledger = Ledger.of(spec);
        // every step and failed attempt: the pages of a large upgrade's lists, each after the previous one's next
        JsonNode diagnosis = Pages.diagnosis(ledger.client(), after -> new Paths.Query().add("clusterId", clusterId)
                .add("chainLimit", chainLimit).add("after", after).add("limit", Pages.LIMIT)
                .of("/api/v1/upgrades/" + Paths.segment(upgradeId) + "/diagnosis"));
        ledger.output().print(diagnosis, out -> {
            Table.Fields fields = new Table.Fields()
                    .add("Upgrade", Json.text(diagnosis, "/upgradeId") + " on " + Json.text(diagnosis, "/clusterId")
                            + ": " + Json.text(diagnosis, "/request/fromVersion") + " -> "
                            + Json.text(diagnosis, "/request/targetVersion") + " "
                            + Json.text(diagnosis, "/request/strategy"))
                    .add("Status", Json.text(diagnosis, "/status"))
                    .add("Failed", diagnosis.path("failed").asBoolean() ? "yes" : "no")
                    .add("Summary", Json.text(diagnosis, "/summary"));
            JsonNode failure = diagnosis.path("failure");
            if (Json.present(failure)) {
                fields.add("Failure", Json.text(failure, "/kind") + " at event #" + Json.text(failure, "/sequence")
                                + " (" + Json.time(failure, "/at") + ")")
                        .add("Step", Json.text(failure, "/stepId") + " " + Json.text(failure, "/action") + " on "
                                + Json.text(failure, "/nodeId") + ", attempt " + Json.text(failure, "/attempt")
                                + " of " + Json.text(failure, "/maxAttempts"))
                        .add("Error", Json.text(failure, "/code") + ": " + Json.text(failure, "/message")
                                + (failure.path("retryable").asBoolean() ? " (retryable)" : " (not retryable)"))
                        .add("Consequence", Json.text(failure, "/consequence"));
            }
            if (Json.present(diagnosis.get("rejection"))) {
                fields.add("Rejected", Json.text(diagnosis, "/rejection/rule") + ": "
                        + Json.text(diagnosis, "/rejection/reason"));
            }
            if (Json.present(diagnosis.at("/lastGoodState/definition"))) {
                fields.add("Last good state", "event #" + Json.text(diagnosis, "/lastGoodState/sequence") + ", "
                        + Json.text(diagnosis, "/lastGoodState/definition") + " (ledger state "
                        + Json.text(diagnosis, "/clusterId") + " --sequence "
                        + Json.text(diagnosis, "/lastGoodState/sequence") + ")");
            }
            fields.print(out);
            JsonNode failedAttempts = diagnosis.path("failedAttempts");
            if (failedAttempts.isArray() && !failedAttempts.isEmpty()) {
                out.println();
                out.println("Failed attempts:");
                Table table = new Table("seq", "time", "step", "action", "node", "attempt", "outcome", "error",
                        "retry");
                for (JsonNode attempt : failedAttempts) {
                    table.row(Json.text(attempt, "/sequence"), Json.time(attempt, "/at"),
                            Json.text(attempt, "/stepId"), Json.text(attempt, "/action"),
                            Json.text(attempt, "/nodeId"), Json.text(attempt, "/attempt"),
                            Json.text(attempt, "/outcome"), Json.text(attempt, "/code") + ": "
                                    + Json.text(attempt, "/message"),
                            attempt.path("willRetry").asBoolean() ? "yes" : "no");
                }
                table.print(out);
            }
            JsonNode chain = diagnosis.path("causalChain");
            if (chain.isArray() && !chain.isEmpty()) {
                out.println();
                out.println("Causal chain (" + Json.text(diagnosis, "/causalChainLength") + " events):");
                Table table = new Table("seq", "time", "event", "actor", "link", "what");
                for (JsonNode link : chain) {
                    table.row(Json.text(link, "/sequence"), Json.time(link, "/at"), Json.text(link, "/eventType"),
                            Json.text(link, "/actor"), Json.text(link, "/link"), Json.text(link, "/description"));
                }
                table.print(out);
            }
        });
        return ExitCodes.OK;
    }
}
