package dev.upgradeledger.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.upgradeledger.testsupport.ApiClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Three guides' safety rules on the simulated fleet, with the real service jars (the shared {@link ThreeServices}):
 * Backend.AI's component order in a major upgrade, IPFS Cluster's single version, Camunda's finalize gate.
 */
class GuideProceduresIT {

    private static GuideSession session;

    @BeforeAll
    static void connect() throws Exception {
        session = GuideSession.onSharedServices();
    }

    @Test
    @DisplayName("Backend.AI: upgrade the manager first (schema, apply-mission-revisions <previous version>), then the"
            + " other components; a major halts workloads")
    void aBackendAiMajorUpgradeHaltsThenUpgradesTheManagerFirstThenTheAgentsThenResumes() {
        String cluster = session.register("g-", """
                {"clusterId":"%s","product":"backend.ai","version":"23.09.10",
                 "nodes":[{"id":"agent-1","address":"10.0.1.2:6001","role":"agent"},
                          {"id":"agent-2","address":"10.0.1.3:6001","role":"agent"},
                          {"id":"agent-3","address":"10.0.1.4:6001","role":"agent"},
                          {"id":"manager-1","address":"10.0.1.1:8081","role":"manager"}],
                 "catalog":{"lines":[{"name":"23.09","versions":["23.09.9","23.09.10"]},
                                     {"name":"24.03","versions":["24.03.0"]}],"rules":{}}}""");

        session.upgrade(cluster, """
                {"upgradeId":"u-2403","targetVersion":"24.03.0","strategy":"OFFLINE","schemaChange":"ADDITIVE"}""");
        // step 1 of the guide: read the release notes - the upgrade waits for an operator's approval
        session.awaitUpgradeStatus(cluster, "AWAITING_APPROVAL");
        ApiClient.ApiResponse approved = session.commands.post("/api/v1/clusters/" + cluster
                + "/upgrades/u-2403/approvals/s0.0/approve", "{\"reason\":\"release notes of 24.03.0 read\"}");
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);

        JsonNode status = session.awaitUpgradeStatus(cluster, "COMPLETED");
        assertThat(status.get("nodes").findValuesAsString("version")).hasSize(4).containsOnly("24.03.0");
        assertThat(status.get("nodes").findValuesAsString("role")).containsOnly("manager", "agent");
        List<String> started = new ArrayList<>();
        session.history(cluster, "StepStarted").forEach(event -> {
            JsonNode payload = event.get("payload");
            String on = payload.hasNonNull("nodeId") ? " " + payload.get("nodeId").asString() : "";
            String previous = payload.at("/parameters/previousVersion").isMissingNode() ? ""
                    : " " + payload.at("/parameters/previousVersion").asString();
            started.add(payload.get("action").asString() + on + previous);
        });
        assertThat(started).containsExactly(
                "APPROVAL",
                "HALT_WORKLOADS",
                "EXPORT_STATE",
                "UPGRADE_NODE manager-1",
                "MIGRATE_SCHEMA",
                "APPLY_MISSION_REVISIONS manager-1 23.09.10",
                "VERIFY_NODE manager-1",
                "UPGRADE_NODE agent-1", "VERIFY_NODE agent-1",
                "UPGRADE_NODE agent-2", "VERIFY_NODE agent-2",
                "UPGRADE_NODE agent-3", "VERIFY_NODE agent-3",
                "RESUME_WORKLOADS");
        List<JsonNode> applied = session.history(cluster, "MissionRevisionsApplied");
        assertThat(applied).hasSize(1);
        assertThat(applied.get(0).at("/payload/previousVersion").asString()).isEqualTo("23.09.10");
        JsonNode simulated = session.fleet.get("/api/v1/simulated/clusters/" + cluster).json();
        assertThat(simulated.get("workloadsHalted").asBoolean()).isFalse();
        assertThat(simulated.get("schemaVersion").asString()).isEqualTo("24.03.0");
    }

    @Test
    @DisplayName("IPFS Cluster: all the cluster peers need to run the same cluster version (X.X.X, including the patch"
            + " number)")
    void anIpfsClusterWithAPeerOnAnotherPatchVersionIsRefusedUntilConverged() {
        String cluster = session.register("g-", """
                {"clusterId":"%s","product":"ipfs-cluster","version":"1.0.8","schemaVersion":"1",
                 "nodes":[{"id":"peer-1","address":"10.0.2.1:9094","role":"peer"},
                          {"id":"peer-2","address":"10.0.2.2:9094","role":"peer"},
                          {"id":"peer-3","address":"10.0.2.3:9094","role":"peer"}]}""");
        ApiClient.ApiResponse drifting = session.commands.post("/api/v1/clusters/" + cluster + "/nodes",
                "{\"id\":\"peer-4\",\"address\":\"10.0.2.4:9094\",\"version\":\"1.0.9\"}");
        assertRefused(drifting, 409, "single-version");
        // An upgrade to 1.0.9 in which peer-3 fails for good, then aborted: peer-3 stays behind on 1.0.8.
        assertThat(session.fleet.post("/api/v1/simulated/faults", """
                {"clusterId":"%s","nodeId":"peer-3","action":"UPGRADE_NODE","mode":"FAIL","times":1,
                 "retryable":false}""".formatted(cluster)).status()).isEqualTo(201);
        session.upgrade(cluster, "{\"upgradeId\":\"u-109\",\"targetVersion\":\"1.0.9\",\"strategy\":\"OFFLINE\"}");
        session.awaitUpgradeStatus(cluster, "PAUSED");
        assertThat(session.commands.post("/api/v1/clusters/" + cluster + "/upgrades/u-109/abort",
                "{\"reason\":\"peer-3 failed\"}").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> session.queries.get("/api/v1/clusters/" + cluster).json()
                .get("nodes").findValuesAsString("version").containsAll(List.of("1.0.8", "1.0.9")));

        ApiClient.ApiResponse diverged = session.commands.post("/api/v1/clusters/" + cluster + "/upgrades",
                "{\"upgradeId\":\"u-110\",\"targetVersion\":\"1.1.0\",\"strategy\":\"OFFLINE\"}");
        assertRefused(diverged, 422, "single-version");
        assertThat(diverged.json().get("detail").asString()).contains("1.0.8 (peer-3)");
        assertThat(diverged.json().get("wayOut").asString()).contains("upgrade to 1.0.9");

        session.upgrade(cluster, "{\"upgradeId\":\"u-converge\",\"targetVersion\":\"1.0.9\",\"strategy\":\"OFFLINE\"}");
        JsonNode converged = session.awaitUpgradeStatus(cluster, "COMPLETED");
        assertThat(converged.get("nodes").findValuesAsString("version")).hasSize(3).containsOnly("1.0.9");
        assertThat(session.commands.post("/api/v1/clusters/" + cluster + "/upgrades/u-converge/finalize", "").status())
                .isEqualTo(200);
        ApiClient.ApiResponse next = session.commands.post("/api/v1/clusters/" + cluster + "/upgrades",
                "{\"targetVersion\":\"1.1.0\",\"strategy\":\"OFFLINE\",\"dryRun\":true}");
        assertThat(next.status()).as(next.body()).isEqualTo(200);
    }

    @Test
    @DisplayName("Camunda: during the whole process of the rolling upgrade it is not permitted to use new features")
    void aCamundaSecondUpgradeIsRefusedUntilTheFirstIsFinalized() {
        String cluster = session.register("g-", """
                {"clusterId":"%s","product":"camunda","version":"7.5",
                 "nodes":[{"id":"engine-1","address":"10.0.0.1:8080","role":"engine"},
                          {"id":"engine-2","address":"10.0.0.2:8080","role":"engine"},
                          {"id":"engine-3","address":"10.0.0.3:8080","role":"engine"}],
                 "catalog":{"lines":[{"name":"7.5","versions":["7.5"]},{"name":"7.6","versions":["7.6"]},
                                     {"name":"7.7","versions":["7.7"]}],
                            "rules":{"consecutiveWithinLine":false,"noRollingAcrossLines":false}}}""");
        session.upgrade(cluster, """
                {"upgradeId":"u-76","targetVersion":"7.6","strategy":"ROLLING","schemaChange":"ADDITIVE",
                 "maxUnavailable":"1"}""");
        JsonNode completed = session.awaitUpgradeStatus(cluster, "COMPLETED");
        assertThat(completed.get("nodes").findValuesAsString("version")).containsOnly("7.6");

        String next = """
                {"upgradeId":"u-77","targetVersion":"7.7","strategy":"ROLLING","schemaChange":"ADDITIVE",
                 "maxUnavailable":"1"}""";
        ApiClient.ApiResponse refused = session.commands.post("/api/v1/clusters/" + cluster + "/upgrades", next);
        assertRefused(refused, 409, "finalize-before-next-upgrade");
        assertThat(refused.json().get("wayOut").asString()).contains("finalize").contains("u-76");

        assertThat(session.commands.post("/api/v1/clusters/" + cluster + "/upgrades/u-76/finalize", "").status())
                .isEqualTo(200);
        session.upgrade(cluster, next);
        assertThat(session.awaitUpgradeStatus(cluster, "COMPLETED").get("nodes").findValuesAsString("version"))
                .containsOnly("7.7");
    }

    @Test
    @DisplayName("Camunda rolling with a soak between batches and an operator's approval before batch 2: the batch"
            + " stays in service and is verified again, the next waits for the approval, a repeat counts once")
    void aRollingUpgradeSoaksEachBatchAndWaitsForTheApprovalBeforeBatchTwo() {
        String cluster = session.register("g-", """
                {"clusterId":"%s","product":"camunda","version":"7.5",
                 "nodes":[{"id":"engine-1","address":"10.0.0.1:8080","role":"engine"},
                          {"id":"engine-2","address":"10.0.0.2:8080","role":"engine"}],
                 "catalog":{"lines":[{"name":"7.5","versions":["7.5"]},{"name":"7.6","versions":["7.6"]}],
                            "rules":{"consecutiveWithinLine":false,"noRollingAcrossLines":false}}}""");
        session.upgrade(cluster, """
                {"upgradeId":"u-soak","targetVersion":"7.6","strategy":"ROLLING","schemaChange":"ADDITIVE",
                 "maxUnavailable":"1","soakTime":"2s","approvalBefore":[2],"approvalTimeout":"10m"}""");
        session.awaitUpgradeStatus(cluster, "AWAITING_APPROVAL");
        JsonNode waiting = session.queries.get("/api/v1/clusters/" + cluster).json();
        assertThat(waiting.get("nodes").findValuesAsString("version")).containsExactlyInAnyOrder("7.6", "7.5");
        String approve = "/api/v1/clusters/" + cluster + "/upgrades/u-soak/approvals/s7.0/approve";
        ApiClient.ApiResponse approved = session.commands.post(approve,
                "{\"reason\":\"batch 1 healthy after the soak\"}");
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(approved.json().get("counted").asBoolean()).isTrue();
        ApiClient.ApiResponse again = session.commands.post(approve, "");
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().get("counted").asBoolean()).as("the same approval counts once").isFalse();
        assertThat(session.awaitUpgradeStatus(cluster, "COMPLETED").get("nodes").findValuesAsString("version"))
                .containsOnly("7.6");

        List<String> recorded = new ArrayList<>();
        session.history(cluster).forEach(event -> {
            String type = event.get("eventType").asString();
            JsonNode payload = event.get("payload");
            if (type.equals("StepStarted")) {
                recorded.add(payload.get("action").asString() + (payload.hasNonNull("nodeId")
                        ? " " + payload.get("nodeId").asString() : "")
                        + (payload.at("/parameters/afterSoak").isMissingNode() ? "" : " after soak"));
            } else if (List.of("BatchSoaked", "UpgradeApproved").contains(type)) {
                recorded.add(type);
            }
        });
        assertThat(recorded).containsExactly("MIGRATE_SCHEMA",
                "ISOLATE_NODE engine-1", "UPGRADE_NODE engine-1", "VERIFY_NODE engine-1", "REINTEGRATE_NODE engine-1",
                "SOAK", "BatchSoaked", "VERIFY_NODE engine-1 after soak",
                "APPROVAL", "UpgradeApproved",
                "ISOLATE_NODE engine-2", "UPGRADE_NODE engine-2", "VERIFY_NODE engine-2", "REINTEGRATE_NODE engine-2");
    }

    private static void assertRefused(ApiClient.ApiResponse response, int status, String rule) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("rule").asString()).isEqualTo(rule);
        assertThat(response.json().get("type").asString()).endsWith(status == 422 ? "upgrade-rejected" : rule);
    }



}
