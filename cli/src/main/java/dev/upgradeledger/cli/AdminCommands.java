package dev.upgradeledger.cli;

import dev.upgradeledger.cli.LedgerClient.Service;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code ledger admin ...}: the projection's snapshots, recovery, rebuilds and checksum. */
@Command(name = "admin", description = "The read models' snapshots, recovery, rebuilds and checksum (projection"
        + " admin API).",
        subcommands = {AdminCommands.Snapshot.class, AdminCommands.Snapshots.class, AdminCommands.Recover.class,
                AdminCommands.Rebuild.class, AdminCommands.Rebuilds.class, AdminCommands.Checksum.class})
final class AdminCommands {

    enum Mode { FULL, SIDE_BY_SIDE }

    enum Source { KAFKA, EVENT_STORE }

    @Command(name = "snapshot", description = "Take a snapshot of the read models now.")
    static final class Snapshot implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return show(spec, Ledger.of(spec).client().post(Service.PROJECTION, "/admin/v1/snapshots", null).body());
        }
    }

    @Command(name = "snapshots", description = "The snapshots kept, newest first.")
    static final class Snapshots implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return show(spec, Ledger.of(spec).client().get(Service.PROJECTION, "/admin/v1/snapshots").body());
        }
    }

    @Command(name = "recover", description = "Recover the read models from the latest good snapshot (or the one"
            + " named), then replay what follows it.")
    static final class Recover implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--snapshot", paramLabel = "ID", description = "this snapshot, not the latest good one")
        String snapshotId;

        @Override
        public Integer call() {
            return show(spec, Ledger.of(spec).client().post(Service.PROJECTION,
                    new Paths.Query().add("snapshotId", snapshotId).of("/admin/v1/recovery"), null).body());
        }
    }

    @Command(name = "rebuild", description = "Rebuild the read models from the events (FULL or SIDE_BY_SIDE).")
    static final class Rebuild implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--mode", defaultValue = "SIDE_BY_SIDE", description = "FULL or SIDE_BY_SIDE (default)")
        Mode mode;

        @Option(names = "--source", defaultValue = "KAFKA", description = "KAFKA (default) or EVENT_STORE (FULL)")
        Source source;

        @Override
        public Integer call() {
            ObjectNode body = Json.object().put("mode", mode.name()).put("source", source.name());
            return show(spec, Ledger.of(spec).client().post(Service.PROJECTION, "/admin/v1/rebuilds", body).body());
        }
    }

    @Command(name = "rebuilds", description = "The rebuilds since the projection started, or one of them.")
    static final class Rebuilds implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(arity = "0..1", paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            return show(spec, Ledger.of(spec).client().get(Service.PROJECTION,
                    id == null ? "/admin/v1/rebuilds" : "/admin/v1/rebuilds/" + Paths.segment(id)).body());
        }
    }

    @Command(name = "checksum", description = "The read models' checksum per table and overall, and their lag.")
    static final class Checksum implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return show(spec, Ledger.of(spec).client().get(Service.PROJECTION, "/admin/v1/checksum").body());
        }
    }

    /** These answers are reports: people get their scalar fields, one per line (nested ones as compact JSON). */
    private static int show(CommandSpec spec, JsonNode answer) {
        Ledger.of(spec).output().print(answer, out -> fields(out, answer));
        return ExitCodes.OK;
    }

    static void fields(PrintWriter out, JsonNode answer) {
        if (answer == null) {
            out.println("done");
            return;
        }
        if (answer.isArray()) {
            if (answer.isEmpty()) {
                out.println("none");
            }
            for (JsonNode item : answer) {
                fields(out, item);
                out.println();
            }
            return;
        }
        Table.Fields fields = new Table.Fields();
        for (Map.Entry<String, JsonNode> field : answer.properties()) {
            fields.add(field.getKey(), brief(field.getValue()));
        }
        fields.print(out);
    }

    /** A value for a person: a list of objects as their names (tables: their names), or their count; -o json has all. */
    static String brief(JsonNode value) {
        if (value == null || !value.isArray() || value.isEmpty() || !value.get(0).isObject()) {
            return Json.text(value);
        }
        java.util.List<String> names = new java.util.ArrayList<>();
        for (JsonNode item : value) {
            if (item.path("name").isString()) {
                names.add(item.path("name").asString());
            }
        }
        if (names.size() == value.size()) {
            return String.join(", ", names);
        }
        return value.size() == 1 ? Json.text(value.get(0)) : value.size() + " entries (-o json shows them)";
    }
}
