package dev.upgradeledger.executor.driver.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.executor.driver.ActionContext;
import dev.upgradeledger.executor.driver.ActionContext.NodeTarget;
import dev.upgradeledger.executor.driver.ActionResult;
import dev.upgradeledger.executor.driver.ActionResult.Failed;
import dev.upgradeledger.executor.driver.ActionResult.Succeeded;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The http driver against the reference node agent and against agents that misbehave. */
class HttpNodeDriverTest {

    private static final Duration ACTION_TIMEOUT = Duration.ofSeconds(10);
    private static final Function<String, String> NO_ENVIRONMENT = name -> null;

    private final AtomicInteger steps = new AtomicInteger();
    private ReferenceNodeAgent agent;

    @BeforeEach
    void startAgent() throws IOException {
        agent = ReferenceNodeAgent.start();
    }

    @AfterEach
    void stopAgent() {
        agent.close();
    }

    @Test
    void upgradeBringsTheNodeToTheRequestedVersion() {
        ActionResult result = driver(allowing(agent.address())).upgrade(onNode(StepAction.UPGRADE_NODE,
                agent.address(), Map.of("version", "7.5", "from", "7.4")));

        assertThat(result).isEqualTo(ActionResult.succeeded(Map.of("version", "7.5")));
        assertThat(agent.state("n1").version()).isEqualTo("7.5");
    }

    @Test
    void rollBackReturnsTheNodeToThePreviousVersion() {
        HttpNodeDriver driver = driver(allowing(agent.address()));
        driver.upgrade(onNode(StepAction.UPGRADE_NODE, agent.address(), Map.of("version", "7.5")));

        driver.rollBack(onNode(StepAction.ROLL_BACK_NODE, agent.address(), Map.of("version", "7.4")));

        assertThat(agent.state("n1").version()).isEqualTo("7.4");
    }

    @Test
    void isolateAndReintegrateFlipTheNodesIsolation() {
        HttpNodeDriver driver = driver(allowing(agent.address()));

        driver.isolate(onNode(StepAction.ISOLATE_NODE, agent.address(), Map.of()));
        assertThat(agent.state("n1").isolated()).isTrue();

        driver.reintegrate(onNode(StepAction.REINTEGRATE_NODE, agent.address(), Map.of()));
        assertThat(agent.state("n1").isolated()).isFalse();
    }

    @Test
    void exportAnswersAChecksumThatTheImportIntoAnotherClusterAnswersToo() {
        HttpNodeDriver driver = driver(withClusterEndpoints(Map.of("c1", agent.address(), "c2", agent.address())));

        ActionResult exported = driver.exportState(onCluster(StepAction.EXPORT_STATE, "c1",
                Map.of("schemaVersion", "7.4")));
        ActionResult imported = driver.importState(onCluster(StepAction.IMPORT_STATE, "c2",
                Map.of("from", "c1", "schemaVersion", "7.4")));

        assertThat(exported).isInstanceOfSatisfying(Succeeded.class, success -> {
            assertThat(success.facts().get("checksum")).startsWith("sha256:");
            assertThat(success.facts()).containsKey("dumpRef");
            assertThat(imported).isEqualTo(ActionResult.succeeded(Map.of("checksum", success.facts().get("checksum"))));
        });
    }

    @Test
    void haltResumeAndMigrateActOnTheClusterEndpoint() {
        HttpNodeDriver driver = driver(withClusterEndpoints(Map.of("c1", agent.address())));

        driver.haltWorkloads(onCluster(StepAction.HALT_WORKLOADS, "c1", Map.of()));
        assertThat(agent.state("c1").workloadsHalted()).isTrue();

        driver.migrateSchema(onCluster(StepAction.MIGRATE_SCHEMA, "c1", Map.of("schemaVersion", "7.5")));
        driver.resumeWorkloads(onCluster(StepAction.RESUME_WORKLOADS, "c1", Map.of()));
        assertThat(agent.state("c1")).isEqualTo(new ReferenceNodeAgent.State(null, false, false, "7.5"));
    }

    @Test
    void everyActionGoesToItsLowerCaseHyphenatedPath() {
        HttpNodeDriver driver = driver(withClusterEndpoints(Map.of("c1", agent.address())));
        Map<String, String> parameters = Map.of("version", "7.5", "schemaVersion", "7.5", "from", "c1",
                "environment", "dev", "environments", "dev,prod");

        // approvals and soaks are held by command-api: no driver performs them
        List<ActionResult> results = Arrays.stream(StepAction.values()).filter(action -> !action.heldByLedger())
                .map(action -> driver.perform(action.perNode() ? onNode(action, agent.address(), parameters)
                        : onCluster(action, "c1", parameters)))
                .toList();

        assertThat(results).allMatch(Succeeded.class::isInstance);
        assertThat(agent.performed()).extracting(ReferenceNodeAgent.Received::action).containsExactly(
                "halt-workloads", "export-state", "migrate-schema", "import-state", "move-workloads",
                "resume-workloads", "isolate-node", "upgrade-node", "verify-node", "reintegrate-node", "remove-peer",
                "rejoin-peer", "roll-back-node", "apply-mission-revisions", "stop-node", "start-node", "check-state",
                "verify-target", "stop-server", "start-server", "check-environments", "recompile-environment",
                "resume-environment", "remove-discovery-group", "rolling-restart", "add-discovery-group",
                "clean-peer");
        assertThat(driver.perform(onCluster(StepAction.APPROVAL, "c1", Map.of()))).isInstanceOf(ActionResult.Failed.class);
        assertThat(agent.performed()).as("nothing sent for an approval").hasSize(27);
    }

    @Test
    @DisplayName("Inmanta: an environment name that is no node group name is refused before any request is sent")
    void anEnvironmentThatIsNoGroupNameIsNeverSent() {
        HttpNodeDriver driver = driver(withClusterEndpoints(Map.of("c1", agent.address())));

        ActionResult result = driver.perform(onCluster(StepAction.RECOMPILE_ENVIRONMENT, "c1",
                Map.of("environment", "../../admin")));

        assertThat(result).isInstanceOfSatisfying(ActionResult.Failed.class, failed -> {
            assertThat(failed.code()).isEqualTo("invalid-environment");
            assertThat(failed.retryable()).isFalse();
        });
        assertThat(agent.received()).isEmpty();
    }

    @Test
    void theRequestCarriesTheKeyTheStepTheNodeAndTheParameters() throws IOException {
        try (CannedAgent canned = CannedAgent.answering(200, "{\"status\":\"SUCCEEDED\",\"facts\":{}}")) {
            ActionContext context = onNode(StepAction.UPGRADE_NODE, canned.address(), Map.of("version", "7.5"));

            driver(allowing(canned.address())).upgrade(context);

            JsonNode body = JsonMapper.builder().build().readTree(canned.lastBody());
            assertThat(canned.lastHeader("Idempotency-Key")).isEqualTo(context.idempotencyKey());
            assertThat(canned.lastHeader("Authorization")).isNull();
            assertThat(body.path("clusterId").asString()).isEqualTo("c1");
            assertThat(body.path("upgradeId").asString()).isEqualTo("u1");
            assertThat(body.path("stepId").asString()).isEqualTo(context.stepId());
            assertThat(body.path("attempt").asInt()).isEqualTo(1);
            assertThat(body.path("node").path("id").asString()).isEqualTo("n1");
            assertThat(body.path("node").path("group").asString()).isEqualTo("blue");
            assertThat(body.path("node").path("version").asString()).isEqualTo("7.4");
            assertThat(body.path("parameters").path("version").asString()).isEqualTo("7.5");
        }
    }

    @Test
    void theSameIdempotencyKeyTwiceActsOnceAndAnswersTheSame() {
        HttpNodeDriver driver = driver(allowing(agent.address()));
        ActionContext context = onNode(StepAction.UPGRADE_NODE, agent.address(), Map.of("version", "7.5"));

        ActionResult first = driver.upgrade(context);
        ActionResult again = driver.upgrade(context);

        assertThat(again).isEqualTo(first);
        assertThat(agent.received()).hasSize(2);
        assertThat(agent.performed()).singleElement()
                .isEqualTo(new ReferenceNodeAgent.Received("upgrade-node", context.idempotencyKey(), "n1"));
    }

    @Test
    void aFailureOfTheAgentIsRepeatedForItsKeyAndANewAttemptActsAgain() {
        HttpNodeDriver driver = driver(allowing(agent.address()));
        agent.failNext("upgrade-node", 1);
        ActionContext first = onNode(StepAction.UPGRADE_NODE, agent.address(), Map.of("version", "7.5"));

        assertThat(driver.upgrade(first)).isEqualTo(ActionResult.failed("injected", "failing upgrade-node as told",
                true));
        assertThat(driver.upgrade(first)).isInstanceOf(Failed.class);
        assertThat(driver.upgrade(nextAttempt(first))).isInstanceOf(Succeeded.class);
        assertThat(agent.state("n1").version()).isEqualTo("7.5");
    }

    @Test
    void anAddressNotAllowedIsNeverCalled() {
        HttpNodeDriver driver = driver(allowing("10.0.0.0/24", "node-1.example"));

        ActionResult result = driver.upgrade(onNode(StepAction.UPGRADE_NODE, agent.address(), Map.of()));

        assertThat(result).isInstanceOfSatisfying(Failed.class, failed -> {
            assertThat(failed.code()).isEqualTo("address-not-allowed");
            assertThat(failed.retryable()).isFalse();
        });
        assertThat(agent.requests()).isZero();
    }

    @Test
    void anEmptyAllowListAllowsNothing() {
        ActionResult result = driver(allowing()).isolate(onNode(StepAction.ISOLATE_NODE, agent.address(), Map.of()));

        assertThat(result).extracting(failed -> ((Failed) failed).code()).isEqualTo("address-not-allowed");
        assertThat(agent.requests()).isZero();
    }

    @Test
    void anAddressSmugglingAnotherHostIsNotAllowed() {
        HttpNodeDriver driver = driver(allowing("127.0.0.0/8"));

        ActionResult result = driver.isolate(onNode(StepAction.ISOLATE_NODE, agent.address() + "@evil.example",
                Map.of()));

        assertThat(result).extracting(failed -> ((Failed) failed).code()).isEqualTo("address-not-allowed");
    }

    @Test
    void theTokenFromTheEnvironmentVariableReachesTheAgent() throws IOException {
        try (ReferenceNodeAgent secured = ReferenceNodeAgent.requiringToken("env-token.1")) {
            HttpNodeDriver driver = new HttpNodeDriver(withToken(secured.address(), "AGENT_TOKEN", null),
                    Map.of("AGENT_TOKEN", " env-token.1\n")::get);

            ActionResult result = driver.isolate(onNode(StepAction.ISOLATE_NODE, secured.address(), Map.of()));

            assertThat(result).isInstanceOf(Succeeded.class);
            assertThat(secured.state("n1").isolated()).isTrue();
        }
    }

    @Test
    void theTokenFromTheFileReachesTheAgentAndIsReReadAtEveryCall(@TempDir Path directory) throws IOException {
        Path file = Files.writeString(directory.resolve("token"), "old-token\n");
        try (ReferenceNodeAgent secured = ReferenceNodeAgent.requiringToken("new-token")) {
            HttpNodeDriver driver = new HttpNodeDriver(withToken(secured.address(), null, file.toString()),
                    NO_ENVIRONMENT);
            ActionResult withOldToken = driver.isolate(onNode(StepAction.ISOLATE_NODE, secured.address(), Map.of()));

            Files.writeString(file, "  new-token  \n");
            ActionResult withNewToken = driver.isolate(onNode(StepAction.ISOLATE_NODE, secured.address(), Map.of()));

            assertThat(withOldToken).isInstanceOf(Failed.class);
            assertThat(withNewToken).isInstanceOf(Succeeded.class);
        }
    }

    @Test
    void aWrongTokenIsANonRetryableFailureThatDoesNotLeakTheToken() throws IOException {
        try (ReferenceNodeAgent secured = ReferenceNodeAgent.requiringToken("right-token")) {
            HttpNodeDriver driver = new HttpNodeDriver(withToken(secured.address(), "AGENT_TOKEN", null),
                    Map.of("AGENT_TOKEN", "wrong-token-4711")::get);

            ActionResult result = driver.upgrade(onNode(StepAction.UPGRADE_NODE, secured.address(),
                    Map.of("version", "7.5")));

            assertThat(result).isInstanceOfSatisfying(Failed.class, failed -> {
                assertThat(failed.code()).isEqualTo("http-4xx");
                assertThat(failed.message()).contains("401").doesNotContain("wrong-token-4711", "right-token");
                assertThat(failed.retryable()).isFalse();
            });
            assertThat(result.toString()).doesNotContain("wrong-token-4711");
            assertThat(secured.performed()).isEmpty();
        }
    }

    @Test
    void aTokenVariableThatIsNotSetFailsBeforeAnyCall() {
        HttpNodeDriver driver = new HttpNodeDriver(withToken(agent.address(), "AGENT_TOKEN", null), NO_ENVIRONMENT);

        ActionResult result = driver.isolate(onNode(StepAction.ISOLATE_NODE, agent.address(), Map.of()));

        assertThat(result).isEqualTo(ActionResult.failed("token-unavailable",
                "the agent token environment variable AGENT_TOKEN is not set or empty", false));
        assertThat(agent.requests()).isZero();
    }

    @Test
    void aTokenThatCannotBeAHeaderIsRefusedWithoutShowingIt() {
        HttpNodeDriver driver = new HttpNodeDriver(withToken(agent.address(), "AGENT_TOKEN", null),
                Map.of("AGENT_TOKEN", "secret-part\r\nX-Injected: 1")::get);

        ActionResult result = driver.isolate(onNode(StepAction.ISOLATE_NODE, agent.address(), Map.of()));

        assertThat(result).isInstanceOfSatisfying(Failed.class, failed -> {
            assertThat(failed.code()).isEqualTo("token-unavailable");
            assertThat(failed.message()).doesNotContain("secret-part");
        });
        assertThat(agent.requests()).isZero();
    }

    @Test
    void anIdempotencyKeyThatCannotBeAHeaderIsRefusedBeforeAnyCall() {
        ActionContext context = onNode(StepAction.ISOLATE_NODE, agent.address(), Map.of());
        ActionContext broken = new ActionContext("c1/u1\r\nX-Injected: 1", "c1", "u1", context.stepId(), 1,
                context.action(), context.node(), Map.of(), ACTION_TIMEOUT);

        ActionResult result = driver(allowing(agent.address())).isolate(broken);

        assertThat(result).extracting(failed -> ((Failed) failed).code()).isEqualTo("bad-request");
        assertThat(agent.requests()).isZero();
    }

    @Test
    void anAgentThatIsDownIsARetryableUnreachable() {
        String address = agent.address();
        agent.close();

        ActionResult result = driver(allowing(address)).isolate(onNode(StepAction.ISOLATE_NODE, address, Map.of()));

        assertThat(result).isInstanceOfSatisfying(Failed.class, failed -> {
            assertThat(failed.code()).isEqualTo("unreachable");
            assertThat(failed.retryable()).isTrue();
        });
    }

    @Test
    void anAgentAnswering500IsARetryableFailure() throws IOException {
        try (CannedAgent broken = CannedAgent.answering(500, "{\"error\":\"boom\"}")) {
            ActionResult result = driver(allowing(broken.address()))
                    .verify(onNode(StepAction.VERIFY_NODE, broken.address(), Map.of()));

            assertThat(result).isEqualTo(ActionResult.failed("http-5xx",
                    "agent " + broken.address() + " for verify-node answered HTTP 500", true));
        }
    }

    @Test
    void aBodyThatIsNotTheContractIsANonRetryableBadAnswer() throws IOException {
        try (CannedAgent confused = CannedAgent.answering(200, "<html>It works!</html>")) {
            ActionResult result = driver(allowing(confused.address()))
                    .verify(onNode(StepAction.VERIFY_NODE, confused.address(), Map.of()));

            assertThat(result).isInstanceOfSatisfying(Failed.class, failed -> {
                assertThat(failed.code()).isEqualTo("bad-answer");
                assertThat(failed.message()).doesNotContain("It works");
                assertThat(failed.retryable()).isFalse();
            });
        }
    }

    @Test
    void anAgentSlowerThanTheRequestTimeoutIsARetryableTimeout() throws IOException {
        try (CannedAgent slow = CannedAgent.answeringAfter(Duration.ofSeconds(5), 200, "{}")) {
            HttpDriverProperties properties = new HttpDriverProperties("http", Duration.ofSeconds(1),
                    Duration.ofMillis(200), List.of(slow.address()), Map.of(), null, null);
            long start = System.nanoTime();

            ActionResult result = new HttpNodeDriver(properties, NO_ENVIRONMENT)
                    .upgrade(onNode(StepAction.UPGRADE_NODE, slow.address(), Map.of()));

            assertThat(result).isInstanceOfSatisfying(Failed.class, failed -> {
                assertThat(failed.code()).isEqualTo("timeout");
                assertThat(failed.retryable()).isTrue();
            });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void theActionsTimeoutCapsTheRequestTimeout() throws IOException {
        try (CannedAgent slow = CannedAgent.answeringAfter(Duration.ofSeconds(5), 200, "{}")) {
            ActionContext context = onNode(StepAction.UPGRADE_NODE, slow.address(), Map.of());
            ActionContext shortAction = new ActionContext(context.idempotencyKey(), "c1", "u1", context.stepId(), 1,
                    context.action(), context.node(), Map.of(), Duration.ofMillis(200));

            ActionResult result = driver(allowing(slow.address())).upgrade(shortAction);

            assertThat(result).extracting(failed -> ((Failed) failed).code()).isEqualTo("timeout");
        }
    }

    @Test
    void aClusterWideActionWithoutAClusterEndpointIsRefused() {
        HttpNodeDriver driver = driver(withClusterEndpoints(Map.of("c1", agent.address())));

        ActionResult result = driver.haltWorkloads(onCluster(StepAction.HALT_WORKLOADS, "c2", Map.of()));

        assertThat(result).isEqualTo(ActionResult.failed("no-cluster-endpoint",
                "no agent endpoint is configured for cluster c2 to halt-workloads", false));
        assertThat(agent.requests()).isZero();
    }

    @Test
    void aClusterEndpointMustBeAllowedToo() {
        HttpDriverProperties properties = new HttpDriverProperties("http", Duration.ofSeconds(1),
                Duration.ofSeconds(5), List.of("10.0.0.0/8"), Map.of("c1", agent.address()), null, null);

        ActionResult result = new HttpNodeDriver(properties, NO_ENVIRONMENT)
                .haltWorkloads(onCluster(StepAction.HALT_WORKLOADS, "c1", Map.of()));

        assertThat(result).extracting(failed -> ((Failed) failed).code()).isEqualTo("address-not-allowed");
        assertThat(agent.requests()).isZero();
    }

    private static HttpNodeDriver driver(HttpDriverProperties properties) {
        return new HttpNodeDriver(properties, NO_ENVIRONMENT);
    }

    private static HttpDriverProperties allowing(String... addresses) {
        return new HttpDriverProperties("http", Duration.ofSeconds(1), Duration.ofSeconds(5), List.of(addresses),
                Map.of(), null, null);
    }

    private static HttpDriverProperties withClusterEndpoints(Map<String, String> endpoints) {
        return new HttpDriverProperties("http", Duration.ofSeconds(1), Duration.ofSeconds(5),
                List.copyOf(endpoints.values()), endpoints, null, null);
    }

    private static HttpDriverProperties withToken(String address, String tokenEnv, String tokenFile) {
        return new HttpDriverProperties("http", Duration.ofSeconds(1), Duration.ofSeconds(5), List.of(address),
                Map.of(), tokenEnv, tokenFile);
    }

    private ActionContext onNode(StepAction action, String address, Map<String, String> parameters) {
        return context(action, "c1", new NodeTarget("n1", address, "blue", "7.4"), parameters);
    }

    private ActionContext onCluster(StepAction action, String clusterId, Map<String, String> parameters) {
        return context(action, clusterId, null, parameters);
    }

    private ActionContext context(StepAction action, String clusterId, NodeTarget node,
                                  Map<String, String> parameters) {
        String stepId = "s" + steps.incrementAndGet();
        return new ActionContext(clusterId + "/u1/" + stepId + "/1", clusterId, "u1", stepId, 1, action, node,
                parameters, ACTION_TIMEOUT);
    }

    private static ActionContext nextAttempt(ActionContext context) {
        int attempt = context.attempt() + 1;
        return new ActionContext(context.clusterId() + "/" + context.upgradeId() + "/" + context.stepId() + "/"
                + attempt, context.clusterId(), context.upgradeId(), context.stepId(), attempt, context.action(),
                context.node(), context.parameters(), context.timeout());
    }
}
