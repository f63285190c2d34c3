package dev.upgradeledger.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.upgradeledger.testsupport.ApiClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Replicante's "Breaking Upgrades" guide (seed 000) as a live move on the simulated fleet, with the real service jars
 * (the shared {@link ThreeServices}): the recorded history step by step against the guide's numbered procedure, a
 * discovery group claimed by a second cluster in the middle (the move pauses naming the group and its manager, and
 * resumes to the end once it is released), and the old cluster retired only when asked, its history still readable.
 */
class ReplicanteMoveIT {

    private static GuideSession session;

    @BeforeAll
    static void connect() throws Exception {
        session = GuideSession.onSharedServices();
    }

    @Test
    @DisplayName("Replicante: steps 1-7, one manager per discovery group; a group claimed by a second cluster pauses"
            + " the move until it is released")
    void aLiveMoveFollowsTheGuideAndAGroupClaimedElsewherePausesIt() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String old = register("repl-old-" + suffix, "0.7.3", "10.0.4");
        String target = register("repl-new-" + suffix, "0.8.0", "10.0.5");
        String other = register("repl-other-" + suffix, "0.8.0", "10.0.6");

        // "More then one Replicante cluster must not be managing the same datastore": a claim is refused
        ApiClient.ApiResponse refused = session.commands.post("/api/v1/clusters/" + old + "/groups/kafka-eu/claim",
                "{\"managerClusterId\":\"" + other + "\"}");
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.json().get("type").asString()).endsWith("group-managed-elsewhere");
        assertThat(refused.json().get("detail").asString()).contains("group kafka-eu is managed by " + old);
        await().atMost(Duration.ofSeconds(30)).until(() -> session.queries.get("/api/v1/clusters/" + old + "/groups")
                .status() == 200);
        assertThat(managers(old)).containsExactly("kafka-eu=" + old + "@0", "mongo-eu=" + old + "@0");

        // the first group's step 6.3 takes 20 s longer: the second cluster claims the group in the meantime
        assertThat(session.fleet.post("/api/v1/simulated/faults", """
                {"clusterId":"%s","action":"ADD_DISCOVERY_GROUP","mode":"DELAY","times":1,"delay":"20s"}"""
                .formatted(target)).status()).isEqualTo(201);
        ApiClient.ApiResponse accepted = session.commands.post("/api/v1/clusters/" + old + "/upgrades", """
                {"upgradeId":"u-08","targetVersion":"0.8.0","strategy":"LIVE_MOVE","targetClusterId":"%s"}"""
                .formatted(target));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
        // step 1: read the upgrade notes - the move waits for an operator's approval
        session.awaitUpgradeStatus(old, "AWAITING_APPROVAL");
        assertThat(session.commands.post("/api/v1/clusters/" + old + "/upgrades/u-08/approvals/s0.0/approve",
                "{\"reason\":\"0.8 notes read\"}").status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> managers(old).contains("kafka-eu=nobody@1"));
        ApiClient.ApiResponse claimed = session.commands.post("/api/v1/clusters/" + old + "/groups/kafka-eu/claim",
                "{\"managerClusterId\":\"" + other + "\"}");
        assertThat(claimed.status()).as(claimed.body()).isEqualTo(204);

        session.awaitUpgradeStatus(old, "PAUSED");
        JsonNode paused = session.history(old, "UpgradePaused").get(0).get("payload");
        assertThat(paused.get("cause").asString()).isEqualTo("STEP_FAILED");
        assertThat(paused.get("reason").asString()).contains("ADD_DISCOVERY_GROUP", "group-managed-elsewhere",
                "group kafka-eu is managed by " + other + " (epoch 2)");
        JsonNode diagnosis = session.queries.get("/api/v1/upgrades/u-08/diagnosis?clusterId=" + old).json();
        assertThat(diagnosis.toString()).contains("group kafka-eu is managed by " + other);

        assertThat(session.commands.post("/api/v1/clusters/" + old + "/groups/kafka-eu/release",
                "{\"managerClusterId\":\"" + other + "\"}").status()).isEqualTo(204);
        assertThat(session.commands.post("/api/v1/clusters/" + old + "/upgrades/u-08/resume", "").status())
                .isEqualTo(200);
        JsonNode completed = session.awaitUpgradeStatus(old, "COMPLETED");
        assertThat(completed.at("/cluster/version").asString()).as("the old cluster is not upgraded in place")
                .isEqualTo("0.7.3");

        List<String> started = new ArrayList<>();
        for (JsonNode event : session.history(old, "StepStarted")) {
            JsonNode payload = event.get("payload");
            JsonNode group = payload.at("/parameters/group");
            started.add(payload.get("action").asString() + " " + onCluster(payload.get("targetClusterId").asString(),
                    old, target) + " " + (group.isMissingNode() ? "-" : group.asString()) + " #"
                    + payload.get("attempt").asInt());
        }
        assertThat(started).containsExactly(
                "APPROVAL old - #1",                      // 1. read the upgrade notes
                "REMOVE_DISCOVERY_GROUP new * #1",        // 4. remove all discovery backends (new cluster)
                "ROLLING_RESTART new * #1",               // 5. start the processes of the new cluster
                "REMOVE_DISCOVERY_GROUP old kafka-eu #1", // 6.1 remove the group from the existing cluster
                "ROLLING_RESTART old kafka-eu #1",        // 6.2 rolling-restart the existing cluster
                "ADD_DISCOVERY_GROUP new kafka-eu #1",    // 6.3 add it to the new cluster: claimed elsewhere, paused
                "ADD_DISCOVERY_GROUP new kafka-eu #2",    // 6.3 again after the release and the resume
                "ROLLING_RESTART new kafka-eu #1",        // 6.4 rolling-restart the new cluster
                "REMOVE_DISCOVERY_GROUP old mongo-eu #1", // 6.1
                "ROLLING_RESTART old mongo-eu #1",        // 6.2
                "ADD_DISCOVERY_GROUP new mongo-eu #1",    // 6.3
                "ROLLING_RESTART new mongo-eu #1");       // 6.4
        List<String> fencing = new ArrayList<>();
        for (JsonNode event : session.history(old, "DiscoveryGroupClaimed", "DiscoveryGroupReleased")) {
            JsonNode payload = event.get("payload");
            fencing.add(event.get("eventType").asString().replace("DiscoveryGroup", "") + " "
                    + payload.get("group").asString() + " " + onCluster(payload.get("managerClusterId").asString(),
                    old, target).replace(other, "other") + " " + payload.get("epoch").asLong());
        }
        assertThat(fencing).containsExactly(
                "Released kafka-eu old 1",   // after 6.2: the old cluster no longer manages it
                "Claimed kafka-eu other 2",  // the second cluster's claim, in the middle of 6.3
                "Released kafka-eu other 3", // its release, before the resume
                "Claimed kafka-eu new 4",    // 6.3 done: the new cluster manages it
                "Released mongo-eu old 1",
                "Claimed mongo-eu new 2");
        assertThat(session.history(old, "WorkloadsHalted", "StateExported")).as("a live move neither halts nor exports")
                .isEmpty();
        assertThat(managers(old)).containsExactly("kafka-eu=" + target + "@4", "mongo-eu=" + target + "@2");
        JsonNode managing = session.queries.get("/api/v1/clusters/" + target + "/groups").json().get("managing");
        assertThat(managing.findValuesAsString("group")).containsExactly("kafka-eu", "mongo-eu");

        // 7. once access to historic data is no longer needed: retire the old cluster; resent, it counts once
        Map<String, String> key = Map.of("Idempotency-Key", "retire-" + suffix);
        for (int i = 0; i < 2; i++) {
            ApiClient.ApiResponse retired = session.commands.post("/api/v1/clusters/" + old + "/retire",
                    "{\"reason\":\"moved to " + target + "\"}", key);
            assertThat(retired.status()).as(retired.body()).isEqualTo(204);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> session.queries.get("/api/v1/clusters/" + old).json()
                .at("/cluster/retired").asBoolean());
        assertThat(session.history(old, "ClusterRetired")).hasSize(1);
        assertThat(session.history(old, "StepStarted")).as("its history stays readable").hasSize(12);
    }

    private static String onCluster(String cluster, String old, String target) {
        return cluster.equals(old) ? "old" : cluster.equals(target) ? "new" : cluster;
    }

    /** Each group of the cluster as group=manager@epoch ({@code nobody} while released). */
    private static List<String> managers(String cluster) {
        JsonNode groups = session.queries.get("/api/v1/clusters/" + cluster + "/groups").json().get("groups");
        List<String> managers = new ArrayList<>();
        groups.forEach(group -> {
            JsonNode manager = group.get("managerClusterId");
            managers.add(group.get("group").asString() + "=" + (manager == null || manager.isNull() ? "nobody"
                    : manager.asString()) + "@" + group.get("epoch").asLong());
        });
        return managers;
    }


    private static String register(String clusterId, String version, String network) {
        return session.registerAs(clusterId, """
                {"clusterId":"%s","product":"replicante","version":"%s",
                 "nodes":[{"id":"core-1","address":"%s.1:16016","group":"mongo-eu"},
                          {"id":"core-2","address":"%s.2:16016","group":"kafka-eu"}]}"""
                .formatted(clusterId, version, network, network));
    }

}
