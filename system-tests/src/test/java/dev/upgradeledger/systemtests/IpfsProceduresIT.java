package dev.upgradeledger.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.testsupport.ApiClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The IPFS Cluster guide's procedures (seed 002) on the simulated fleet, with the real service jars (the shared
 * {@link ThreeServices}); each recorded history is read against the guide's numbered steps.
 */
class IpfsProceduresIT {

    private static GuideSession session;

    @BeforeAll
    static void connect() throws Exception {
        session = GuideSession.onSharedServices();
    }

    /**
     * "Bootstrap upgrade procedure", steps 1-6, with a state-format change and the backup of "Troubleshooting
     * upgrades"; peer-3 has not received the full state when it is first checked: the upgrade pauses naming it and
     * both checksums, and resumes to the end.
     */
    @Test
    @DisplayName("IPFS Cluster bootstrap upgrade: backup, remove all peers but one, stop, upgrade and state-upgrade it"
            + " offline, restart it, then upgrade and rejoin the others one at a time, each with the survivor's state")
    void aBootstrapUpgradeChecksEveryRejoinedPeersStateAndPausesOnOneThatDiffers() {
        String cluster = session.register("ipfs-", """
                {"clusterId":"%s","product":"ipfs-cluster","version":"1.0.8","schemaVersion":"1",
                 "nodes":[{"id":"peer-1","address":"10.0.2.1:9094","role":"peer"},
                          {"id":"peer-2","address":"10.0.2.2:9094","role":"peer"},
                          {"id":"peer-3","address":"10.0.2.3:9094","role":"peer"}]}""");
        assertThat(session.fleet.post("/api/v1/simulated/faults", """
                {"clusterId":"%s","nodeId":"peer-3","action":"CHECK_STATE","mode":"STATE_DIFFERS","times":1}"""
                .formatted(cluster)).status()).isEqualTo(201);

        session.upgrade(cluster, """
                {"upgradeId":"u-110","targetVersion":"1.1.0","strategy":"REJOIN","stateFormatChange":true,
                 "targetSchemaVersion":"2"}""");

        session.awaitUpgradeStatus(cluster, "PAUSED");
        JsonNode survivorCheck = session.history(cluster, "StateChecked").get(0).get("payload");
        assertThat(survivorCheck.get("nodeId").asString()).isEqualTo("peer-1");
        String survivorChecksum = survivorCheck.get("checksum").asString();
        JsonNode failed = session.history(cluster, "StepFailed").get(0).get("payload");
        assertThat(failed.get("stepId").asString()).as("CHECK_STATE of peer-3, the 15th stage").isEqualTo("s14.0");
        assertThat(failed.get("code").asString()).isEqualTo("state-checksum-mismatch");
        String message = failed.get("message").asString();
        assertThat(message).contains("peer-3", "peer-1", survivorChecksum);
        String peer3Checksum = message.replaceAll(".*holds state checksum (sha256:[0-9a-f]+).*", "$1");
        assertThat(peer3Checksum).startsWith("sha256:").isNotEqualTo(survivorChecksum);
        JsonNode pause = session.history(cluster, "UpgradePaused").get(0).get("payload");
        assertThat(pause.get("nodeId").asString()).isEqualTo("peer-3");
        assertThat(pause.get("reason").asString()).contains("peer-3", survivorChecksum, peer3Checksum);
        JsonNode diagnosis = session.queries.get("/api/v1/upgrades/u-110/diagnosis?clusterId=" + cluster).json();
        assertThat(diagnosis.at("/failure/action").asString()).isEqualTo("CHECK_STATE");
        assertThat(diagnosis.at("/failure/nodeId").asString()).isEqualTo("peer-3");
        assertThat(diagnosis.at("/failure/code").asString()).isEqualTo("state-checksum-mismatch");

        ApiClient.ApiResponse resumed = session.commands.post("/api/v1/clusters/" + cluster
                + "/upgrades/u-110/resume", "");
        assertThat(resumed.status()).as(resumed.body()).isEqualTo(200);
        JsonNode completed = session.awaitUpgradeStatus(cluster, "COMPLETED");
        assertThat(session.queries.get("/api/v1/upgrades/u-110/diagnosis?clusterId=" + cluster).json()
                .get("failedStepAttempts").findValuesAsString("outcome")).containsExactly("FAILED", "SUCCEEDED");

        assertThat(completed.get("nodes").findValuesAsString("version")).hasSize(3).containsOnly("1.1.0");
        assertThat(completed.get("nodes").findValuesAsString("state")).containsOnly("IN_SERVICE");
        assertThat(startedSteps(cluster)).containsExactly(
                "EXPORT_STATE",                                       // troubleshooting: a backup of the state, always
                "REMOVE_PEER peer-2", "REMOVE_PEER peer-3",           // 1-2. peer rm every peer but the last
                "STOP_NODE peer-1",                                   // 3. shut down the remaining peer,
                "UPGRADE_NODE peer-1",                                //    upgrade its binaries
                "MIGRATE_SCHEMA onNode=peer-1",                       // 4. state upgrade (offline),
                "START_NODE peer-1",                                  //    restart it
                "VERIFY_NODE peer-1",
                "CHECK_STATE peer-1",                                 //    the state the others will receive
                "UPGRADE_NODE peer-2",                                // 5. upgrade the removed peers' binaries
                "REJOIN_PEER peer-2",                                 // 6. restart them one at a time, bootstrapping
                "CHECK_STATE peer-2 against=peer-1",                  //    "they will receive a full copy of the state"
                "VERIFY_NODE peer-2",
                "UPGRADE_NODE peer-3",
                "REJOIN_PEER peer-3",
                "CHECK_STATE peer-3 against=peer-1",                  //    differs: paused
                "CHECK_STATE peer-3 against=peer-1",                  //    resumed: its new attempt holds the state
                "VERIFY_NODE peer-3");
        List<String> checked = new ArrayList<>();
        session.history(cluster, "StateChecked").forEach(event -> checked.add(
                event.at("/payload/nodeId").asString() + " " + event.at("/payload/checksum").asString()));
        assertThat(checked).containsExactly("peer-1 " + survivorChecksum, "peer-2 " + survivorChecksum,
                "peer-3 " + survivorChecksum);

        long survivorStopped = session.history(cluster, "NodeStopped").get(0).get("sequence").asLong();
        JsonNode offline = session.queries.get("/api/v1/clusters/" + cluster + "/state?sequence=" + survivorStopped)
                .json().get("state");
        assertThat(nodeStates(offline)).as("time travel: the survivor offline, the others removed")
                .containsExactly("peer-1 STOPPED", "peer-2 REMOVED", "peer-3 REMOVED");

        JsonNode simulated = session.fleet.get("/api/v1/simulated/clusters/" + cluster).json();
        assertThat(simulated.get("schemaVersion").asString()).isEqualTo("2");
        List<String> peers = new ArrayList<>();
        simulated.get("nodes").forEach(node -> peers.add(node.get("id").asString() + " removed="
                + node.get("removed").asBoolean()));
        assertThat(peers).containsExactly("peer-1 removed=false", "peer-2 removed=false", "peer-3 removed=false");
    }

    /** "Standard upgrade procedure" with a state-format change: "a state upgrade is needed (with the peer offline)". */
    @Test
    @DisplayName("IPFS Cluster: if the state format changes, a state upgrade is needed (with the peer offline)")
    void anOfflineUpgradeStopsEveryPeerBeforeTheStateUpgradeAndStartsThemAfter() {
        String cluster = session.register("ipfs-", """
                {"clusterId":"%s","product":"ipfs-cluster","version":"1.0.8","schemaVersion":"1",
                 "nodes":[{"id":"peer-1","address":"10.0.2.1:9094"},{"id":"peer-2","address":"10.0.2.2:9094"}]}""");

        session.upgrade(cluster, """
                {"upgradeId":"u-110","targetVersion":"1.1.0","strategy":"OFFLINE","stateFormatChange":true,
                 "targetSchemaVersion":"2"}""");

        session.awaitUpgradeStatus(cluster, "COMPLETED");
        assertThat(startedSteps(cluster)).containsExactly(
                "HALT_WORKLOADS",
                "EXPORT_STATE",
                "STOP_NODE peer-1", "STOP_NODE peer-2",
                "UPGRADE_NODE peer-1", "UPGRADE_NODE peer-2",        // 1. upgrade the binaries
                "MIGRATE_SCHEMA",                                     // the state upgrade, every peer offline
                "START_NODE peer-1", "START_NODE peer-2",            // 2. restart all the cluster peers
                "VERIFY_NODE peer-1", "VERIFY_NODE peer-2",
                "RESUME_WORKLOADS");
    }

    /**
     * "Troubleshooting upgrades", the full disaster recovery, from the export a bootstrap upgrade recorded before the
     * survivor was lost (the bootstrap is aborted after it removed the other peers). The import's first attempt reads a
     * partial dump: it pauses naming both checksums and imports again on resume.
     */
    @Test
    @DisplayName("IPFS Cluster disaster recovery from an earlier upgrade's export: set up a peer on the old version,"
            + " import (checksum checked), upgrade it, upgrade its state offline, start it alone, bootstrap the rest")
    void aDisasterRecoveryRestoresTheExportOfAnEarlierUpgradeEndToEnd() {
        String cluster = session.register("ipfs-", """
                {"clusterId":"%s","product":"ipfs-cluster","version":"1.0.8","schemaVersion":"1",
                 "nodes":[{"id":"peer-1","address":"10.0.2.1:9094","role":"peer"},
                          {"id":"peer-2","address":"10.0.2.2:9094","role":"peer"},
                          {"id":"peer-3","address":"10.0.2.3:9094","role":"peer"}]}""");
        assertThat(session.fleet.post("/api/v1/simulated/faults", """
                {"clusterId":"%s","nodeId":"peer-1","action":"STOP_NODE","mode":"FAIL","times":1,
                 "retryable":false}""".formatted(cluster)).status()).isEqualTo(201);
        session.upgrade(cluster, """
                {"upgradeId":"u-110","targetVersion":"1.1.0","strategy":"REJOIN","stateFormatChange":true,
                 "targetSchemaVersion":"2"}""");
        session.awaitUpgradeStatus(cluster, "PAUSED");
        assertThat(session.commands.post("/api/v1/clusters/" + cluster + "/upgrades/u-110/abort",
                "{\"reason\":\"the survivor's disk is lost\"}").status()).isEqualTo(200);
        JsonNode exported = session.history(cluster, "StateExported").get(0).get("payload");
        String checksum = exported.get("checksum").asString();

        assertThat(session.fleet.post("/api/v1/simulated/faults", """
                {"clusterId":"%s","action":"IMPORT_STATE","mode":"STATE_DIFFERS","times":1}"""
                .formatted(cluster)).status()).isEqualTo(201);
        session.upgrade(cluster, """
                {"upgradeId":"r-110","targetVersion":"1.1.0","strategy":"RESTORE","restoreFrom":"u-110",
                 "stateFormatChange":true,"targetSchemaVersion":"2"}""");
        session.awaitUpgradeStatus(cluster, "PAUSED");
        JsonNode failed = session.history(cluster, "StepFailed").stream().map(event -> event.get("payload"))
                .filter(payload -> payload.get("upgradeId").asString().equals("r-110")).findFirst().orElseThrow();
        assertThat(failed.get("code").asString()).isEqualTo("checksum-mismatch");
        assertThat(failed.get("message").asString()).contains(checksum).containsPattern("has checksum sha256:[0-9a-f]+");
        assertThat(session.commands.post("/api/v1/clusters/" + cluster + "/upgrades/r-110/resume", "").status())
                .isEqualTo(200);
        JsonNode completed = session.awaitUpgradeStatus(cluster, "COMPLETED");

        assertThat(completed.get("nodes").findValuesAsString("version")).hasSize(3).containsOnly("1.1.0");
        assertThat(completed.get("nodes").findValuesAsString("state")).containsOnly("IN_SERVICE");
        List<String> restoreSteps = startedSteps(cluster);
        assertThat(restoreSteps.subList(restoreSteps.indexOf("STOP_NODE peer-1 #r-110"), restoreSteps.size()))
                .containsExactly(
                "STOP_NODE peer-1 #r-110", "STOP_NODE peer-2 #r-110", "STOP_NODE peer-3 #r-110",
                "CLEAN_PEER peer-1 version=1.0.8 #r-110",             // 3. set up a peer on the old version
                "IMPORT_STATE onNode=peer-1 version=1.0.8 #r-110",     // 4. state import of the export (1-2: u-110's)
                "IMPORT_STATE onNode=peer-1 version=1.0.8 #r-110",     //    resumed: the whole dump this time
                "UPGRADE_NODE peer-1 #r-110",                          // 5. upgrade the binaries
                "MIGRATE_SCHEMA onNode=peer-1 #r-110",                 // 6. state upgrade (offline)
                "START_NODE peer-1 #r-110",                            // 7. start it as a single-peer cluster
                "VERIFY_NODE peer-1 #r-110",
                "CHECK_STATE peer-1 #r-110",
                "CLEAN_PEER peer-2 #r-110",                            // 8. fully clean, upgrade and bootstrap
                "UPGRADE_NODE peer-2 #r-110",                          //    the rest to the running one
                "REJOIN_PEER peer-2 #r-110",
                "CHECK_STATE peer-2 against=peer-1 #r-110",
                "VERIFY_NODE peer-2 #r-110",
                "CLEAN_PEER peer-3 #r-110",
                "UPGRADE_NODE peer-3 #r-110",
                "REJOIN_PEER peer-3 #r-110",
                "CHECK_STATE peer-3 against=peer-1 #r-110",
                "VERIFY_NODE peer-3 #r-110");
        JsonNode imported = session.history(cluster, "StateImported").get(0).get("payload");
        assertThat(imported.get("checksum").asString()).as("the export of u-110, checksum checked").isEqualTo(checksum);
        JsonNode importStep = session.history(cluster, "StepStarted").stream().map(event -> event.get("payload"))
                .filter(payload -> payload.get("action").asString().equals("IMPORT_STATE")).findFirst().orElseThrow();
        assertThat(importStep.at("/parameters/exportedBy").asString()).isEqualTo("u-110");
        assertThat(importStep.at("/parameters/checksum").asString()).isEqualTo(checksum);
        assertThat(importStep.at("/parameters/dumpRef").asString()).isEqualTo(exported.get("dumpRef").asString());
        List<String> cleaned = new ArrayList<>();
        session.history(cluster, "PeerCleaned").forEach(event -> cleaned.add(event.at("/payload/nodeId").asString()
                + (event.at("/payload/version").isMissingNode() || event.at("/payload/version").isNull() ? ""
                : " on " + event.at("/payload/version").asString())));
        assertThat(cleaned).containsExactly("peer-1 on 1.0.8", "peer-2", "peer-3");
        JsonNode simulated = session.fleet.get("/api/v1/simulated/clusters/" + cluster).json();
        assertThat(simulated.get("schemaVersion").asString()).isEqualTo("2");
    }

    private static List<String> startedSteps(String cluster) {
        List<String> started = new ArrayList<>();
        session.history(cluster, "StepStarted").forEach(event -> {
            JsonNode payload = event.get("payload");
            StringBuilder line = new StringBuilder(payload.get("action").asString());
            if (payload.hasNonNull("nodeId")) {
                line.append(' ').append(payload.get("nodeId").asString());
            }
            for (String parameter : List.of("onNode", "against")) {
                JsonNode value = payload.at("/parameters/" + parameter);
                if (!value.isMissingNode()) {
                    line.append(' ').append(parameter).append('=').append(value.asString());
                }
            }
            String upgrade = payload.get("upgradeId").asString();
            if (upgrade.startsWith("r-")) {
                // a restore's steps: the version a peer is set up on or an import expects, and the upgrade
                JsonNode version = payload.at("/parameters/version");
                boolean setUp = payload.get("action").asString().equals("CLEAN_PEER")
                        || payload.get("action").asString().equals("IMPORT_STATE");
                if (setUp && !version.isMissingNode()) {
                    line.append(" version=").append(version.asString());
                }
                line.append(" #").append(upgrade);
            }
            started.add(line.toString());
        });
        return started;
    }

    private static List<String> nodeStates(JsonNode state) {
        List<String> nodes = new ArrayList<>();
        state.get("nodes").forEach(node -> nodes.add(node.get("nodeId").asString() + " "
                + node.get("state").asString()));
        return nodes.stream().sorted().toList();
    }
}
