package dev.upgradeledger.cli;

import dev.upgradeledger.cli.LedgerClient.Service;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code ledger fleet start|resume|abort}: running a fleet upgrade (see docs/fleet.md). */
final class FleetRunCommands {

    private FleetRunCommands() {
    }

    @Command(name = "start", description = "Record a fleet upgrade and start it (the body of POST /api/v1/fleet-upgrades:"
            + " a plan's body in a YAML or JSON file); prints its id and its waves.")
    static final class Start implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "YAML or JSON; - for stdin")
        String file;

        @Option(names = "--id", paramLabel = "FLEET_ID", description = "the fleet upgrade's id (default: the file's"
                + " fleetId, else generated)")
        String fleetId;

        @Override
        public Integer call() {
            Ledger ledger = Ledger.of(spec);
            JsonNode body = ClusterCommands.readDocument(file);
            if (fleetId != null && body instanceof ObjectNode object) {
                object.put("fleetId", fleetId);
            }
            JsonNode answer = ledger.client().post(Service.COMMAND_API, "/api/v1/fleet-upgrades", body).body();
            ledger.output().print(answer, out -> {
                out.println("fleet upgrade " + Json.text(answer, "/fleetId") + " started");
                FleetCommands.Plan.print(out, answer.path("plan"));
            });
            return ExitCodes.OK;
        }
    }

    @Command(name = "resume", description = "Lift a fleet upgrade's halt: its failed clusters no longer count, its"
            + " paused ones are resumed.")
    static final class Resume implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FLEET_ID")
        String fleetId;

        @Override
        public Integer call() {
            return operate(spec, fleetId, "resume", null);
        }
    }

    @Command(name = "abort", description = "End a fleet upgrade: nothing more starts, its running clusters' upgrades"
            + " are aborted.")
    static final class Abort implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FLEET_ID")
        String fleetId;

        @Option(names = "--reason", description = "recorded with the abort")
        String reason;

        @Override
        public Integer call() {
            return operate(spec, fleetId, "abort", reason);
        }
    }

    private static int operate(CommandSpec spec, String fleetId, String action, String reason) {
        Ledger ledger = Ledger.of(spec);
        ObjectNode body = reason == null ? null : Json.object().put("reason", reason);
        JsonNode answer = ledger.client().post(Service.COMMAND_API, "/api/v1/fleet-upgrades/"
                + Paths.segment(fleetId) + "/" + action, body).body();
        ledger.output().print(answer, out -> out.println("fleet upgrade " + fleetId + ": " + action + " recorded"));
        return ExitCodes.OK;
    }
}
