package dev.upgradeledger.executor.driver.simulated;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import dev.upgradeledger.executor.driver.ActionContext;
import dev.upgradeledger.executor.driver.ActionResult;
import dev.upgradeledger.executor.driver.EnvironmentParameters;
import dev.upgradeledger.executor.driver.NodeDriver;
import dev.upgradeledger.support.Digests;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Acts on the {@link SimulatedFleet}: each action takes the configured latency, then changes the simulated nodes for
 * real (a node's version, isolation, membership; a cluster's schema, workloads, exports), at most once per
 * idempotency key. Faults from the {@link FaultInjector} make an action fail, hang, or crash the executor right after
 * it acted and before its outcome is reported.
 */
@ConditionalOnBooleanProperty("ledger.executor.drivers.simulated.enabled")
@Component
@EnableConfigurationProperties(SimulatedDriverProperties.class)
public class SimulatedNodeDriver implements NodeDriver {

    private static final Logger log = LoggerFactory.getLogger(SimulatedNodeDriver.class);

    private final SimulatedFleet fleet;
    private final FaultInjector faults;
    private final SimulatedDriverProperties properties;

    SimulatedNodeDriver(SimulatedFleet fleet, FaultInjector faults, SimulatedDriverProperties properties) {
        this.fleet = fleet;
        this.faults = faults;
        this.properties = properties;
    }

    @Override
    public String name() {
        return SimulatedFleet.DRIVER;
    }

    @Override
    public ActionResult haltWorkloads(ActionContext context) {
        return act(context, c -> {
            fleet.setWorkloadsHalted(c.clusterId(), true);
            return ActionResult.succeeded();
        });
    }

    @Override
    public ActionResult resumeWorkloads(ActionContext context) {
        return act(context, c -> {
            fleet.setWorkloadsHalted(c.clusterId(), false);
            return ActionResult.succeeded();
        });
    }

    @Override
    public ActionResult exportState(ActionContext context) {
        return act(context, c -> {
            String checksum = fleet.stateChecksum(c.clusterId());
            fleet.setLastExport(c.clusterId(), checksum);
            return ActionResult.succeeded(Map.of("checksum", checksum, "dumpRef", "sim://" + c.idempotencyKey()));
        });
    }

    @Override
    public ActionResult importState(ActionContext context) {
        if (context.parameters().get("onNode") != null) {
            return act(context, this::importOnPeer);
        }
        return act(context, c -> {
            String from = c.parameters().getOrDefault("from", c.clusterId());
            String environments = c.parameters().get(EnvironmentParameters.ENVIRONMENTS);
            if (environments != null && !fleet.serverStopped(c.clusterId())) {
                return ActionResult.failed("server-running", "the server of " + c.clusterId() + " runs; stop it"
                        + " before its database is restored", false);
            }
            return fleet.lastExport(from)
                    .map(checksum -> {
                        if (environments != null) {
                            fleet.restoreEnvironments(c.clusterId(), environments);
                        }
                        return ActionResult.succeeded(Map.of("checksum", checksum));
                    })
                    .orElseGet(() -> ActionResult.failed("no-export", "cluster " + from + " has no export to import",
                            false));
        });
    }

    /**
     * IPFS disaster recovery, guide step 4: the dump named {@code parameters.dumpRef} imported on the stopped peer
     * {@code parameters.onNode}, refused unless it runs {@code parameters.version}, the version the export was taken on.
     * Answers the checksum of the dump as exported.
     */
    private ActionResult importOnPeer(ActionContext c) {
        String onNode = c.parameters().get("onNode");
        String exportedOn = c.parameters().get("version");
        return fleet.node(c.clusterId(), onNode).map(node -> {
            if (!fleet.stopped(c.clusterId(), onNode)) {
                return ActionResult.failed("peer-running", "peer " + onNode + " runs; the state is imported offline",
                        false);
            }
            if (exportedOn != null && !exportedOn.equals(node.version())) {
                return ActionResult.failed("import-on-export-version", "peer " + onNode + " runs " + node.version()
                        + " but the export was taken on " + exportedOn, false);
            }
            return fleet.exportedChecksum(c.parameters().getOrDefault("dumpRef", ""))
                    .map(checksum -> ActionResult.succeeded(Map.of("checksum", checksum)))
                    .orElseGet(() -> ActionResult.failed("no-export", "no dump " + c.parameters().get("dumpRef")
                            + " to import", false));
        }).orElseGet(() -> ActionResult.failed("unknown-node", "the simulated fleet has no node " + onNode
                + " in cluster " + c.clusterId(), false));
    }

    /**
     * IPFS disaster recovery: only a stopped peer is cleaned. With {@code parameters.version} it is set up afresh on
     * that version and stays stopped (guide step 3); without, it is cleaned out of the cluster (guide step 8).
     */
    @Override
    public ActionResult cleanPeer(ActionContext context) {
        return act(context, c -> fleet.node(c.clusterId(), c.node().id()).map(node -> {
            if (!node.removed() && !fleet.stopped(c.clusterId(), node.id())) {
                return ActionResult.failed("peer-running", "peer " + node.id() + " runs; stop it before cleaning it",
                        false);
            }
            String version = c.parameters().get("version");
            if (version != null) {
                fleet.setNode(c.clusterId(), node.id(), "version", version);
                return ActionResult.succeeded(Map.of("version", version));
            }
            fleet.setNode(c.clusterId(), node.id(), "removed", true);
            fleet.setNode(c.clusterId(), node.id(), "stopped", false);
            return ActionResult.succeeded();
        }).orElseGet(() -> missing(c)));
    }

    @Override
    public ActionResult migrateSchema(ActionContext context) {
        return act(context, c -> {
            if (Boolean.parseBoolean(c.parameters().get("stateFormatChange"))) {
                String onNode = c.parameters().get("onNode");
                List<String> running = onNode == null ? fleet.runningPeers(c.clusterId())
                        : fleet.stopped(c.clusterId(), onNode) ? List.of() : List.of(onNode);
                if (!running.isEmpty()) {
                    return ActionResult.failed("peer-running", "the state format is upgraded only with the peer"
                            + " offline; still running: " + String.join(", ", running), false);
                }
            }
            fleet.setSchemaVersion(c.clusterId(), c.parameters().get("schemaVersion"));
            return ActionResult.succeeded();
        });
    }

    @Override
    public ActionResult moveWorkloads(ActionContext context) {
        return act(context, c -> {
            fleet.addMovedGroup(c.clusterId(), c.parameters().getOrDefault("group", "default"));
            return ActionResult.succeeded();
        });
    }

    @Override
    public ActionResult removeDiscoveryGroup(ActionContext context) {
        return act(context, c -> {
            fleet.removeDiscoveryGroup(c.clusterId(), c.parameters().getOrDefault("group", "default"));
            return ActionResult.succeeded();
        });
    }

    @Override
    public ActionResult rollingRestart(ActionContext context) {
        return act(context, c -> {
            fleet.restart(c.clusterId());
            return ActionResult.succeeded(Map.of("discoveryGroups", String.join(",",
                    fleet.discoveryGroups(c.clusterId()))));
        });
    }

    /** Refused while the group is still configured on the cluster it moves from ({@code parameters.from}). */
    @Override
    public ActionResult addDiscoveryGroup(ActionContext context) {
        return act(context, c -> {
            String group = c.parameters().getOrDefault("group", "default");
            String from = c.parameters().get("from");
            if (from != null && !from.equals(c.clusterId()) && fleet.discoveryGroups(from).contains(group)) {
                return ActionResult.failed("group-still-configured", "group " + group + " is still configured on "
                        + from + "; remove it there first", false);
            }
            fleet.addDiscoveryGroup(c.clusterId(), group);
            return ActionResult.succeeded();
        });
    }

    @Override
    public ActionResult isolate(ActionContext context) {
        return onNode(context, "isolated", true);
    }

    @Override
    public ActionResult upgrade(ActionContext context) {
        return onNode(context, "version", context.parameters().get("version"));
    }

    @Override
    public ActionResult verify(ActionContext context) {
        return act(context, c -> fleet.node(c.clusterId(), c.node().id())
                .map(node -> fleet.stopped(c.clusterId(), node.id())
                        ? ActionResult.failed("node-stopped", "node " + node.id() + " is stopped", false)
                        : c.parameters().get("version") == null || c.parameters().get("version").equals(node.version())
                        ? ActionResult.succeeded(Map.of("version", node.version()))
                        : ActionResult.failed("version-mismatch", "node " + node.id() + " runs " + node.version()
                        + ", expected " + c.parameters().get("version"), false))
                .orElseGet(() -> missing(c)));
    }

    @Override
    public ActionResult reintegrate(ActionContext context) {
        return onNode(context, "isolated", false);
    }

    @Override
    public ActionResult removePeer(ActionContext context) {
        return onNode(context, "removed", true);
    }

    @Override
    public ActionResult rejoinPeer(ActionContext context) {
        return onNode(context, "removed", false);
    }

    @Override
    public ActionResult rollBack(ActionContext context) {
        return onNode(context, "version", context.parameters().get("version"));
    }

    /**
     * Applies the mission revisions since {@code previousVersion} on the manager: only once the manager runs a newer
     * version than that (the guide upgrades the manager first), else a failure for good.
     */
    @Override
    public ActionResult applyMissionRevisions(ActionContext context) {
        return act(context, c -> fleet.node(c.clusterId(), c.node().id())
                .map(node -> {
                    String previous = c.parameters().get("previousVersion");
                    if (previous == null || previous.equals(node.version())) {
                        return ActionResult.failed("manager-not-upgraded", "node " + node.id() + " still runs "
                                + node.version() + "; apply-mission-revisions " + previous + " needs the new manager"
                                + " installed first", false);
                    }
                    return ActionResult.succeeded(Map.of("missionRevisionsFrom", previous, "version", node.version()));
                })
                .orElseGet(() -> missing(c)));
    }

    @Override
    public ActionResult stopNode(ActionContext context) {
        return onNode(context, "stopped", true);
    }

    @Override
    public ActionResult startNode(ActionContext context) {
        return onNode(context, "stopped", false);
    }

    /**
     * The digest of the cluster's shared state as the running peer holds it. A {@link Fault.Mode#STATE_DIFFERS} fault
     * answers the digest of a partial copy instead (a rejoined peer that did not receive the whole state).
     */
    @Override
    public ActionResult checkState(ActionContext context) {
        return act(context, c -> fleet.node(c.clusterId(), c.node().id())
                .map(node -> {
                    if (node.removed() || fleet.stopped(c.clusterId(), node.id())) {
                        return ActionResult.failed("peer-not-running", "peer " + node.id() + " is "
                                + (node.removed() ? "not in the cluster" : "stopped") + "; its state cannot be read",
                                false);
                    }
                    return ActionResult.succeeded(Map.of("checksum", fleet.sharedStateChecksum(c.clusterId())));
                })
                .orElseGet(() -> missing(c)));
    }

    // ---- the Inmanta migration (a cluster is one orchestrator; its workload groups are its environments) ---------

    /** Step 1: the target's simulated nodes all run {@code parameters.version} and its server is up. */
    @Override
    public ActionResult verifyTarget(ActionContext context) {
        return act(context, c -> {
            String version = c.parameters().get("version");
            List<SimulatedFleet.SimulatedNode> nodes = fleet.nodes(c.clusterId());
            if (nodes.isEmpty()) {
                return ActionResult.failed("target-not-ready", "the simulated fleet has no orchestrator in cluster "
                        + c.clusterId(), false);
            }
            return nodes.stream().filter(node -> !node.version().equals(version)).findFirst()
                    .map(node -> ActionResult.failed("target-not-ready", "orchestrator " + node.id() + " of "
                            + c.clusterId() + " runs " + node.version() + ", not " + version, false))
                    .orElseGet(() -> fleet.serverStopped(c.clusterId())
                            ? ActionResult.failed("target-not-ready", "the server of " + c.clusterId()
                            + " is stopped", false)
                            : ActionResult.succeeded(Map.of("version", version)));
        });
    }

    @Override
    public ActionResult stopServer(ActionContext context) {
        return act(context, c -> {
            fleet.setServerStopped(c.clusterId(), true);
            return ActionResult.succeeded();
        });
    }

    @Override
    public ActionResult startServer(ActionContext context) {
        return act(context, c -> {
            fleet.setServerStopped(c.clusterId(), false);
            return ActionResult.succeeded();
        });
    }

    /** Step 9: every environment named is among those the restore brought, and none of them runs yet. */
    @Override
    public ActionResult checkEnvironments(ActionContext context) {
        return act(context, c -> {
            List<String> present = fleet.environments(c.clusterId());
            List<String> resumed = fleet.resumedEnvironments(c.clusterId());
            for (String environment : c.parameters().getOrDefault(EnvironmentParameters.ENVIRONMENTS, "")
                    .split(",")) {
                if (!present.contains(environment)) {
                    return ActionResult.failed("environment-missing", "environment " + environment
                            + " is not on " + c.clusterId() + " after the restore", false);
                }
                if (resumed.contains(environment)) {
                    return ActionResult.failed("environment-running", "environment " + environment + " on "
                            + c.clusterId() + " is running, not halted", false);
                }
            }
            return ActionResult.succeeded(Map.of("environments", String.join(",", present)));
        });
    }

    /** Step 10a: the compile of one environment, on a started server; answers when it finished. */
    @Override
    public ActionResult recompileEnvironment(ActionContext context) {
        return act(context, c -> {
            String environment = c.parameters().get(EnvironmentParameters.ENVIRONMENT);
            if (fleet.serverStopped(c.clusterId())) {
                return ActionResult.failed("server-stopped", "cannot compile environment " + environment + ": the"
                        + " server of " + c.clusterId() + " is stopped", true);
            }
            if (!fleet.environments(c.clusterId()).contains(environment)) {
                return ActionResult.failed("environment-missing", "environment " + environment + " is not on "
                        + c.clusterId(), false);
            }
            fleet.addEnvironment(c.clusterId(), "compiled_environments", environment);
            return ActionResult.succeeded(Map.of("compile", "succeeded"));
        });
    }

    /** Step 10b: resumes one environment, only after its compile succeeded (the guide's warning). */
    @Override
    public ActionResult resumeEnvironment(ActionContext context) {
        return act(context, c -> {
            String environment = c.parameters().get(EnvironmentParameters.ENVIRONMENT);
            if (!fleet.compiledEnvironments(c.clusterId()).contains(environment)) {
                return ActionResult.failed("not-compiled", "environment " + environment + " on " + c.clusterId()
                        + " has no successful compile; it is not resumed", false);
            }
            fleet.addEnvironment(c.clusterId(), "resumed_environments", environment);
            return ActionResult.succeeded();
        });
    }

    private static ActionResult injectedFailure(ActionContext context, Fault fault) {
        String environment = context.parameters().get(EnvironmentParameters.ENVIRONMENT);
        if (context.action() == dev.upgradeledger.events.StepAction.RECOMPILE_ENVIRONMENT) {
            return ActionResult.failed("compile-failed", "the compile of environment " + environment + " on "
                    + context.clusterId() + " failed (injected)", fault.retryable());
        }
        return ActionResult.failed("injected-failure", "simulated " + context.action()
                + (environment == null ? "" : " of environment " + environment) + " failed (injected)",
                fault.retryable());
    }

    private ActionResult onNode(ActionContext context, String column, Object value) {
        return act(context, c -> {
            if (fleet.node(c.clusterId(), c.node().id()).isEmpty()) {
                return missing(c);
            }
            fleet.setNode(c.clusterId(), c.node().id(), column, value);
            return ActionResult.succeeded();
        });
    }

    private ActionResult act(ActionContext context, Function<ActionContext, ActionResult> effect) {
        pause(properties.latency().toMillis());
        String nodeId = context.node() == null ? null : context.node().id();
        Fault fault = faults.take(context.clusterId(), nodeId, context.action(),
                context.parameters().get(EnvironmentParameters.ENVIRONMENT)).orElse(null);
        if (fault != null && fault.mode() == Fault.Mode.HANG) {
            log.info("Simulated {} on {} hangs (injected)", context.action(), nodeId);
            pause(Long.MAX_VALUE);
            return ActionResult.failed("interrupted", "the hanging action was interrupted", true);
        }
        if (fault != null && fault.mode() == Fault.Mode.DELAY) {
            log.info("Simulated {} on {} takes {} longer (injected)", context.action(), nodeId, fault.delay());
            if (!pause(fault.delay().toMillis())) {
                return ActionResult.failed("interrupted", "the slow action was interrupted before it acted", true);
            }
        }
        if (fault != null && fault.mode() == Fault.Mode.FAIL) {
            return fleet.apply(context, c -> injectedFailure(c, fault));
        }
        ActionResult result = fault != null && fault.mode() == Fault.Mode.STATE_DIFFERS
                ? fleet.apply(context, effect.andThen(SimulatedNodeDriver::partialCopy))
                : fleet.apply(context, effect);
        if (fault != null && fault.mode() == Fault.Mode.CRASH_AFTER_ACTING) {
            log.warn("Simulated crash after {} on {} (injected): halting the executor", context.action(), nodeId);
            Runtime.getRuntime().halt(137);
        }
        return result;
    }

    /** A STATE_DIFFERS fault: the checksum a successful action answers is that of a partial copy of the state. */
    private static ActionResult partialCopy(ActionResult result) {
        if (result instanceof ActionResult.Succeeded succeeded && succeeded.facts().containsKey("checksum")) {
            Map<String, String> facts = new java.util.TreeMap<>(succeeded.facts());
            facts.put("checksum", "sha256:" + Digests.sha256Hex(facts.get("checksum") + "|partial copy"));
            return ActionResult.succeeded(facts);
        }
        return result;
    }

    private static ActionResult missing(ActionContext context) {
        return ActionResult.failed("unknown-node", "the simulated fleet has no node " + context.node().id()
                + " in cluster " + context.clusterId(), false);
    }

    /** @return false if interrupted (the executor gave up on the action) */
    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
