package dev.upgradeledger.executor.driver.simulated;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import dev.upgradeledger.executor.driver.ActionContext;
import dev.upgradeledger.executor.driver.ActionResult;
import dev.upgradeledger.executor.driver.NodeDriver;
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
        return act(context, c -> {
            String from = c.parameters().getOrDefault("from", c.clusterId());
            return fleet.lastExport(from)
                    .map(checksum -> ActionResult.succeeded(Map.of("checksum", checksum)))
                    .orElseGet(() -> ActionResult.failed("no-export", "cluster " + from + " has no export to import",
                            false));
        });
    }

    @Override
    public ActionResult migrateSchema(ActionContext context) {
        return act(context, c -> {
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
                .map(node -> c.parameters().get("version") == null || c.parameters().get("version").equals(node.version())
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
        Fault fault = faults.take(context.clusterId(), nodeId, context.action()).orElse(null);
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
            return fleet.apply(context, c -> ActionResult.failed("injected-failure", "simulated " + c.action()
                    + " failed (injected)", fault.retryable()));
        }
        ActionResult result = fleet.apply(context, effect);
        if (fault != null && fault.mode() == Fault.Mode.CRASH_AFTER_ACTING) {
            log.warn("Simulated crash after {} on {} (injected): halting the executor", context.action(), nodeId);
            Runtime.getRuntime().halt(137);
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
