package dev.upgradeledger.cli;

import dev.upgradeledger.cli.LedgerClient.Reply;
import dev.upgradeledger.cli.LedgerClient.Service;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code ledger upgrade plan|start|get|list|pause|resume|abort|rollback|finalize}. */
@Command(name = "upgrade", aliases = "upgrades", description = "Plan, start, follow and steer upgrades.",
        subcommands = {UpgradeCommands.Plan.class, UpgradeCommands.Start.class, UpgradeCommands.Get.class,
                UpgradeCommands.ListUpgrades.class, UpgradeCommands.Pause.class, UpgradeCommands.Resume.class,
                UpgradeCommands.Abort.class, UpgradeCommands.Rollback.class, UpgradeCommands.Finalize.class,
                UpgradeCommands.Abandon.class})
final class UpgradeCommands {

    enum Strategy { ROLLING, OFFLINE, REJOIN, MIGRATION, LIVE_MOVE, RESTORE }

    enum SchemaChange { NONE, ADDITIVE, DESTRUCTIVE }

    enum FailureMode { PAUSE, QUARANTINE }

    /** The body of {@code POST /api/v1/clusters/{id}/upgrades}, as options. */
    static final class RequestOptions {

        @Option(names = "--to", required = true, paramLabel = "VERSION", description = "the target version")
        String targetVersion;

        @Option(names = "--strategy", required = true, description = "ROLLING, OFFLINE, REJOIN, MIGRATION, LIVE_MOVE or RESTORE")
        Strategy strategy;

        @Option(names = "--max-unavailable", paramLabel = "N|N%", description = "ROLLING: nodes at a time, 2 or 33%")
        String maxUnavailable;

        @Option(names = "--schema-change", description = "NONE, ADDITIVE or DESTRUCTIVE")
        SchemaChange schemaChange;

        @Option(names = "--target-schema", paramLabel = "VERSION", description = "the schema version to migrate to")
        String targetSchemaVersion;

        @Option(names = "--state-format-change", description = "the state format changes (REJOIN, OFFLINE)")
        boolean stateFormatChange;

        @Option(names = "--by-group", description = "ROLLING: one node group at a time")
        boolean byGroup;

        @Option(names = "--target-cluster", paramLabel = "CLUSTER", description = "MIGRATION, LIVE_MOVE: the cluster to move to")
        String targetClusterId;
        @Option(names = "--restore-from", paramLabel = "UPGRADE",
                description = "RESTORE: the upgrade whose recorded state export is restored (default: the last one)")
        String restoreFrom;

        @Option(names = "--failure-policy", description = "PAUSE (default) or QUARANTINE")
        FailureMode failurePolicy;

        @Option(names = "--max-failed-percent", paramLabel = "PERCENT", description = "QUARANTINE: nodes that may"
                + " fail before the upgrade pauses")
        Integer maxFailedPercent;

        @Option(names = "--follow-path", description = "go through the allowed intermediate versions, hop by hop")
        boolean followPath;

        @Option(names = "--max-attempts", paramLabel = "N", description = "attempts per step, 1-10 (default 3)")
        Integer maxAttempts;

        @Option(names = "--step-timeout", paramLabel = "DURATION", description = "30s, 10m or ISO-8601 (default 10m)")
        String stepTimeout;

        ObjectNode body(String upgradeId, boolean dryRun) {
            ObjectNode body = Json.object();
            if (upgradeId != null) {
                body.put("upgradeId", upgradeId);
            }
            body.put("targetVersion", targetVersion).put("strategy", strategy.name());
            putIfSet(body, "maxUnavailable", maxUnavailable);
            putIfSet(body, "schemaChange", schemaChange == null ? null : schemaChange.name());
            putIfSet(body, "targetSchemaVersion", targetSchemaVersion);
            putIfSet(body, "targetClusterId", targetClusterId);
            putIfSet(body, "restoreFrom", restoreFrom);
            putIfSet(body, "stepTimeout", stepTimeout);
            if (stateFormatChange) {
                body.put("stateFormatChange", true);
            }
            if (byGroup) {
                body.put("byGroup", true);
            }
            if (followPath) {
                body.put("followPath", true);
            }
            if (maxAttempts != null) {
                body.put("maxAttempts", maxAttempts);
            }
            if (failurePolicy != null || maxFailedPercent != null) {
                ObjectNode policy = body.putObject("failurePolicy");
                policy.put("mode", (failurePolicy == null ? FailureMode.QUARANTINE : failurePolicy).name());
                if (maxFailedPercent != null) {
                    policy.put("maxFailedPercent", maxFailedPercent);
                }
            }
            if (dryRun) {
                body.put("dryRun", true);
            }
            return body;
        }

        private static void putIfSet(ObjectNode body, String field, String value) {
            if (value != null) {
                body.put(field, value);
            }
        }
    }

    /** {@code --watch}: follow on the live stream, for how long. */
    static final class WatchOptions {

        @Option(names = {"-w", "--watch"}, description = "follow the upgrade on the projection's live stream until it"
                + " completes, pauses or fails (-o json: its events as JSON lines)")
        boolean watch;

        @Option(names = "--silence", paramLabel = "DURATION", defaultValue = "45s",
                description = "open the stream again (from the last event seen) when nothing, not even a heartbeat,"
                        + " came for this long (default ${DEFAULT-VALUE})")
        String silence;

        @Option(names = "--timeout", paramLabel = "DURATION",
                description = "stop following after this long (exit 5); default: until it ends or Ctrl-C")
        String timeout;

        Follower follower(Ledger ledger, String clusterId, String upgradeId) {
            return new Follower(ledger, clusterId, upgradeId,
                    timeout == null ? null : Durations.parse("--timeout", timeout),
                    Durations.parse("--silence", silence));
        }
    }

    @Command(name = "plan", description = "What an upgrade would do, as stages, without recording anything (a dry"
            + " run); exit 2 with the rule and the allowed path when the ledger would refuse it.")
    static final class Plan implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "CLUSTER")
        String clusterId;

        @Mixin
        RequestOptions request;

        @Option(names = "--stages", paramLabel = "N", description = "show up to N stages of the plan (0-100000;"
                + " default: the ledger's, 1000)")
        Integer stages;

        @Override
        public Integer call() {
            Ledger ledger = Ledger.of(spec);
            Reply reply = ledger.client().post(Service.COMMAND_API,
                    new Paths.Query().add("stageLimit", stages).of(upgradesPath(clusterId)), request.body(null, true));
            ledger.output().print(reply.body(), out -> {
                out.println("Plan for " + clusterId + " -> " + request.targetVersion + " (" + request.strategy
                        + "); nothing was recorded");
                UpgradeView.printPlan(out, reply.body());
            });
            return ExitCodes.OK;
        }
    }

    @Command(name = "start", description = "Request an upgrade; it starts at once and the executor runs it to the"
            + " end. With --watch, follow it.")
    static final class Start implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "CLUSTER")
        String clusterId;

        @Option(names = "--id", paramLabel = "UPGRADE", description = "the upgrade id (generated when left out)")
        String upgradeId;

        @Option(names = "--idempotency-key", paramLabel = "KEY", description = "a repeat with this key changes nothing")
        String idempotencyKey;

        @Mixin
        RequestOptions request;

        @Mixin
        WatchOptions watch;

        @Override
        public Integer call() throws InterruptedException {
            Ledger ledger = Ledger.of(spec);
            Map<String, String> headers = new HashMap<>();
            if (idempotencyKey != null) {
                headers.put("Idempotency-Key", idempotencyKey);
            }
            Reply reply = ledger.client().post(Service.COMMAND_API, upgradesPath(clusterId),
                    request.body(upgradeId, false), headers);
            String id = Json.text(reply.body(), "/upgradeId");
            if (!watch.watch || ledger.output().forPeople()) {
                ledger.output().print(reply.body(), out -> {
                    out.println("upgrade " + id + " started on " + clusterId + " -> " + request.targetVersion
                            + ("true".equals(reply.header("Idempotent-Replayed")) ? " (a repeat: nothing changed)"
                            : ""));
                    UpgradeView.printPlan(out, reply.body().path("decision"));
                    if (!watch.watch) {
                        out.println("follow it: ledger upgrade get " + id + " --cluster " + clusterId + " --watch");
                    }
                });
            }
            return watch.watch ? watch.follower(ledger, clusterId, id).follow(-1) : ExitCodes.OK;
        }
    }

    @Command(name = "get", aliases = "status", description = "One upgrade's progress: status, counts, a bar per"
            + " stage. With --watch, follow it until it ends.")
    static final class Get implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "UPGRADE")
        String upgradeId;

        @Option(names = "--cluster", paramLabel = "CLUSTER", description = "needed when several clusters used the id")
        String clusterId;

        @Mixin
        WatchOptions watch;

        @Override
        public Integer call() throws InterruptedException {
            Ledger ledger = Ledger.of(spec);
            if (watch.watch && clusterId != null) {
                return watch.follower(ledger, clusterId, upgradeId).follow(-1);
            }
            String path = clusterId == null ? "/api/v1/upgrades/" + Paths.segment(upgradeId)
                    : "/api/v1/clusters/" + Paths.segment(clusterId) + "/upgrades/" + Paths.segment(upgradeId);
            if (watch.watch) {
                JsonNode progress = ledger.client().get(Service.PROJECTION, path + "?limit=1").body();
                return watch.follower(ledger, Json.text(progress, "/upgrade/clusterId"), upgradeId).follow(-1);
            }
            JsonNode progress = Pages.upgrade(ledger.client(), path);
            ledger.output().print(progress, out -> UpgradeView.printProgress(out, progress));
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", aliases = "ls", description = "A cluster's upgrades, newest first (refused requests"
            + " too).")
    static final class ListUpgrades implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "CLUSTER")
        String clusterId;

        @Option(names = "--status", description = "only upgrades in this status")
        String status;

        @Option(names = "--limit", description = "page size, 1-500 (default 50)")
        Integer limit;

        @Option(names = "--after", description = "the next page (the previous page's next)")
        String after;

        @Override
        public Integer call() {
            Ledger ledger = Ledger.of(spec);
            JsonNode page = ledger.client().get(Service.PROJECTION, new Paths.Query().add("status", status)
                    .add("limit", limit).add("after", after).of(upgradesPath(clusterId))).body();
            ledger.output().print(page, out -> {
                Table table = new Table("upgrade", "strategy", "from", "to", "status", "steps", "requested",
                        "by", "reason");
                for (JsonNode upgrade : page.path("upgrades")) {
                    table.row(Json.text(upgrade, "/upgradeId"), Json.text(upgrade, "/strategy"),
                            Json.text(upgrade, "/fromVersion"), Json.text(upgrade, "/targetVersion"),
                            Json.text(upgrade, "/status"), Json.number(upgrade, "/counts/steps/succeeded") + "/"
                                    + Json.number(upgrade, "/counts/steps/total"),
                            Json.time(upgrade, "/timestamps/requestedAt"), Json.text(upgrade, "/requestedBy"),
                            Json.text(upgrade, "/statusReason"));
                }
                if (table.isEmpty()) {
                    out.println("no upgrades");
                } else {
                    table.print(out);
                }
            });
            if (Json.present(page.get("next"))) {
                ledger.output().note("more: --after " + Json.text(page, "/next"));
            }
            return ExitCodes.OK;
        }
    }

    /** The two ids every operator command names. */
    static final class Target {

        @Parameters(index = "0", paramLabel = "CLUSTER")
        String clusterId;

        @Parameters(index = "1", paramLabel = "UPGRADE")
        String upgradeId;
    }

    /** Sends an operator command; with a watch, follows the upgrade from the event the command caused. */
    abstract static class Operate implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        Target target;

        abstract String action();

        String reason() {
            return null;
        }

        WatchOptions watch() {
            return null;
        }

        /** The statuses that end a followed upgrade well (exit 0). */
        java.util.Set<String> successes() {
            return UpgradeView.DONE;
        }

        @Override
        public Integer call() throws InterruptedException {
            Ledger ledger = Ledger.of(spec);
            WatchOptions watch = watch();
            boolean following = watch != null && watch.watch;
            Follower follower = following ? watch.follower(ledger, target.clusterId, target.upgradeId) : null;
            long before = following ? follower.lastSequence() : -1;
            ObjectNode body = reason() == null ? null : Json.object().put("reason", reason());
            Reply reply = ledger.client().post(Service.COMMAND_API, upgradesPath(target.clusterId) + "/"
                    + Paths.segment(target.upgradeId) + "/" + action(), body);
            if (!following || ledger.output().forPeople()) {
                ledger.output().print(reply.body(), out -> out.println("upgrade " + target.upgradeId + " on "
                        + target.clusterId + ": " + Json.text(reply.body(), "/status")));
            }
            return following ? follower.follow(before, successes()) : ExitCodes.OK;
        }
    }

    @Command(name = "pause", description = "Stop starting steps; running steps finish.")
    static final class Pause extends Operate {

        @Option(names = "--reason", description = "recorded with the pause")
        String reason;

        @Override
        String action() {
            return "pause";
        }

        @Override
        String reason() {
            return reason;
        }
    }

    @Command(name = "resume", description = "Go on after a pause; failed steps get a new attempt.")
    static final class Resume extends Operate {

        @Mixin
        WatchOptions watch;

        @Override
        String action() {
            return "resume";
        }

        @Override
        WatchOptions watch() {
            return watch;
        }
    }

    @Command(name = "abort", description = "Give the upgrade up; nodes stay where they are.")
    static final class Abort extends Operate {

        @Option(names = "--reason", description = "recorded with the abort")
        String reason;

        @Override
        String action() {
            return "abort";
        }

        @Override
        String reason() {
            return reason;
        }
    }

    @Command(name = "rollback", description = "Return the upgraded nodes to the old version.")
    static final class Rollback extends Operate {

        @Option(names = "--reason", description = "recorded with the rollback")
        String reason;

        @Mixin
        WatchOptions watch;

        @Override
        String action() {
            return "rollback";
        }

        @Override
        String reason() {
            return reason;
        }

        @Override
        WatchOptions watch() {
            return watch;
        }

        @Override
        java.util.Set<String> successes() {
            return java.util.Set.of("ROLLED_BACK");
        }
    }

    @Command(name = "finalize", description = "End the mixed-version window of a completed upgrade.")
    static final class Finalize extends Operate {

        @Override
        String action() {
            return "finalize";
        }
    }

    @Command(name = "abandon", description = "Give up finalizing a completed upgrade, so that the next one may start"
            + " (the nodes keep the versions they run).")
    static final class Abandon extends Operate {

        @Option(names = "--reason", description = "recorded with the abandon")
        String reason;

        @Override
        String action() {
            return "abandon";
        }

        @Override
        String reason() {
            return reason;
        }
    }

    static String upgradesPath(String clusterId) {
        return "/api/v1/clusters/" + Paths.segment(clusterId) + "/upgrades";
    }
}
