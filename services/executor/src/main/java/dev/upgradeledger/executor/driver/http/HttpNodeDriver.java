package dev.upgradeledger.executor.driver.http;

import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.executor.driver.ActionContext;
import dev.upgradeledger.executor.driver.ActionResult;
import dev.upgradeledger.executor.driver.NodeDriver;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code http} driver: performs every action by calling the node agent over HTTP, as the package documentation
 * describes. Only addresses on the allow-list are called.
 */
@Component
public class HttpNodeDriver implements NodeDriver {

    /** The path of an action on an agent, followed by the action's lower-case, hyphenated name. */
    public static final String ACTIONS_PATH = "/ledger-agent/v1/actions/";

    private static final Logger log = LoggerFactory.getLogger(HttpNodeDriver.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpDriverProperties properties;
    private final AddressAllowList allowList;
    private final AgentToken token;
    private final HttpClient http;

    @Autowired
    public HttpNodeDriver(HttpDriverProperties properties) {
        this(properties, System::getenv);
    }

    /** @param environment looks up the environment variable named by {@code tokenEnv} */
    HttpNodeDriver(HttpDriverProperties properties, Function<String, String> environment) {
        this.properties = properties;
        this.allowList = AddressAllowList.of(properties.allowedAddresses());
        this.token = new AgentToken(properties.tokenEnv(), properties.tokenFile(), environment);
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(properties.connectTimeout())
                .build();
    }

    /** The agent's name of an action: {@code UPGRADE_NODE} is {@code upgrade-node}. */
    public static String pathName(StepAction action) {
        return action.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public String name() {
        return "http";
    }

    @Override
    public ActionResult haltWorkloads(ActionContext context) {
        return call(StepAction.HALT_WORKLOADS, context);
    }

    @Override
    public ActionResult resumeWorkloads(ActionContext context) {
        return call(StepAction.RESUME_WORKLOADS, context);
    }

    @Override
    public ActionResult exportState(ActionContext context) {
        return call(StepAction.EXPORT_STATE, context);
    }

    @Override
    public ActionResult importState(ActionContext context) {
        return call(StepAction.IMPORT_STATE, context);
    }

    @Override
    public ActionResult migrateSchema(ActionContext context) {
        return call(StepAction.MIGRATE_SCHEMA, context);
    }

    @Override
    public ActionResult moveWorkloads(ActionContext context) {
        return call(StepAction.MOVE_WORKLOADS, context);
    }

    @Override
    public ActionResult removeDiscoveryGroup(ActionContext context) {
        return call(StepAction.REMOVE_DISCOVERY_GROUP, context);
    }

    @Override
    public ActionResult rollingRestart(ActionContext context) {
        return call(StepAction.ROLLING_RESTART, context);
    }

    @Override
    public ActionResult addDiscoveryGroup(ActionContext context) {
        return call(StepAction.ADD_DISCOVERY_GROUP, context);
    }

    @Override
    public ActionResult cleanPeer(ActionContext context) {
        return call(StepAction.CLEAN_PEER, context);
    }

    @Override
    public ActionResult isolate(ActionContext context) {
        return call(StepAction.ISOLATE_NODE, context);
    }

    @Override
    public ActionResult upgrade(ActionContext context) {
        return call(StepAction.UPGRADE_NODE, context);
    }

    @Override
    public ActionResult verify(ActionContext context) {
        return call(StepAction.VERIFY_NODE, context);
    }

    @Override
    public ActionResult reintegrate(ActionContext context) {
        return call(StepAction.REINTEGRATE_NODE, context);
    }

    @Override
    public ActionResult removePeer(ActionContext context) {
        return call(StepAction.REMOVE_PEER, context);
    }

    @Override
    public ActionResult rejoinPeer(ActionContext context) {
        return call(StepAction.REJOIN_PEER, context);
    }

    @Override
    public ActionResult rollBack(ActionContext context) {
        return call(StepAction.ROLL_BACK_NODE, context);
    }

    @Override
    public ActionResult applyMissionRevisions(ActionContext context) {
        return call(StepAction.APPLY_MISSION_REVISIONS, context);
    }

    @Override
    public ActionResult stopNode(ActionContext context) {
        return call(StepAction.STOP_NODE, context);
    }

    @Override
    public ActionResult startNode(ActionContext context) {
        return call(StepAction.START_NODE, context);
    }

    @Override
    public ActionResult checkState(ActionContext context) {
        return call(StepAction.CHECK_STATE, context);
    }

    // the Inmanta migration's steps: POST .../actions/verify-target, stop-server, start-server, check-environments,
    // recompile-environment, resume-environment on the cluster endpoint (environment names checked by perform)

    @Override
    public ActionResult verifyTarget(ActionContext context) {
        return call(StepAction.VERIFY_TARGET, context);
    }

    @Override
    public ActionResult stopServer(ActionContext context) {
        return call(StepAction.STOP_SERVER, context);
    }

    @Override
    public ActionResult startServer(ActionContext context) {
        return call(StepAction.START_SERVER, context);
    }

    @Override
    public ActionResult checkEnvironments(ActionContext context) {
        return call(StepAction.CHECK_ENVIRONMENTS, context);
    }

    @Override
    public ActionResult recompileEnvironment(ActionContext context) {
        return call(StepAction.RECOMPILE_ENVIRONMENT, context);
    }

    @Override
    public ActionResult resumeEnvironment(ActionContext context) {
        return call(StepAction.RESUME_ENVIRONMENT, context);
    }

    private ActionResult call(StepAction action, ActionContext context) {
        ActionResult result = callAgent(action, context);
        if (result instanceof ActionResult.Failed failed) {
            log.warn("{} for {} failed: {} (retryable: {})", pathName(action), context.idempotencyKey(),
                    failed.code(), failed.retryable());
        }
        return result;
    }

    private ActionResult callAgent(StepAction action, ActionContext context) {
        if (context.idempotencyKey() == null || context.idempotencyKey().isBlank()) {
            return ActionResult.failed("bad-request", pathName(action) + " has no idempotency key", false);
        }
        String address = context.node() == null ? properties.clusterEndpoints().get(context.clusterId())
                : context.node().address();
        if (address == null) {
            return ActionResult.failed("no-cluster-endpoint", "no agent endpoint is configured for cluster "
                    + context.clusterId() + " to " + pathName(action), false);
        }
        Optional<AgentAddress> agent = AgentAddress.parse(address).filter(allowList::allows);
        if (agent.isEmpty()) {
            return ActionResult.failed("address-not-allowed", "address " + address
                    + " is malformed or not on the http driver's allowed addresses", false);
        }
        String description = "agent " + agent.get() + " for " + pathName(action);
        HttpRequest request;
        try {
            request = request(action, context, agent.get());
        } catch (AgentToken.Unavailable e) {
            return ActionResult.failed("token-unavailable", e.getMessage(), false);
        } catch (IllegalArgumentException e) {
            return ActionResult.failed("bad-request", "the request to " + description
                    + " cannot be sent: its idempotency key is not a valid header value", false);
        }
        return exchange(request, description);
    }

    private HttpRequest request(StepAction action, ActionContext context, AgentAddress agent) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(properties.scheme() + "://" + agent.authority() + ACTIONS_PATH + pathName(action)))
                .timeout(requestTimeout(context))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("Idempotency-Key", context.idempotencyKey())
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(AgentRequest.of(context))));
        token.read().ifPresent(value -> request.header("Authorization", "Bearer " + value));
        return request.build();
    }

    private Duration requestTimeout(ActionContext context) {
        Duration configured = properties.requestTimeout();
        Duration allowed = context.timeout();
        return allowed == null || allowed.isNegative() || allowed.isZero() || configured.compareTo(allowed) <= 0
                ? configured : allowed;
    }

    private ActionResult exchange(HttpRequest request, String agent) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return AgentAnswers.read(response.statusCode(), response.body(), agent);
        } catch (HttpConnectTimeoutException e) {
            return ActionResult.failed("unreachable", agent + ": connecting timed out", true);
        } catch (HttpTimeoutException e) {
            return ActionResult.failed("timeout", agent + " did not answer within "
                    + request.timeout().map(Duration::toString).orElse("the timeout"), true);
        } catch (IOException e) {
            return ActionResult.failed("unreachable", agent + " is unreachable: " + cause(e), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ActionResult.failed("interrupted", "interrupted while calling " + agent, true);
        }
    }

    private static String cause(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + " "
                + e.getMessage();
    }

    /** The body of an action request. */
    record AgentRequest(String clusterId, String upgradeId, String stepId, int attempt, Node node,
                        Map<String, String> parameters) {

        static AgentRequest of(ActionContext context) {
            ActionContext.NodeTarget target = context.node();
            Node node = target == null ? null
                    : new Node(target.id(), target.address(), target.group(), target.version());
            return new AgentRequest(context.clusterId(), context.upgradeId(), context.stepId(), context.attempt(),
                    node, context.parameters());
        }

        record Node(String id, String address, String group, String version) {
        }
    }
}
