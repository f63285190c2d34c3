package dev.upgradeledger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** What {@code ledger} sends and how it shows answers, against a canned HTTP service. */
class ServiceAnswersTest {

    private static final String REJECTED = """
            {"type":"urn:upgrade-ledger:problem:upgrade-rejected","title":"Upgrade rejected","status":422,
             "detail":"7.5 -> 7.7 skips line 7.6","rule":"no-line-skipping","allowedPath":["7.5","7.6","7.7"]}""";

    private final StubService service = new StubService();

    @TempDir
    Path folder;

    @AfterEach
    void stop() {
        service.close();
    }

    @Test
    void aRefusedPlanIsExit2WithTheProblemsDetailRuleAndAllowedPath() {
        service.answer("POST /api/v1/clusters/camunda-eu/upgrades", 422, REJECTED);

        CommandLineRun run = CommandLineRun.of(service.env(), "upgrade", "plan", "camunda-eu", "--to", "7.7",
                "--strategy", "ROLLING", "--max-unavailable", "1");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(run.err()).contains("error: 7.5 -> 7.7 skips line 7.6",
                "problem:       upgrade-rejected (command-api answered 422)", "rule:          no-line-skipping",
                "allowed path:  7.5 -> 7.6 -> 7.7");
        assertThat(run.out()).isEmpty();
        JsonNode sent = Json.MAPPER.readTree(service.requests().get(0).body());
        assertThat(sent.toString()).isEqualTo("{\"targetVersion\":\"7.7\",\"strategy\":\"ROLLING\","
                + "\"maxUnavailable\":\"1\",\"dryRun\":true}");
    }

    @Test
    void anApprovalPostsToItsStepWithTheReasonAndARefusalIsExit2() {
        service.answer("POST /api/v1/clusters/c1/upgrades/u-1/approvals/s0.0/approve", 200,
                "{\"upgradeId\":\"u-1\",\"stepId\":\"s0.0\",\"status\":\"approved\",\"counted\":true}");
        service.answer("POST /api/v1/clusters/c1/upgrades/u-1/approvals/s1.0/reject", 409, """
                {"type":"urn:upgrade-ledger:problem:approval-not-pending","title":"Refused","status":409,
                 "detail":"upgrade u-1 does not wait for approval s1.0","rule":"approval-not-pending"}""");

        CommandLineRun approved = CommandLineRun.of(service.env(), "approval", "approve", "c1", "u-1", "s0.0",
                "--reason", "notes read");
        CommandLineRun refused = CommandLineRun.of(service.env(), "approval", "reject", "c1", "u-1", "s1.0");

        assertThat(approved.exitCode()).as(approved.err()).isZero();
        assertThat(approved.out()).contains("upgrade u-1 on c1: approved");
        assertThat(Json.MAPPER.readTree(service.requests().get(0).body()).get("reason").asString())
                .isEqualTo("notes read");
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(refused.err()).contains("does not wait for approval s1.0");
    }

    @Test
    void forScriptsTheProblemDocumentIsAlsoOnStdout() {
        service.answer("POST /api/v1/clusters/camunda-eu/upgrades", 422, REJECTED);

        CommandLineRun run = CommandLineRun.of(service.env(), "upgrade", "plan", "camunda-eu", "--to", "7.7",
                "--strategy", "OFFLINE", "-o", "json");

        assertThat(Json.MAPPER.readTree(run.out()).get("rule").asString()).isEqualTo("no-line-skipping");
    }

    @Test
    void everyOptionOfAnUpgradeRequestBecomesItsField() {
        service.answer("POST /api/v1/clusters/c1/upgrades", 201, "{\"upgradeId\":\"u-9\",\"decision\":{\"hops\":[]}}");

        CommandLineRun run = CommandLineRun.of(service.env(), "upgrade", "start", "c1", "--id", "u-9", "--to", "2.0",
                "--strategy", "REJOIN", "--schema-change", "additive", "--state-format-change", "--max-attempts", "5",
                "--step-timeout", "30s", "--failure-policy", "QUARANTINE", "--max-failed-percent", "20",
                "--idempotency-key", "c1-u-9");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("upgrade u-9 started on c1 -> 2.0",
                "follow it: ledger upgrade get u-9 --cluster c1 --watch");
        StubService.Request request = service.requests().get(0);
        assertThat(Json.MAPPER.readTree(request.body())).isEqualTo(Json.MAPPER.readTree("""
                {"upgradeId":"u-9","targetVersion":"2.0","strategy":"REJOIN","schemaChange":"ADDITIVE",
                 "stepTimeout":"30s","stateFormatChange":true,"maxAttempts":5,
                 "failurePolicy":{"mode":"QUARANTINE","maxFailedPercent":20}}"""));
        assertThat(request.header("Idempotency-Key")).isEqualTo("c1-u-9");
    }

    @Test
    void theTokenTheActorAndACorrelationIdAreSentWithEveryCall() {
        service.answer("GET /api/v1/clusters", 200, "[]");
        Map<String, String> env = new HashMap<>(service.env());
        env.put("LEDGER_TOKEN", "from-env");

        CommandLineRun fromEnv = CommandLineRun.of(env, "cluster", "list");
        CommandLineRun fromFlag = CommandLineRun.of(env, "cluster", "list", "--token", "from-flag", "--actor", "bob");
        CommandLineRun none = CommandLineRun.of(service.env(), "cluster", "list");

        assertThat(fromEnv.out()).isEqualTo("no clusters\n");
        assertThat(service.requests()).extracting(request -> request.header("Authorization"))
                .containsExactly("Bearer from-env", "Bearer from-flag", null);
        assertThat(service.requests()).extracting(request -> request.header("X-Actor"))
                .containsExactly("sre-alice", "bob", "sre-alice");
        assertThat(service.requests().get(0).header("X-Correlation-Id")).startsWith("ledger-cli-");
        assertThat(fromFlag.exitCode() + none.exitCode()).isZero();
    }

    @Test
    void aClusterFileInYamlIsSentAsTheJsonBodyOfTheRegistration() throws IOException {
        service.answer("POST /api/v1/clusters", 201, "{\"clusterId\":\"camunda-eu\",\"correlationId\":\"c-1\"}");
        Path file = Files.writeString(folder.resolve("camunda-eu.yaml"), """
                clusterId: camunda-eu
                product: camunda
                version: "7.5"
                nodes:
                  - {id: engine-1, address: "10.0.0.1:8080", group: zone-a}
                  - {id: engine-2, address: "10.0.0.2:8080", group: zone-b}
                """);

        CommandLineRun run = CommandLineRun.of(service.env(), "cluster", "register", "-f", file.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("cluster camunda-eu registered: camunda 7.5, 2 node(s)\n");
        JsonNode sent = Json.MAPPER.readTree(service.requests().get(0).body());
        assertThat(sent.at("/version").isString()).isTrue();
        assertThat(sent.at("/nodes/1/group").asString()).isEqualTo("zone-b");
    }

    @Test
    void aFileThatIsNeitherYamlNorJsonIsAUsageError() throws IOException {
        Path file = Files.writeString(folder.resolve("broken.yaml"), "clusterId: [unclosed\n");

        CommandLineRun run = CommandLineRun.of(service.env(), "cluster", "register", "-f", file.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("is neither YAML nor JSON");
        assertThat(service.requests()).isEmpty();
    }

    @Test
    void followingAnUpgradeOnTheStreamShowsABarPerStageAndEndsWithExit3WhenItPauses() {
        String path = "GET /api/v1/clusters/c1/upgrades/u-1";
        service.events("GET /api/v1/clusters/c1/stream", ": upgrade-ledger stream after 41\n\n"
                        + event(42, "StepStarted", "u-1") + event(43, "StepStarted", "another-upgrade")
                        + ":heartbeat\n\n" + event(44, "UpgradePaused", "u-1"))
                .answer(path, 200, progress("RUNNING", 1, 4, null, "SUCCEEDED", "PENDING"))
                .answer(path, 200, progress("RUNNING", 1, 4, null, "SUCCEEDED", "RUNNING"))
                .answer(path, 200, progress("PAUSED", 1, 4, "step s1.0 (VERIFY_NODE on n2) failed", "SUCCEEDED",
                        "FAILED"));

        CommandLineRun run = CommandLineRun.of(service.env(), "upgrade", "get", "u-1", "--cluster", "c1", "--watch");

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ExitCodes.STOPPED);
        assertThat(run.out().lines().map(line -> line.substring(10)))
                .containsSubsequence("RUNNING      [#####---------------] 1/4 steps, nodes 0/2",
                        "  stage 0   [##########] 1/1 SUCCEEDED  upgrade n1",
                        "  stage 1   [----------] 0/1 RUNNING    upgrade n2",
                        "  stage 1   [----------] 0/1 FAILED     upgrade n2",
                        "PAUSED       [#####---------------] 1/4 steps, nodes 0/2");
        assertThat(run.out()).contains("upgrade u-1 PAUSED: step s1.0 (VERIFY_NODE on n2) failed",
                "why:  ledger diagnose u-1 --cluster c1", "then: ledger upgrade resume c1 u-1 --watch");
        assertThat(service.requests()).filteredOn(request -> request.pathAndQuery().contains("/upgrades/u-1"))
                .as("one look when subscribed, then one per event of this upgrade, none for the other's").hasSize(3);
        assertThat(service.requests().get(0).header("Accept")).startsWith("text/event-stream");
        assertThat(service.requests().get(0).header("Last-Event-ID")).isNull();
    }

    @Test
    void aBrokenStreamIsOpenedAgainFromTheLastEventSeen() {
        String path = "GET /api/v1/clusters/c1/upgrades/u-1";
        service.events("GET /api/v1/clusters/c1/stream", ": upgrade-ledger stream after 41\n\n"
                        + event(42, "StepStarted", "u-1"))
                .events("GET /api/v1/clusters/c1/stream", ": upgrade-ledger stream after 42\n\n"
                        + event(43, "UpgradeCompleted", "u-1"))
                .answer(path, 200, progress("RUNNING", 1, 2, null, "SUCCEEDED", "PENDING"))
                .answer(path, 200, progress("RUNNING", 1, 2, null, "SUCCEEDED", "RUNNING"))
                .answer(path, 200, progress("COMPLETED", 2, 2, null, "SUCCEEDED", "SUCCEEDED"));

        CommandLineRun run = CommandLineRun.of(service.env(), "upgrade", "get", "u-1", "--cluster", "c1", "--watch");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.err()).contains("the stream of c1 ended; opening it again after event 42");
        assertThat(service.requests()).filteredOn(request -> request.pathAndQuery().endsWith("/stream"))
                .extracting(request -> request.header("Last-Event-ID")).containsExactly(null, "42");
        assertThat(run.out()).contains("  stage 1   [##########] 1/1 SUCCEEDED  upgrade n2",
                "upgrade u-1 COMPLETED", "ledger upgrade finalize c1 u-1");
    }

    @Test
    void aStreamThatSkippedWhatWasMissedIsAnsweredFromTheProgress() {
        String path = "GET /api/v1/clusters/c1/upgrades/u-1";
        service.events("GET /api/v1/clusters/c1/stream", ": upgrade-ledger stream after 41\n\n"
                        + event(42, "StepStarted", "u-1"))
                .events("GET /api/v1/clusters/c1/stream", ": upgrade-ledger stream after 42\n\n"
                        + "id: 9000\nevent: replay-truncated\ndata: {\"after\":42,\"resumedAfter\":9000,"
                        + "\"maxReplay\":1000,\"detail\":\"more than 1000 events\"}\n\n")
                .answer(path, 200, progress("RUNNING", 1, 2, null, "SUCCEEDED", "PENDING"))
                .answer(path, 200, progress("RUNNING", 1, 2, null, "SUCCEEDED", "RUNNING"))
                .answer(path, 200, progress("COMPLETED", 2, 2, null, "SUCCEEDED", "SUCCEEDED"));

        CommandLineRun run = CommandLineRun.of(service.env(), "upgrade", "get", "u-1", "--cluster", "c1", "--watch");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.err()).contains("skipped the events missed while disconnected");
        assertThat(run.out()).contains("upgrade u-1 COMPLETED");
    }

    @Test
    void forScriptsTheUpgradesEventsAreJsonLinesAndTheLastLineItsProgress() {
        String path = "GET /api/v1/clusters/c1/upgrades/u-1";
        service.events("GET /api/v1/clusters/c1/stream", ": upgrade-ledger stream after 41\n\n"
                        + event(42, "StepStarted", "u-1") + event(43, "StepStarted", "another-upgrade")
                        + event(44, "UpgradeCompleted", "u-1"))
                .answer(path, 200, progress("RUNNING", 1, 2, null, "SUCCEEDED", "PENDING"))
                .answer(path, 200, progress("RUNNING", 1, 2, null, "SUCCEEDED", "RUNNING"))
                .answer(path, 200, progress("COMPLETED", 2, 2, null, "SUCCEEDED", "SUCCEEDED"));

        CommandLineRun run = CommandLineRun.of(service.env(), "upgrade", "get", "u-1", "--cluster", "c1", "-w",
                "-o", "json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        java.util.List<JsonNode> lines = run.out().lines().map(line -> Json.MAPPER.readTree(line)).toList();
        assertThat(lines).extracting(line -> line.at("/event/eventType").asString(""))
                .containsExactly("StepStarted", "UpgradeCompleted", "");
        assertThat(lines.get(0).at("/streamId").asLong()).isEqualTo(42);
        assertThat(lines.get(2).at("/upgrade/status").asString()).isEqualTo("COMPLETED");
        assertThat(run.err()).contains("upgrade u-1 COMPLETED", "ledger upgrade finalize c1 u-1");
    }

    @Test
    void whenTheReadModelsAlreadyHoldTheEndItsEventsArePrintedBeforeTheEnd() {
        String path = "GET /api/v1/clusters/c1/upgrades/u-1";
        // the step's failure (sequence 11) and the pause (sequence 12) were committed together: the progress read
        // after the failure already says PAUSED, and the pause is the stream's next event
        service.events("GET /api/v1/clusters/c1/stream", ": upgrade-ledger stream after 41\n\n"
                        + event(42, "StepFailed", "u-1", 11) + event(43, "UpgradePaused", "u-1", 12))
                .answer(path, 200, progress("RUNNING", 1, 2, null, "SUCCEEDED", "RUNNING"))
                .answer(path, 200, progress("PAUSED", 2, 2, "step s1.0 failed", "SUCCEEDED", "FAILED"));

        CommandLineRun run = CommandLineRun.of(service.env(), "upgrade", "get", "u-1", "--cluster", "c1", "-w",
                "-o", "json");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.STOPPED);
        java.util.List<JsonNode> lines = run.out().lines().map(line -> Json.MAPPER.readTree(line)).toList();
        assertThat(lines).extracting(line -> line.at("/event/eventType").asString(""))
                .containsExactly("StepFailed", "UpgradePaused", "");
        assertThat(lines.get(2).at("/upgrade/status").asString()).isEqualTo("PAUSED");
    }

    @Test
    void anEndTheStreamNeverDeliversIsShownAfterAShortWait() {
        String path = "GET /api/v1/clusters/c1/upgrades/u-1";
        service.events("GET /api/v1/clusters/c1/stream", ": upgrade-ledger stream after 41\n\n"
                        + event(42, "StepFailed", "u-1", 11))
                .events("GET /api/v1/clusters/c1/stream", ": upgrade-ledger stream after 42\n\n")
                .answer(path, 200, progress("RUNNING", 1, 2, null, "SUCCEEDED", "RUNNING"))
                .answer(path, 200, progress("PAUSED", 2, 2, "step s1.0 failed", "SUCCEEDED", "FAILED"));

        CommandLineRun run = CommandLineRun.of(service.env(), "upgrade", "get", "u-1", "--cluster", "c1", "-w",
                "-o", "json");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.STOPPED);
        assertThat(run.out().lines().map(line -> Json.MAPPER.readTree(line).at("/event/eventType").asString("")))
                .containsExactly("StepFailed", "");
    }

    @Test
    void aStreamTheProjectionRefusesIsShownFromItsProblem() {
        service.answer("GET /api/v1/clusters/c1/stream", 403, """
                {"type":"urn:upgrade-ledger:problem:forbidden","title":"Forbidden","status":403,
                 "detail":"viewer:cluster/c2 does not allow reading c1"}""");

        CommandLineRun run = CommandLineRun.of(service.env(), "upgrade", "get", "u-1", "--cluster", "c1", "--watch");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(run.err()).contains("error: viewer:cluster/c2 does not allow reading c1");
    }

    @Test
    void anUnknownClusterIsExit4() {
        service.answer("GET /api/v1/clusters/nope", 404, """
                {"type":"urn:upgrade-ledger:problem:cluster-not-found","title":"Cluster not found","status":404,
                 "detail":"No cluster nope is known to the projection"}""");

        CommandLineRun run = CommandLineRun.of(service.env(), "cluster", "get", "nope");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(run.err()).contains("error: No cluster nope is known to the projection",
                "cluster-not-found (projection answered 404)");
    }

    @Test
    void aClustersStatusShowsItsFeatureGateAndEachNodesRole() {
        service.answer("GET /api/v1/clusters/c1", 200, """
                {"cluster":{"clusterId":"c1","product":"camunda","version":"7.5","versions":["7.5","7.6"],
                 "status":"UPGRADING"},
                 "nodes":[{"nodeId":"engine-1","role":"engine","version":"7.6","state":"UPGRADED"}]}""");
        service.answer("GET /api/v1/clusters/c1/feature-gate", 200, """
                {"clusterId":"c1","newFeaturesAllowed":false,"why":"upgrade u-1 is running: nodes run 7.5 and 7.6",
                 "rule":"single-version","upgradeId":"u-1","versions":["7.5","7.6"],
                 "since":"2026-01-01T10:00:00Z","sinceSequence":4}""");

        CommandLineRun table = CommandLineRun.of(service.env(), "cluster", "status", "c1");
        CommandLineRun json = CommandLineRun.of(service.env(), "cluster", "get", "c1", "-o", "json");
        CommandLineRun gate = CommandLineRun.of(service.env(), "cluster", "gate", "c1", "-o", "json");

        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out()).contains("closed (single-version): upgrade u-1 is running: nodes run 7.5 and 7.6")
                .containsPattern("engine-1\\s+engine\\s");
        assertThat(Json.MAPPER.readTree(json.out()).at("/cluster/clusterId").asString()).isEqualTo("c1");
        assertThat(Json.MAPPER.readTree(gate.out()).get("rule").asString()).isEqualTo("single-version");
        assertThat(service.requests()).extracting(StubService.Request::pathAndQuery)
                .containsExactly("/api/v1/clusters/c1?limit=2000", "/api/v1/clusters/c1/feature-gate",
                        "/api/v1/clusters/c1?limit=2000",
                        "/api/v1/clusters/c1/feature-gate");
    }

    @Test
    void abandonGivesUpFinalizingWithItsReason() {
        service.answer("POST /api/v1/clusters/c1/upgrades/u-1/abandon", 200,
                "{\"upgradeId\":\"u-1\",\"status\":\"abandoned\"}");

        CommandLineRun run = CommandLineRun.of(service.env(), "upgrade", "abandon", "c1", "u-1", "--reason",
                "nodes stay on 7.5");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("upgrade u-1 on c1: abandoned");
        assertThat(Json.MAPPER.readTree(service.requests().get(0).body()).get("reason").asString())
                .isEqualTo("nodes stay on 7.5");
    }

    @Test
    void aSnapshotsManifestNamesItsTablesForPeopleAndIsWholeForScripts() {
        service.answer("POST /admin/v1/snapshots", 201, """
                {"id":"s-1","tables":[{"name":"cluster_status","columns":["cluster_id","product"],"rows":3},
                 {"name":"node_status","columns":["node_id"],"rows":9}],
                 "positions":[{"topic":"ledger.events","partition":5,"offset":35}],"checksum":"2b0b"}""");

        CommandLineRun table = CommandLineRun.of(service.env(), "admin", "snapshot");
        CommandLineRun json = CommandLineRun.of(service.env(), "admin", "snapshot", "-o", "json");

        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out()).contains("tables:     cluster_status, node_status",
                "positions:  {\"topic\":\"ledger.events\",\"partition\":5,\"offset\":35}").doesNotContain("columns");
        assertThat(Json.MAPPER.readTree(json.out()).at("/tables/1/rows").asInt()).isEqualTo(9);
    }

    @Test
    void yamlOutputIsTheServicesOwnDocument() {
        service.answer("GET /api/v1/clusters", 200, "[{\"clusterId\":\"c1\",\"status\":\"CONVERGED\"}]");

        CommandLineRun run = CommandLineRun.of(service.env(), "clusters", "ls", "-o", "yaml");

        assertThat(run.out()).contains("- clusterId: \"c1\"", "status: \"CONVERGED\"");
    }

    private static String event(long id, String type, String upgradeId, long sequence) {
        return "id: " + id + "\nevent: " + type + "\ndata: {\"streamId\":" + id + ",\"clusterId\":\"c1\",\"event\":"
                + "{\"eventType\":\"" + type + "\",\"upgradeId\":\"" + upgradeId + "\",\"sequence\":" + sequence
                + ",\"payload\":{}}}\n\n";
    }

    private static String event(long id, String type, String upgradeId) {
        return "id: " + id + "\nevent: " + type + "\ndata: {\"streamId\":" + id + ",\"clusterId\":\"c1\",\"event\":"
                + "{\"eventType\":\"" + type + "\",\"upgradeId\":\"" + upgradeId + "\",\"payload\":{}}}\n\n";
    }

    @Test
    void upgradeGetFollowsThePagesOfStepsAndPrintsThemAll() {
        String path = "GET /api/v1/clusters/c1/upgrades/u-1";
        service.answer(path + "?limit=2000", 200, """
                        {"upgrade":{"clusterId":"c1","upgradeId":"u-1","status":"RUNNING"},"next":"1.1.0",
                         "plans":[{"plan":1,"kind":"HOP","stages":[
                           {"index":0,"stepCount":1,"steps":[{"stepId":"s0.0","status":"SUCCEEDED"}]},
                           {"index":1,"stepCount":2,"steps":[{"stepId":"s1.0","status":"SUCCEEDED"}]}]}]}""")
                .answer(path + "?after=1.1.0&limit=2000", 200, """
                        {"upgrade":{"clusterId":"c1","upgradeId":"u-1","status":"RUNNING"},"next":null,
                         "plans":[{"plan":1,"kind":"HOP","stages":[
                           {"index":0,"stepCount":1,"steps":[]},
                           {"index":1,"stepCount":2,"steps":[{"stepId":"s1.1","status":"RUNNING"}]}]}]}""");

        CommandLineRun run = CommandLineRun.of(service.env(), "upgrade", "get", "u-1", "--cluster", "c1", "-o",
                "json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode whole = Json.MAPPER.readTree(run.out());
        assertThat(whole.at("/plans/0/stages/1/steps").valueStream().map(step -> step.get("stepId").asString()))
                .containsExactly("s1.0", "s1.1");
        assertThat(whole.at("/plans/0/stages/0/steps")).hasSize(1);
        assertThat(whole.get("next").isNull()).isTrue();
        assertThat(service.requests()).extracting(StubService.Request::pathAndQuery).containsExactly(
                "/api/v1/clusters/c1/upgrades/u-1?limit=2000",
                "/api/v1/clusters/c1/upgrades/u-1?after=1.1.0&limit=2000");
    }

    @Test
    void clusterGetFollowsThePagesOfNodesAndPrintsThemAll() {
        String path = "GET /api/v1/clusters/c1";
        service.answer(path + "?limit=2000", 200, """
                        {"cluster":{"clusterId":"c1","nodeCount":3},"nodes":[{"nodeId":"n1"},{"nodeId":"n2"}],
                         "next":"n2"}""")
                .answer(path + "?after=n2&limit=2000", 200, """
                        {"cluster":{"clusterId":"c1","nodeCount":3},"nodes":[{"nodeId":"n3"}],"next":null}""");

        CommandLineRun run = CommandLineRun.of(service.env(), "cluster", "get", "c1", "-o", "json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Json.MAPPER.readTree(run.out()).get("nodes").valueStream().map(node -> node.get("nodeId").asString()))
                .containsExactly("n1", "n2", "n3");
    }

    @Test
    void stateFollowsThePagesOfAPastStatesNodesAndTheirRunningSteps() {
        String path = "GET /api/v1/clusters/c1/state";
        service.answer(path + "?sequence=7&limit=2000", 200, """
                        {"asOf":{"sequence":7},"state":{"clusterId":"c1","nodeCount":3,"lastSequence":7,
                         "nodes":[{"nodeId":"n1"},{"nodeId":"n2"}],"next":"n2","upgrade":{"upgradeId":"u-1",
                         "runningStepCount":2,"runningSteps":[{"stepId":"s1.0","nodeId":"n1"}]}}}""")
                .answer(path + "?sequence=7&after=n2&limit=2000", 200, """
                        {"asOf":{"sequence":7},"state":{"clusterId":"c1","nodeCount":3,"lastSequence":7,
                         "nodes":[{"nodeId":"n3"}],"next":null,"upgrade":{"upgradeId":"u-1",
                         "runningStepCount":2,"runningSteps":[{"stepId":"s1.2","nodeId":"n3"}]}}}""");

        CommandLineRun run = CommandLineRun.of(service.env(), "state", "c1", "--sequence", "7", "-o", "json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode whole = Json.MAPPER.readTree(run.out());
        assertThat(whole.at("/state/nodes").valueStream().map(node -> node.get("nodeId").asString()))
                .containsExactly("n1", "n2", "n3");
        assertThat(whole.at("/state/upgrade/runningSteps").valueStream().map(step -> step.get("stepId").asString()))
                .containsExactly("s1.0", "s1.2");
        assertThat(whole.at("/state/next").isNull()).isTrue();
    }

    @Test
    void diagnoseFollowsThePagesOfStepsFailedAttemptsAndQuarantinedNodes() {
        String path = "GET /api/v1/upgrades/u-1/diagnosis";
        service.answer(path + "?clusterId=c1&limit=2000", 200, """
                        {"upgradeId":"u-1","clusterId":"c1","status":"PAUSED","failed":true,"summary":"s",
                         "stepCount":3,"steps":[{"hop":1,"stepId":"s0.0"},{"hop":1,"stepId":"s1.0"}],
                         "failedAttempts":[{"sequence":5,"stepId":"s1.0"}],"quarantinedNodes":[],"next":"6"}""")
                .answer(path + "?clusterId=c1&after=6&limit=2000", 200, """
                        {"upgradeId":"u-1","clusterId":"c1","status":"PAUSED","failed":true,"summary":"s",
                         "stepCount":3,"steps":[{"hop":1,"stepId":"s2.0"}],
                         "failedAttempts":[{"sequence":9,"stepId":"s2.0"}],
                         "quarantinedNodes":[{"sequence":10,"nodeId":"n3"}],"next":null}""");

        CommandLineRun run = CommandLineRun.of(service.env(), "diagnose", "u-1", "--cluster", "c1", "-o", "json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode whole = Json.MAPPER.readTree(run.out());
        assertThat(whole.get("steps").valueStream().map(step -> step.get("stepId").asString()))
                .containsExactly("s0.0", "s1.0", "s2.0");
        assertThat(whole.get("failedAttempts").valueStream().map(attempt -> attempt.get("sequence").asInt()))
                .containsExactly(5, 9);
        assertThat(whole.get("quarantinedNodes")).hasSize(1);
        assertThat(whole.get("next").isNull()).isTrue();
    }

    /** Progress with a plan of two stages of one step each, in these statuses. */
    private static String progress(String status, int succeeded, int total, String reason, String first,
                                   String second) {
        return """
                {"upgrade":{"clusterId":"c1","upgradeId":"u-1","status":"%s","statusReason":%s,"lastSequence":%d,
                  "counts":{"steps":{"total":%d,"succeeded":%d,"skipped":0},"nodes":{"total":2,"upgraded":%d,
                  "quarantined":0}},"current":{"plan":1,"stage":null},"durations":{"totalMs":null}},
                 "plans":[{"plan":1,"kind":"UPGRADE","stages":[
                   {"index":0,"description":"upgrade n1","steps":[{"stepId":"s0.0","status":"%s"}]},
                   {"index":1,"description":"upgrade n2","steps":[{"stepId":"s1.0","status":"%s"}]}]}]}"""
                .formatted(status, reason == null ? "null" : "\"" + reason + "\"", 10 + succeeded, total, succeeded,
                        succeeded / 2, first, second);
    }

    private static String progress(String status, int succeeded, int total, String reason) {
        return """
                {"upgrade":{"clusterId":"c1","upgradeId":"u-1","status":"%s","statusReason":%s,"lastSequence":%d,
                  "counts":{"steps":{"total":%d,"succeeded":%d,"skipped":0},"nodes":{"total":2,"upgraded":%d,
                  "quarantined":0}},"current":{"plan":1,"stage":null},"durations":{"totalMs":null}},
                 "plans":[]}""".formatted(status, reason == null ? "null" : "\"" + reason + "\"", 10 + succeeded,
                total, succeeded, succeeded / 2);
    }
}
