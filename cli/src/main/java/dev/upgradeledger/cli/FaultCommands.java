package dev.upgradeledger.cli;

import dev.upgradeledger.cli.LedgerClient.Service;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code ledger fault add|list|clear}: the simulated fleet's fault injection, for drills and demos. */
@Command(name = "fault", aliases = "faults", description = "Inject faults into the simulated fleet (the executor's"
        + " default driver), for drills.",
        subcommands = {FaultCommands.Add.class, FaultCommands.ListFaults.class, FaultCommands.Clear.class})
final class FaultCommands {

    enum Mode { FAIL, HANG, CRASH_AFTER_ACTING, DELAY, STATE_DIFFERS }

    @Command(name = "add", description = "Make a node's next step(s) of one action fail, hang, crash or lag.")
    static final class Add implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--cluster", required = true, paramLabel = "CLUSTER")
        String clusterId;

        @Option(names = "--node", required = true, paramLabel = "NODE")
        String nodeId;

        @Option(names = "--action", required = true, paramLabel = "ACTION",
                description = "the step action, e.g. VERIFY_NODE, UPGRADE_NODE, MIGRATE_SCHEMA")
        String action;

        @Option(names = "--mode", defaultValue = "FAIL", description = "FAIL (default), HANG, CRASH_AFTER_ACTING,"
                + " DELAY, STATE_DIFFERS (CHECK_STATE answers a partial copy's checksum)")
        Mode mode;

        @Option(names = "--times", defaultValue = "1", description = "how many attempts it hits (default 1)")
        int times;

        @Option(names = "--retryable", description = "a FAIL the ledger may retry (default: not retryable)")
        boolean retryable;

        @Option(names = "--delay", paramLabel = "DURATION", description = "DELAY: how long, e.g. 15s")
        String delay;

        @Override
        public Integer call() {
            Ledger ledger = Ledger.of(spec);
            ObjectNode body = Json.object().put("clusterId", clusterId).put("nodeId", nodeId).put("action", action)
                    .put("mode", mode.name()).put("times", times).put("retryable", retryable);
            if (delay != null) {
                body.put("delay", delay);
            }
            JsonNode fault = ledger.client().post(Service.EXECUTOR, "/api/v1/simulated/faults", body).body();
            ledger.output().print(fault, out -> out.println("fault added: " + mode + " " + action + " on "
                    + clusterId + "/" + nodeId + " x" + times + (retryable ? " (retryable)" : "")));
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", aliases = "ls", description = "The faults still armed.")
    static final class ListFaults implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Ledger ledger = Ledger.of(spec);
            JsonNode faults = ledger.client().get(Service.EXECUTOR, "/api/v1/simulated/faults").body();
            ledger.output().print(faults, out -> {
                Table table = new Table("cluster", "node", "action", "mode", "times", "retryable", "delay");
                for (JsonNode fault : faults) {
                    table.row(Json.text(fault, "/clusterId"), Json.text(fault, "/nodeId"),
                            Json.text(fault, "/action"), Json.text(fault, "/mode"), Json.text(fault, "/times"),
                            Json.text(fault, "/retryable"), Json.text(fault, "/delay"));
                }
                if (table.isEmpty()) {
                    out.println("no faults");
                } else {
                    table.print(out);
                }
            });
            return ExitCodes.OK;
        }
    }

    @Command(name = "clear", description = "Remove every fault.")
    static final class Clear implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Ledger.of(spec).client().delete(Service.EXECUTOR, "/api/v1/simulated/faults");
            Ledger.of(spec).output().print(Json.object().put("cleared", true), out -> out.println("faults cleared"));
            return ExitCodes.OK;
        }
    }
}
