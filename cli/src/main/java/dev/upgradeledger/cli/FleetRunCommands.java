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

/** {@code ledger fleet start|resume|abort|approve|rollback}: running a fleet upgrade (see docs/fleet.md). */
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

    @Command(name = "rollback", description = "Roll a fleet upgrade back: nothing more starts, and each cluster it"
            + " upgraded or is upgrading is asked to roll back (where its strategy allows it; refusals are recorded"
            + " with their rule: see ledger fleet get).")
    static final class RollBack implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FLEET_ID")
        String fleetId;

        @Option(names = "--reason", description = "recorded with the rollback")
        String reason;

        @Override
        public Integer call() {
            return operate(spec, fleetId, "rollback", reason);
        }
    }

    @Command(name = "approve", description = "Approve the start of a fleet upgrade's next wave (a fleet started with"
            + " gates.approval waits for it after each wave); you are recorded as the approver.")
    static final class Approve implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FLEET_ID")
        String fleetId;

        @Option(names = "--wave", required = true, paramLabel = "N", description = "the wave approved (1 is the first"
                + " after the canary)")
        int wave;

        @Option(names = "--reason", required = true, description = "why it may go on (recorded with the approval)")
        String reason;

        @Override
        public Integer call() {
            Ledger ledger = Ledger.of(spec);
            ObjectNode body = Json.object().put("wave", wave).put("reason", reason);
            JsonNode answer = ledger.client().post(Service.COMMAND_API, "/api/v1/fleet-upgrades/"
                    + Paths.segment(fleetId) + "/approvals", body).body();
            ledger.output().print(answer, out -> out.println("fleet upgrade " + fleetId + ": wave " + wave
                    + " approved"));
            return ExitCodes.OK;
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
