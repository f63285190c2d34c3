package dev.upgradeledger.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.testsupport.ApiClient;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The Inmanta guide "Upgrading by migrating from one orchestrator to another orchestrator" (seed 004) on the simulated
 * fleet, with the real service jars (the shared {@link ThreeServices}): the recorded history is the guide's numbered
 * procedure, step by step, and a compile that fails for one environment pauses the upgrade naming it; resuming retries
 * that environment and runs to the end.
 */
class InmantaProcedureIT {

    private static GuideSession session;

    @BeforeAll
    static void connect() throws Exception {
        session = GuideSession.onSharedServices();
    }

    @Test
    @DisplayName("Inmanta: validate the new orchestrator, halt, stop, dump, stop, restore, start, every environment"
            + " halted, then one environment at a time: recompile, wait for the compile, resume")
    void anInmantaMigrationIsTheGuidesProcedureAndACompileFailingForOneEnvironmentPausesNamingIt() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String old = session.register("inm-old-", """
                {"clusterId":"%s","product":"inmanta","version":"2023.4",
                 "nodes":[{"id":"orchestrator","address":"10.0.3.1:8888","group":"dev"},
                          {"id":"orchestrator-prod","address":"10.0.3.1:8889","group":"prod"},
                          {"id":"orchestrator-test","address":"10.0.3.1:8890","group":"test"}]}""");
        String target = session.register("inm-new-", """
                {"clusterId":"%s","product":"inmanta","version":"2024.1",
                 "nodes":[{"id":"orchestrator","address":"10.0.3.2:8888"}]}""");
        // the compile of environment "prod" fails once, for good: a broken project on the new version
        ApiClient.ApiResponse fault = session.fleet.post("/api/v1/simulated/faults", """
                {"clusterId":"%s","action":"RECOMPILE_ENVIRONMENT","environment":"prod","mode":"FAIL","times":1,
                 "retryable":false}""".formatted(target));
        assertThat(fault.status()).as(fault.body()).isEqualTo(201);

        String upgrade = "u-2024-" + suffix;
        session.upgrade(old, """
                {"upgradeId":"%s","targetVersion":"2024.1","strategy":"MIGRATION","targetClusterId":"%s"}"""
                .formatted(upgrade, target));

        session.awaitUpgradeStatus(old, "PAUSED");
        JsonNode paused = session.history(old, "UpgradePaused").get(0).get("payload");
        assertThat(paused.get("cause").asString()).isEqualTo("STEP_FAILED");
        assertThat(paused.get("reason").asString()).startsWith(
                "step s10.0 (RECOMPILE_ENVIRONMENT of environment prod) failed: compile-failed:");
        JsonNode diagnosis = session.queries.get("/api/v1/upgrades/" + upgrade + "/diagnosis?clusterId=" + old).json();
        assertThat(diagnosis.get("summary").asString()).startsWith(
                "Step s10.0 (RECOMPILE_ENVIRONMENT of environment prod) failed for good at attempt 1");
        JsonNode halfway = session.fleet.get("/api/v1/simulated/clusters/" + target).json();
        assertThat(strings(halfway.get("resumedEnvironments"))).as("dev resumed, prod and test still halted")
                .containsExactly("dev");
        // time travel: just before the pause the failing compile was the step running
        long pausedAt = session.history(old, "UpgradePaused").get(0).get("sequence").asLong();
        JsonNode before = session.queries.get("/api/v1/clusters/" + old + "/state?sequence=" + (pausedAt - 2)).json();
        assertThat(before.at("/state/upgrade/runningSteps/0/action").asString()).isEqualTo("RECOMPILE_ENVIRONMENT");
        assertThat(session.queries.get("/api/v1/clusters/" + old + "/state?sequence=" + pausedAt).json()
                .at("/state/upgrade/status").asString()).isEqualTo("PAUSED");

        // the project of prod was fixed: resume retries prod's compile, then goes on with test
        ApiClient.ApiResponse resumed = session.commands.post("/api/v1/clusters/" + old + "/upgrades/" + upgrade
                + "/resume", "");
        assertThat(resumed.status()).as(resumed.body()).isEqualTo(200);
        session.awaitUpgradeStatus(old, "COMPLETED");

        List<String> recorded = new ArrayList<>();
        for (JsonNode event : session.history(old)) {
            String type = event.get("eventType").asString();
            JsonNode payload = event.get("payload");
            switch (type) {
                case "StepStarted" -> recorded.add(payload.get("action").asString() + " @"
                        + payload.get("targetClusterId").asString().replace(old, "inm-old-x")
                                .replace(target, "inm-new-x")
                        + (payload.at("/parameters/environment").isMissingNode() ? ""
                        : " " + payload.at("/parameters/environment").asString())
                        + (payload.get("attempt").asInt() > 1 ? " attempt " + payload.get("attempt").asInt() : ""));
                case "StepFailed" -> recorded.add("StepFailed " + payload.get("code").asString());
                case "UpgradePaused", "UpgradeResumed", "UpgradeCompleted", "EnvironmentsChecked",
                     "EnvironmentRecompiled", "EnvironmentResumed" -> recorded.add(type);
                default -> {
                }
            }
        }
        assertThat(recorded).containsExactly(
                "VERIFY_TARGET @inm-new-x",                 // 1. [new] the desired version installed and working
                "HALT_WORKLOADS @inm-old-x",                // 2. [old] halt all environments
                "STOP_SERVER @inm-old-x",                   // 3. [old] stop the server
                "EXPORT_STATE @inm-old-x",                  // 4. [old] pg_dump of the server database
                "STOP_SERVER @inm-new-x",                   // 5. [new] make sure the server is stopped
                "IMPORT_STATE @inm-new-x",                  // 6.-7. [new] drop, recreate, load the dump
                "START_SERVER @inm-new-x",                  // 8. [new] start; migrations run on start
                "CHECK_ENVIRONMENTS @inm-new-x",            // 9. [new] every environment visible and still halted
                "EnvironmentsChecked",
                "RECOMPILE_ENVIRONMENT @inm-new-x dev",     // 10a. dev: update project & recompile, compile succeeded
                "EnvironmentRecompiled",
                "RESUME_ENVIRONMENT @inm-new-x dev",        // 10b. dev: resume
                "EnvironmentResumed",
                "RECOMPILE_ENVIRONMENT @inm-new-x prod",    // 10a. prod: the compile fails, prod is not resumed
                "StepFailed compile-failed",
                "UpgradePaused",
                "UpgradeResumed",
                "RECOMPILE_ENVIRONMENT @inm-new-x prod attempt 2", // 10a. again, from prod
                "EnvironmentRecompiled",
                "RESUME_ENVIRONMENT @inm-new-x prod",       // 10b. prod: resume
                "EnvironmentResumed",
                "RECOMPILE_ENVIRONMENT @inm-new-x test",    // 10a. test
                "EnvironmentRecompiled",
                "RESUME_ENVIRONMENT @inm-new-x test",       // 10b. test
                "EnvironmentResumed",
                "UpgradeCompleted");
        JsonNode checked = session.history(old, "EnvironmentsChecked").get(0).get("payload");
        assertThat(strings(checked.get("environments"))).containsExactly("dev", "prod", "test");
        JsonNode done = session.fleet.get("/api/v1/simulated/clusters/" + target).json();
        assertThat(done.get("serverStopped").asBoolean()).isFalse();
        assertThat(strings(done.get("environments"))).containsExactly("dev", "prod", "test");
        assertThat(strings(done.get("resumedEnvironments"))).containsExactly("dev", "prod", "test");
        assertThat(session.fleet.get("/api/v1/simulated/clusters/" + old).json().get("serverStopped").asBoolean())
                .as("the old orchestrator stays stopped until it is retired").isTrue();
    }


    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asString()));
        return values;
    }


}
