package dev.upgradeledger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code ledger fleet plan} against a canned command-api. */
class FleetCommandsTest {

    private static final String PLAN = """
            {"targetVersion":"1.1.0","clusters":2,"maxConcurrent":10,"failureBudget":{"max":"2","allowed":2},
             "expectedEnd":"2026-12-07T12:10:00Z",
             "waves":[{"index":0,"canary":true,"clusters":[{"clusterId":"eu-1","currentVersion":"1.0.7",
                        "path":["1.0.7","1.0.8","1.0.9","1.1.0"],"expectedStart":"2026-12-07T10:00:00Z"}]},
                      {"index":1,"canary":false,"clusters":[{"clusterId":"eu-2","currentVersion":"1.0.9",
                        "path":["1.0.9","1.1.0"],"window":"0 12 * * * for PT1H in UTC",
                        "expectedStart":"2026-12-07T12:00:00Z"}]}],
             "skipped":[{"clusterId":"eu-3","currentVersion":"1.1.0","rule":"same-version",
                         "detail":"eu-3 already runs 1.1.0"}]}""";

    private final StubService service = new StubService();

    @TempDir
    Path folder;

    @AfterEach
    void stop() {
        service.close();
    }

    @Test
    void thePlanIsSentAsWrittenAndShownWaveByWaveWithTheSkippedClusters() throws IOException {
        service.answer("POST /api/v1/fleet-upgrades/plans", 200, PLAN);
        Path file = folder.resolve("fleet.yaml");
        Files.writeString(file, """
                selector: {product: acme}
                targetVersion: 1.1.0
                upgrade: {strategy: OFFLINE}
                waves: {canary: "1", waveSize: "20%", maxConcurrent: 10}
                failureBudget: "2"
                """);

        CommandLineRun run = CommandLineRun.of(service.env(), "fleet", "plan", "-f", file.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Json.MAPPER.readTree(service.requests().get(0).body())).isEqualTo(Json.MAPPER.readTree("""
                {"selector":{"product":"acme"},"targetVersion":"1.1.0","upgrade":{"strategy":"OFFLINE"},
                 "waves":{"canary":"1","waveSize":"20%","maxConcurrent":10},"failureBudget":"2"}"""));
        assertThat(run.out()).contains("2 cluster(s) to 1.1.0 in 2 wave(s), at most 10 at once; failure budget 2",
                "1.0.7 -> 1.0.8 -> 1.0.9 -> 1.1.0", "0 (canary)", "0 12 * * * for PT1H in UTC", "same-version",
                "eu-3 already runs 1.1.0");
    }

    @Test
    void startSendsTheFileWithTheIdAndShowsTheWavesResumeAndAbortNameTheFleet() throws IOException {
        service.answer("POST /api/v1/fleet-upgrades", 201, "{\"fleetId\":\"f-1\",\"plan\":" + PLAN + "}");
        service.answer("POST /api/v1/fleet-upgrades/f-1/resume", 202, "{\"fleetId\":\"f-1\",\"command\":\"resume\"}");
        service.answer("POST /api/v1/fleet-upgrades/f-1/abort", 202, "{\"fleetId\":\"f-1\",\"command\":\"abort\"}");
        Path file = folder.resolve("fleet.yaml");
        Files.writeString(file, """
                selector: {product: acme}
                targetVersion: 1.1.0
                upgrade: {strategy: OFFLINE}
                waves: {canary: "1", waveSize: "20%", maxConcurrent: 10}
                failureBudget: "0"
                """);

        CommandLineRun start = CommandLineRun.of(service.env(), "fleet", "start", "-f", file.toString(), "--id", "f-1");
        CommandLineRun resume = CommandLineRun.of(service.env(), "fleet", "resume", "f-1");
        CommandLineRun abort = CommandLineRun.of(service.env(), "fleet", "abort", "f-1", "--reason", "drill over");

        assertThat(start.exitCode()).as(start.err()).isZero();
        assertThat(Json.MAPPER.readTree(service.requests().get(0).body()).get("fleetId").asString()).isEqualTo("f-1");
        assertThat(start.out()).contains("fleet upgrade f-1 started", "1.0.7 -> 1.0.8 -> 1.0.9 -> 1.1.0");
        assertThat(resume.exitCode()).as(resume.err()).isZero();
        assertThat(resume.out()).contains("fleet upgrade f-1: resume recorded");
        assertThat(abort.exitCode()).as(abort.err()).isZero();
        assertThat(Json.MAPPER.readTree(service.requests().get(2).body()).get("reason").asString())
                .isEqualTo("drill over");
    }

    @Test
    void getShowsTheWavesTheHaltAndTheDiagnosisListFollowsPages() {
        service.answer("GET /api/v1/fleet-upgrades/f-1", 200, """
                {"fleetId":"f-1","targetVersion":"1.1.0","status":"HALTED","currentWave":1,"waveCount":2,
                 "clusters":{"total":3,"pending":0,"running":1,"succeeded":1,"paused":1,"failed":0},
                 "failureBudget":{"max":"0","allowed":0,"used":1,"exceeded":true},
                 "halt":{"cause":"failure-budget","wave":1,"detail":"1 clusters failed or paused","at":"2026-12-07T10:00:00Z",
                         "liftedAt":null,"failed":[{"clusterId":"eu-2","wave":1,"outcome":"PAUSED"}]},
                 "waves":[{"index":0,"canary":true,"status":"SETTLED","clusters":[{"clusterId":"eu-1","state":"SUCCEEDED",
                             "path":["1.0.9","1.1.0"],"upgrade":{"status":"COMPLETED","version":"1.1.0"}}]},
                          {"index":1,"canary":false,"status":"RUNNING","clusters":[{"clusterId":"eu-2","state":"PAUSED",
                             "reason":"step s1.0 failed","path":["1.0.9","1.1.0"],"upgrade":{"status":"PAUSED"}},
                            {"clusterId":"eu-3","state":"PENDING","path":["1.0.9","1.1.0"],
                             "expectedStart":"2026-12-07T10:46:00Z","expectedEnd":"2026-12-07T10:56:00Z"}]}],
                 "eta":{"basis":"MEASURED","stepTime":"PT2M","stepsMeasured":7,"clusterTime":"PT10M",
                        "expectedEnd":"2026-12-07T10:56:00Z","note":"halted: nothing new starts"},
                 "skipped":[{"clusterId":"eu-9","currentVersion":"0.9","rule":"no-line-skipping","detail":"too old"}]}""");
        service.answer("GET /api/v1/fleet-upgrades/f-1/diagnosis", 200, """
                {"fleetId":"f-1","halted":true,"summary":"Fleet upgrade f-1 halted in wave 1 (failure-budget): eu-2",
                 "failures":[{"clusterId":"eu-2","wave":1,"outcome":"PAUSED","reason":"step s1.0 failed",
                              "upgrade":{"status":"PAUSED","lastFailure":{"stepId":"s1.0","nodeId":"n-2",
                                         "code":"agent-unreachable"}}}]}""");
        service.answer("GET /api/v1/fleet-upgrades?product=acme&limit=1", 200, """
                {"fleets":[{"fleetId":"f-1","product":"acme","targetVersion":"1.1.0","status":"HALTED","currentWave":1,
                            "waveCount":2,"clusters":{"total":3,"succeeded":1,"failed":0},
                            "failureBudget":{"allowed":0,"used":1}}],"next":"f-1"}""");

        CommandLineRun get = CommandLineRun.of(service.env(), "fleet", "get", "f-1", "--diagnose");
        CommandLineRun list = CommandLineRun.of(service.env(), "fleet", "list", "--product", "acme", "--limit", "1");

        assertThat(get.exitCode()).as(get.err()).isZero();
        assertThat(get.out()).contains("fleet upgrade f-1 to 1.1.0: HALTED, wave 1 of 2",
                "budget 1 used of 0 tolerated", "halted in wave 1 (failure-budget)", "0 (canary) SETTLED",
                "step s1.0 failed", "1.0.9 -> 1.1.0", "no-line-skipping", "halted in wave 1 (failure-budget): eu-2",
                "agent-unreachable", "(measured: PT2M a step over 7 steps, PT10M a cluster); halted: nothing new starts");
        assertThat(get.out().lines().filter(line -> line.contains("eu-3")).findFirst().orElseThrow())
                .contains("PENDING", "10:46:00", "10:56:00");
        assertThat(get.out()).containsPattern("expected end \\S+ 10:56:00");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).contains("f-1", "acme", "HALTED", "1/2", "1/0");
        assertThat(service.requests()).extracting(StubService.Request::pathAndQuery)
                .contains("/api/v1/fleet-upgrades?product=acme&limit=1");
    }

    @Test
    void approveSendsTheWaveAndTheReasonAndGetShowsWhoApprovedTheChecksAndWhatWaits() throws IOException {
        service.answer("POST /api/v1/fleet-upgrades/f-1/approvals", 202,
                "{\"fleetId\":\"f-1\",\"command\":\"approve\"}");
        service.answer("GET /api/v1/fleet-upgrades/f-1", 200, """
                {"fleetId":"f-1","targetVersion":"1.1.0","status":"RUNNING","currentWave":1,"waveCount":3,
                 "waitingFor":"APPROVAL","clusters":{"total":3,"pending":1,"running":0,"succeeded":2,"paused":0,"failed":0},
                 "failureBudget":{"max":"0","allowed":0,"used":0,"exceeded":false},
                 "waves":[{"index":0,"canary":true,"status":"SETTLED","clusters":[]},
                          {"index":1,"canary":false,"status":"SETTLED","clusters":[],
                           "approval":{"requestedAt":"2026-12-07T10:00:00Z","approvedBy":"alice","reason":"canary healthy",
                                       "approvedAt":"2026-12-07T10:05:00Z"},
                           "check":{"requestedAt":"2026-12-07T10:20:00Z","verdict":"PASSED","value":0.2,
                                    "detail":"the query answered 1 sample(s), the first 0.2",
                                    "checkedAt":"2026-12-07T10:20:01Z"}},
                          {"index":2,"canary":false,"status":"PENDING","clusters":[],
                           "approval":{"requestedAt":"2026-12-07T10:30:00Z"}}],
                 "skipped":[]}""");

        CommandLineRun approve = CommandLineRun.of(service.env(), "fleet", "approve", "f-1", "--wave", "2",
                "--reason", "wave 1 healthy");
        CommandLineRun missing = CommandLineRun.of(service.env(), "fleet", "approve", "f-1", "--wave", "2");
        CommandLineRun get = CommandLineRun.of(service.env(), "fleet", "get", "f-1");

        assertThat(approve.exitCode()).as(approve.err()).isZero();
        assertThat(approve.out()).contains("fleet upgrade f-1: wave 2 approved");
        JsonNode sent = Json.MAPPER.readTree(service.requests().get(0).body());
        assertThat(sent.get("wave").asInt()).isEqualTo(2);
        assertThat(sent.get("reason").asString()).isEqualTo("wave 1 healthy");
        assertThat(sent.has("approvedBy")).as("who approves comes from the token").isFalse();
        assertThat(missing.exitCode()).as("--reason is required").isNotZero();
        assertThat(get.exitCode()).as(get.err()).isZero();
        assertThat(get.out()).contains("wave 1 approved by alice", "canary healthy",
                "check after wave 1: PASSED", "the first 0.2",
                "waiting for approval of wave 2", "ledger fleet approve f-1 --wave 2");
    }

    @Test
    void rollbackNamesTheFleetAndGetShowsEachClustersAnswer() throws IOException {
        service.answer("POST /api/v1/fleet-upgrades/f-1/rollback", 202,
                "{\"fleetId\":\"f-1\",\"command\":\"rollback\"}");
        service.answer("GET /api/v1/fleet-upgrades/f-1", 200, """
                {"fleetId":"f-1","targetVersion":"1.1.0","status":"ROLLED_BACK","currentWave":1,"waveCount":2,
                 "waitingFor":"NOTHING","clusters":{"total":2,"pending":0,"running":1,"succeeded":1,"paused":0,"failed":0},
                 "failureBudget":{"max":"0","allowed":0,"used":0,"exceeded":false},
                 "waves":[{"index":0,"canary":true,"status":"SETTLED","clusters":[{"clusterId":"eu-1","state":"SUCCEEDED",
                             "path":["1.0","1.1.0"],"rollback":{"outcome":"REFUSED","rule":"upgrade-not-active",
                             "detail":"upgrade f-1 is not active on cluster eu-1"}}]},
                          {"index":1,"canary":false,"status":"RUNNING","clusters":[{"clusterId":"eu-2","state":"RUNNING",
                             "path":["1.0","1.1.0"],"rollback":{"outcome":"REQUESTED"}}]}],
                 "skipped":[]}""");

        CommandLineRun rollback = CommandLineRun.of(service.env(), "fleet", "rollback", "f-1", "--reason", "bad build");
        CommandLineRun get = CommandLineRun.of(service.env(), "fleet", "get", "f-1");

        assertThat(rollback.exitCode()).as(rollback.err()).isZero();
        assertThat(rollback.out()).contains("fleet upgrade f-1: rollback recorded");
        assertThat(Json.MAPPER.readTree(service.requests().get(0).body()).get("reason").asString())
                .isEqualTo("bad build");
        assertThat(get.exitCode()).as(get.err()).isZero();
        assertThat(get.out()).contains("ROLLED_BACK", "rollback:", "upgrade-not-active", "REQUESTED");
    }
}
