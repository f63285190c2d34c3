package dev.upgradeledger.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.FailurePolicy;
import dev.upgradeledger.events.NodeQuarantined;
import dev.upgradeledger.events.PlannedStage;
import dev.upgradeledger.events.PlannedStep;
import dev.upgradeledger.events.RollbackStarted;
import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.events.UpgradeAborted;
import dev.upgradeledger.events.UpgradeCompleted;
import dev.upgradeledger.events.UpgradeFinalized;
import dev.upgradeledger.events.UpgradePaused;
import dev.upgradeledger.events.UpgradePlan;
import dev.upgradeledger.events.UpgradeRejected;
import dev.upgradeledger.events.Version;
import dev.upgradeledger.events.MaxUnavailable;
import dev.upgradeledger.events.SchemaChange;
import dev.upgradeledger.events.StepStarted;
import dev.upgradeledger.events.UpgradeApproved;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.events.UpgradePlanned;
import dev.upgradeledger.events.UpgradeRequested;
import dev.upgradeledger.events.UpgradeResumed;
import dev.upgradeledger.events.UpgradeStrategy;
import dev.upgradeledger.testsupport.ApiClient.ApiResponse;
import dev.upgradeledger.testsupport.LedgerIntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

@LedgerIntegrationTest
class UpgradeProgressIT extends ProjectionIntegrationTest {

    @Test
    void aRollingUpgradeWithARetriedFailureAndATimeOutIsFollowedToTheEnd() {
        History history = History.registered(uniqueClusterId("up"), "camunda", "1.0.8", "peer-1", "peer-2", "peer-3");
        String upgradeId = uniqueUpgradeId();
        UpgradeRun run = UpgradeRun.rolling(history, upgradeId, "1.0.8", "1.1.0", FailurePolicy.PAUSE,
                "peer-1", "peer-2", "peer-3");
        assertThat(run.plan.stages()).hasSize(13);
        int upgradePeer2 = run.stage("batch 2 of 3: upgrade");
        int verifyPeer3 = run.stage("batch 3 of 3: verify");
        for (int stage = 0; stage < upgradePeer2; stage++) {
            run.runStage(stage);
        }
        PlannedStep upgrade2 = run.step(upgradePeer2, 0);
        EventEnvelope firstStart = run.start(upgrade2, 1);
        EventEnvelope failure = run.fail(upgrade2, 1, "http-5xx", true);
        publishAndAwait(history.all());
        String path = "/api/v1/upgrades/" + upgradeId;

        JsonNode retrying = awaitJson(path, body -> body.at("/upgrade/lastSequence").asLong() == failure.sequence())
                .get("upgrade");
        assertThat(retrying.get("status").asString()).isEqualTo("RUNNING");
        assertThat(retrying.get("strategy").asString()).isEqualTo("ROLLING");
        assertThat(retrying.get("requestedBy").asString()).isEqualTo("sre-alice");
        assertThat(retrying.at("/current/stage").asInt()).isEqualTo(upgradePeer2);
        assertThat(retrying.at("/current/batch").asInt()).isEqualTo(2);
        assertThat(retrying.at("/current/batches").asInt()).isEqualTo(3);
        assertThat(retrying.at("/current/stageDescription").asString()).startsWith("batch 2 of 3: upgrade peer-2");
        assertThat(retrying.at("/counts/steps/retrying").asInt()).isEqualTo(1);
        assertThat(retrying.at("/counts/steps/succeeded").asInt()).isEqualTo(upgradePeer2);
        assertThat(retrying.at("/counts/nodes/upgraded").asInt()).isEqualTo(1);
        assertThat(retrying.at("/lastFailure/stepId").asString()).isEqualTo(upgrade2.stepId());
        assertThat(retrying.at("/lastFailure/nodeId").asString()).isEqualTo("peer-2");
        assertThat(retrying.at("/lastFailure/action").asString()).isEqualTo("UPGRADE_NODE");
        assertThat(retrying.at("/lastFailure/attempt").asInt()).isEqualTo(1);
        assertThat(retrying.at("/lastFailure/code").asString()).isEqualTo("http-5xx");
        assertThat(retrying.at("/lastFailure/willRetry").asBoolean()).isTrue();
        JsonNode peer2 = node(history, "peer-2");
        assertThat(peer2.get("lastStepId").asString()).isEqualTo(upgrade2.stepId());
        assertThat(peer2.get("lastAction").asString()).isEqualTo("UPGRADE_NODE");
        assertThat(peer2.get("lastStepStatus").asString()).isEqualTo("RETRYING");
        assertThat(peer2.get("state").asString()).isEqualTo("ISOLATED");

        int firstNew = history.all().size();
        run.start(upgrade2, 2);
        EventEnvelope upgraded = run.succeed(upgrade2);
        for (int stage = upgradePeer2 + 1; stage < verifyPeer3; stage++) {
            run.runStage(stage);
        }
        PlannedStep verify3 = run.step(verifyPeer3, 0);
        EventEnvelope verifyStart = run.start(verify3, 1);
        run.timeOut(verify3, 1, true);
        run.start(verify3, 2);
        EventEnvelope verified = run.succeed(verify3);
        for (int stage = verifyPeer3 + 1; stage < run.plan.stages().size(); stage++) {
            run.runStage(stage);
        }
        EventEnvelope completed = history.add(new UpgradeCompleted(history.clusterId(), run.upgradeId,
                Version.of("1.1.0"), Version.of("2"), false));
        EventEnvelope finalized = history.add(new UpgradeFinalized(history.clusterId(), run.upgradeId,
                Version.of("1.1.0")));
        publishAndAwait(history.from(firstNew));

        JsonNode done = awaitJson(path, body -> body.at("/upgrade/status").asString().equals("FINALIZED"));
        JsonNode summary = done.get("upgrade");
        assertThat(summary.at("/counts/steps/total").asInt()).isEqualTo(13);
        assertThat(summary.at("/counts/steps/succeeded").asInt()).isEqualTo(13);
        assertThat(summary.at("/counts/attempts").asInt()).isEqualTo(15);
        assertThat(summary.at("/counts/failures").asInt()).isEqualTo(2);
        assertThat(summary.at("/counts/nodes/total").asInt()).isEqualTo(3);
        assertThat(summary.at("/counts/nodes/upgraded").asInt()).isEqualTo(3);
        assertThat(summary.at("/current/stage").isNull()).isTrue();
        assertThat(summary.at("/lastFailure/code").asString()).isEqualTo("timeout");
        assertThat(summary.at("/lastFailure/message").asString()).startsWith("no outcome before ");
        assertThat(summary.at("/timestamps/requestedAt").asString()).isEqualTo(history.time(1).toString());
        assertThat(summary.at("/timestamps/startedAt").asString()).isEqualTo(history.time(3).toString());
        assertThat(summary.at("/timestamps/completedAt").asString())
                .isEqualTo(history.time(completed.sequence()).toString());
        assertThat(summary.at("/timestamps/finalizedAt").asString())
                .isEqualTo(history.time(finalized.sequence()).toString());
        assertThat(summary.at("/durations/totalMs").asLong()).isEqualTo((completed.sequence() - 1) * 1000);
        assertThat(summary.at("/durations/pausedMs").asLong()).isZero();
        assertThat(summary.get("lastSequence").asLong()).isEqualTo(finalized.sequence());
        assertThat(summary.get("lastPosition").asLong()).isEqualTo(finalized.position());

        JsonNode plan = done.at("/plans/0");
        assertThat(plan.get("kind").asString()).isEqualTo("HOP");
        assertThat(plan.get("toVersion").asString()).isEqualTo("1.1.0");
        assertThat(plan.get("stages")).hasSize(13);
        assertThat(plan.at("/stages/0/steps/0/action").asString()).isEqualTo("MIGRATE_SCHEMA");
        assertThat(plan.at("/stages/0/batch").isNull()).isTrue();
        assertThat(plan.at("/stages/1/batch").asInt()).isEqualTo(1);
        JsonNode retried = plan.at("/stages/" + upgradePeer2 + "/steps/0");
        assertThat(retried.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(retried.get("attempts").asInt()).isEqualTo(2);
        assertThat(retried.get("nodeId").asString()).isEqualTo("peer-2");
        assertThat(retried.get("durationMs").asLong()).isEqualTo((upgraded.sequence() - firstStart.sequence()) * 1000);
        assertThat(retried.at("/lastError/code").asString()).isEqualTo("http-5xx");
        assertThat(retried.at("/lastError/attempt").asInt()).isEqualTo(1);
        assertThat(retried.get("lastSequence").asLong()).isEqualTo(upgraded.sequence());
        JsonNode timedOut = plan.at("/stages/" + verifyPeer3 + "/steps/0");
        assertThat(timedOut.at("/lastError/code").asString()).isEqualTo("timeout");
        assertThat(timedOut.get("durationMs").asLong())
                .isEqualTo((verified.sequence() - verifyStart.sequence()) * 1000);

        JsonNode cluster = api.get("/api/v1/clusters/" + history.clusterId()).json().get("cluster");
        assertThat(cluster.get("status").asString()).isEqualTo("CONVERGED");
        assertThat(cluster.get("versions").valueStream().map(JsonNode::asString)).containsExactly("1.1.0");
        assertThat(node(history, "peer-3").get("lastStepStatus").asString()).isEqualTo("SUCCEEDED");

        String before = api.get(path).body();
        String nodesBefore = api.get("/api/v1/clusters/" + history.clusterId() + "/nodes").body();
        redeliver(finalized, failure, history.get(2));
        assertThat(api.get(path).body()).as("a duplicate and older events change nothing").isEqualTo(before);
        assertThat(api.get("/api/v1/clusters/" + history.clusterId() + "/nodes").body()).isEqualTo(nodesBefore);
        assertThat(api.get("/api/v1/clusters/" + history.clusterId() + "/upgrades/" + upgradeId).body())
                .isEqualTo(before);
    }

    @Test
    void aQuarantinedNodeAPauseAndARollbackShowInThePlansAndCounts() {
        History history = History.registered(uniqueClusterId("rb"), "camunda", "1.0.8", "peer-1", "peer-2", "peer-3");
        String upgradeId = uniqueUpgradeId();
        UpgradeRun run = UpgradeRun.rolling(history, upgradeId, "1.0.8", "1.1.0",
                new FailurePolicy(FailurePolicy.Mode.QUARANTINE, 34), "peer-1", "peer-2", "peer-3");
        run.runStage(0);
        run.runStage(1);
        PlannedStep upgrade1 = run.step(2, 0);
        run.start(upgrade1, 1);
        run.fail(upgrade1, 1, "disk-full", false);
        history.add(new NodeQuarantined(history.clusterId(), run.upgradeId, upgrade1.stepId(), upgrade1.nodeId(),
                "disk-full: the agent answered disk-full"));
        for (int stage = 5; stage <= 8; stage++) {
            run.runStage(stage);
        }
        PlannedStep isolate3 = run.step(9, 0);
        run.start(isolate3, 1);
        EventEnvelope paused = history.add(new UpgradePaused(history.clusterId(), run.upgradeId,
                "paused by an operator"));
        UpgradePlan rollbackPlan = new UpgradePlan(List.of(
                stage(history, 0, "roll back peer-2: isolate", "r0.0", StepAction.ISOLATE_NODE, Map.of()),
                stage(history, 1, "roll back peer-2: back to 1.0.8", "r1.0", StepAction.ROLL_BACK_NODE,
                        Map.of("version", "1.0.8")),
                stage(history, 2, "roll back peer-2: verify", "r2.0", StepAction.VERIFY_NODE, Map.of()),
                stage(history, 3, "roll back peer-2: reintegrate", "r3.0", StepAction.REINTEGRATE_NODE, Map.of())));
        EventEnvelope rollback = history.add(new RollbackStarted(history.clusterId(), run.upgradeId,
                "rolled back by an operator", rollbackPlan));
        UpgradeRun rollbackRun = run.withPlan(rollbackPlan);
        for (int stage = 0; stage < 4; stage++) {
            rollbackRun.runStage(stage);
        }
        EventEnvelope completed = history.add(new UpgradeCompleted(history.clusterId(), run.upgradeId,
                Version.of("1.0.8"), Version.of("2"), true));
        publishAndAwait(history.all());

        JsonNode progress = awaitJson("/api/v1/upgrades/" + upgradeId,
                body -> body.at("/upgrade/status").asString().equals("ROLLED_BACK"));
        JsonNode summary = progress.get("upgrade");
        assertThat(summary.at("/current/plan").asInt()).isEqualTo(2);
        assertThat(summary.at("/durations/pausedMs").asLong())
                .isEqualTo((rollback.sequence() - paused.sequence()) * 1000);
        assertThat(summary.at("/durations/totalMs").asLong()).isEqualTo((completed.sequence() - 1) * 1000);
        assertThat(summary.at("/timestamps/rollbackStartedAt").asString())
                .isEqualTo(history.time(rollback.sequence()).toString());
        assertThat(summary.at("/timestamps/pausedAt").asString()).isEqualTo(history.time(paused.sequence()).toString());
        assertThat(summary.at("/statusReason").asString()).isEqualTo("rolled back by an operator");
        assertThat(summary.at("/counts/nodes/quarantined").asInt()).isEqualTo(1);
        assertThat(summary.at("/counts/nodes/total").asInt()).as("the rollback plan's nodes").isEqualTo(1);
        assertThat(summary.at("/counts/nodes/upgraded").asInt()).isEqualTo(1);
        assertThat(summary.at("/counts/steps/total").asInt()).isEqualTo(17);
        assertThat(summary.at("/counts/steps/succeeded").asInt()).isEqualTo(6 + 4);
        assertThat(summary.at("/counts/steps/failed").asInt()).isEqualTo(1);
        assertThat(summary.at("/counts/steps/skipped").asInt()).as("verify and reintegrate peer-1").isEqualTo(2);
        assertThat(summary.at("/counts/steps/cancelled").asInt()).as("batch 3, its isolation running").isEqualTo(4);
        assertThat(summary.at("/lastFailure/willRetry").asBoolean()).isFalse();
        assertThat(progress.get("plans").valueStream().map(plan -> plan.get("kind").asString()))
                .containsExactly("HOP", "ROLLBACK");
        assertThat(progress.at("/plans/1/reason").asString()).isEqualTo("rolled back by an operator");
        assertThat(progress.at("/plans/0/stages/9/steps/0/status").asString()).isEqualTo("CANCELLED");
        assertThat(progress.at("/plans/0/stages/9/steps/0/attempts").asInt()).isEqualTo(1);
        assertThat(progress.at("/plans/0/stages/3/steps/0/status").asString()).isEqualTo("SKIPPED");

        JsonNode peer1 = node(history, "peer-1");
        assertThat(peer1.get("state").asString()).isEqualTo("QUARANTINED");
        assertThat(peer1.get("lastStepStatus").asString()).isEqualTo("FAILED");
        assertThat(node(history, "peer-3").get("lastStepStatus").asString()).isEqualTo("CANCELLED");
        assertThat(node(history, "peer-2").get("version").asString()).isEqualTo("1.0.8");
        assertThat(node(history, "peer-2").get("lastAction").asString()).isEqualTo("REINTEGRATE_NODE");
        JsonNode cluster = api.get("/api/v1/clusters/" + history.clusterId()).json().get("cluster");
        assertThat(cluster.at("/upgrade/status").asString()).isEqualTo("ROLLED_BACK");
        assertThat(cluster.get("status").asString()).isEqualTo("CONVERGED");

        String before = api.get("/api/v1/upgrades/" + upgradeId).body();
        redeliver(completed, rollback, paused);
        assertThat(api.get("/api/v1/upgrades/" + upgradeId).body()).isEqualTo(before);
    }

    @Test
    void anUpgradePausedWhileAwaitingAnApprovalAwaitsItAgainWhenResumed() {
        History history = History.registered(uniqueClusterId("ap"), "backendai", "1.0.8", "peer-1", "peer-2");
        String upgradeId = uniqueUpgradeId();
        UpgradeId id = UpgradeId.of(upgradeId);
        PlannedStep approval = new PlannedStep("s0.0", StepAction.APPROVAL, history.clusterId(), null,
                Map.of("what", "read the release notes", "timeout", "PT24H"));
        UpgradePlan plan = new UpgradePlan(List.of(
                new PlannedStage(0, "approval: read the release notes", List.of(approval)),
                stage(history, 1, "upgrade peer-2", "s1.0", StepAction.UPGRADE_NODE, Map.of("version", "1.1.0"))));
        history.add(new UpgradeRequested(history.clusterId(), id, Version.of("1.0.8"), Version.of("1.1.0"),
                Version.of("1"), UpgradeStrategy.ROLLING, SchemaChange.NONE, false, MaxUnavailable.of("1"), false, null,
                FailurePolicy.PAUSE, false, 3, Duration.ofMinutes(10)));
        history.add(new UpgradePlanned(history.clusterId(), id, Version.of("1.0.8"), Version.of("1.1.0"),
                Version.of("1"), UpgradeStrategy.ROLLING, plan, List.of()));
        history.add(new StepStarted(history.clusterId(), id, "s0.0", StepAction.APPROVAL, history.clusterId(), null,
                approval.parameters(), 1, history.time(3).plus(Duration.ofHours(24)), 0));
        EventEnvelope paused = history.add(UpgradePaused.byOperator(history.clusterId(), id, "a change freeze"));
        publishAndAwait(history.all());
        // the resume in a batch of its own: the pending approval must come from what the pause stored
        EventEnvelope resumed = history.add(new UpgradeResumed(history.clusterId(), id));
        publishAndAwait(List.of(resumed));
        String path = "/api/v1/clusters/" + history.clusterId() + "/upgrades/" + upgradeId;

        JsonNode waiting = awaitJson(path, body -> body.at("/upgrade/lastSequence").asLong() == resumed.sequence());
        assertThat(waiting.at("/upgrade/status").asString()).as("resumed, the approval still pending")
                .isEqualTo("AWAITING_APPROVAL");
        assertThat(waiting.at("/plans/0/stages/0/steps/0/status").asString()).isEqualTo("RUNNING");
        JsonNode cluster = api.get("/api/v1/clusters/" + history.clusterId()).json().get("cluster");
        assertThat(cluster.at("/upgrade/status").asString()).isEqualTo("AWAITING_APPROVAL");
        assertThat(cluster.get("status").asString()).isEqualTo("RUNNING");
        assertThat(api.get("/api/v1/upgrades/" + upgradeId + "/diagnosis?clusterId=" + history.clusterId()).json()
                .get("status").asString()).isEqualTo("AWAITING_APPROVAL");
        String before = api.get(path).body();
        redeliver(resumed, paused);
        assertThat(api.get(path).body()).as("a duplicate resume and pause change nothing").isEqualTo(before);

        int firstNew = history.all().size();
        history.add(UpgradePaused.byOperator(history.clusterId(), id, "again"));
        history.add(new UpgradeApproved(history.clusterId(), id, "s0.0", "read the release notes", "sre-bob", "ok"));
        EventEnvelope again = history.add(new UpgradeResumed(history.clusterId(), id));
        publishAndAwait(history.from(firstNew));
        JsonNode running = awaitJson(path, body -> body.at("/upgrade/lastSequence").asLong() == again.sequence());
        assertThat(running.at("/upgrade/status").asString()).as("approved while paused: nothing pending")
                .isEqualTo("RUNNING");
        assertThat(running.at("/plans/0/stages/0/steps/0/status").asString()).isEqualTo("SUCCEEDED");
        assertThat(api.get("/api/v1/clusters/" + history.clusterId()).json().at("/cluster/upgrade/status")
                .asString()).isEqualTo("RUNNING");
        redeliver(again);
        assertThat(api.get(path).json().at("/upgrade/status").asString()).isEqualTo("RUNNING");
    }

    @Test
    void aClustersUpgradesAreListedNewestFirstFilteredAndPaged() {
        History history = History.registered(uniqueClusterId("ls"), "inmanta", "1.0.8", "peer-1", "peer-2");
        String aborted = uniqueUpgradeId();
        String rejected = uniqueUpgradeId();
        String running = uniqueUpgradeId();
        UpgradeRun first = UpgradeRun.rolling(history, aborted, "1.0.8", "1.1.0", FailurePolicy.PAUSE,
                "peer-1", "peer-2");
        first.runStage(0);
        first.start(first.step(1, 0), 1);
        history.add(new UpgradeAborted(history.clusterId(), first.upgradeId, "aborted by an operator"));
        history.add(new UpgradeRejected(history.clusterId(), dev.upgradeledger.events.UpgradeId.of(rejected),
                Version.of("1.0.8"), Version.of("0.9"), "no-downgrade", "1.0.8 -> 0.9 is a downgrade", List.of()));
        UpgradeRun.rolling(history, running, "1.0.8", "1.1.0", FailurePolicy.PAUSE, "peer-1", "peer-2");
        publishAndAwait(history.all());
        String base = "/api/v1/clusters/" + history.clusterId() + "/upgrades";

        JsonNode all = awaitJson(base, body -> body.get("upgrades").size() == 3);
        assertThat(ids(all)).containsExactly(running, rejected, aborted);
        assertThat(all.at("/upgrades/1/status").asString()).isEqualTo("REJECTED");
        assertThat(all.at("/upgrades/1/rejectedRule").asString()).isEqualTo("no-downgrade");
        assertThat(all.at("/upgrades/2/status").asString()).isEqualTo("ABORTED");
        assertThat(all.at("/upgrades/2/counts/steps/cancelled").asInt()).as("the running isolation and the rest")
                .isEqualTo(8);
        assertThat(all.at("/upgrades/2/statusReason").asString()).isEqualTo("aborted by an operator");
        assertThat(all.get("next").isNull()).isTrue();

        JsonNode page1 = api.get(base + "?limit=2").json();
        assertThat(ids(page1)).containsExactly(running, rejected);
        JsonNode page2 = api.get(base + "?limit=2&after=" + page1.get("next").asString()).json();
        assertThat(ids(page2)).containsExactly(aborted);
        assertThat(page2.get("next").isNull()).isTrue();
        assertThat(ids(api.get(base + "?status=aborted").json())).containsExactly(aborted);
        assertThat(ids(api.get(base + "?status=RUNNING").json())).containsExactly(running);

        assertThat(api.getText("/actuator/prometheus").body()).containsPattern(
                "ledger_projection_upgrades\\{[^}]*status=\"ABORTED\"[^}]*} [1-9]");

        assertProblem(api.get(base + "?status=SLEEPING"), 400, "invalid-request");
        assertProblem(api.get(base + "?limit=0"), 400, "invalid-request");
        assertProblem(api.get(base + "?after=yesterday"), 400, "invalid-request");
        assertProblem(api.get("/api/v1/clusters/never-seen-cluster/upgrades"), 404, "cluster-not-found");
    }

    @Test
    void anUpgradesStepsArePagedWhileItsStagesAndCountsStayWhole() {
        History history = History.registered(uniqueClusterId("pg"), "camunda", "1.0.8", "peer-1", "peer-2",
                "peer-3");
        String upgradeId = uniqueUpgradeId();
        UpgradeRun run = UpgradeRun.rolling(history, upgradeId, "1.0.8", "1.1.0", FailurePolicy.PAUSE,
                "peer-1", "peer-2", "peer-3");
        run.runStage(0);
        run.runStage(1);
        publishAndAwait(history.all());
        String path = "/api/v1/clusters/" + history.clusterId() + "/upgrades/" + upgradeId;
        JsonNode whole = awaitJson(path, body -> body.at("/upgrade/counts/steps/succeeded").asInt() == 2);
        assertThat(whole.get("next").isNull()).as("a small upgrade comes whole").isTrue();
        List<String> everyStep = stepIds(whole);
        assertThat(everyStep).hasSize(13);

        List<String> paged = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        ApiResponse page = api.get(path + "?limit=5");
        while (true) {
            JsonNode body = page.json();
            assertThat(body.get("upgrade")).as("the summary is whole on every page").isEqualTo(whole.get("upgrade"));
            JsonNode stages = body.at("/plans/0/stages");
            assertThat(stages).as("every stage on every page").hasSize(13);
            assertThat(stages.get(0).get("stepCount").asInt()).isEqualTo(1);
            assertThat(stages.get(0).get("stepsDone").asInt()).isEqualTo(1);
            assertThat(stages.get(2).get("stepsDone").asInt()).isZero();
            List<String> ids = stepIds(body);
            sizes.add(ids.size());
            paged.addAll(ids);
            if (body.get("next").isNull()) {
                assertThat(page.header("Link")).isNull();
                assertThat(page.header("X-Next-After")).isNull();
                break;
            }
            assertThat(page.header("X-Next-After")).isEqualTo(body.get("next").asString());
            String link = page.header("Link");
            assertThat(link).endsWith(">; rel=\"next\"").contains("limit=5")
                    .contains("after=" + body.get("next").asString());
            page = api.get(link.substring(link.indexOf("/api/v1/"), link.indexOf('>')));
        }
        assertThat(sizes).containsExactly(5, 5, 3);
        assertThat(paged).as("each step once, in order").containsExactlyElementsOf(everyStep);
        String second = api.get("/api/v1/upgrades/" + upgradeId + "?limit=2").json().get("next").asString();
        assertThat(second).isEqualTo("1.1.0");
        assertThat(stepIds(api.get("/api/v1/upgrades/" + upgradeId + "?limit=2&after=" + second).json()))
                .containsExactly(everyStep.get(2), everyStep.get(3));

        for (String query : List.of("limit=0", "limit=2001", "limit=many", "after=1.2", "after=a.b.c", "after=-1.0.0",
                "after=1.1.1.1")) {
            // invalid-request, or malformed-request for a limit that is not a number
            for (ApiResponse bad : List.of(api.get(path + "?" + query),
                    api.get("/api/v1/upgrades/" + upgradeId + "?" + query))) {
                assertThat(bad.status()).as(query).isEqualTo(400);
                assertThat(bad.contentType()).as(query).startsWith("application/problem+json");
            }
        }
    }

    private static List<String> stepIds(JsonNode progress) {
        List<String> ids = new ArrayList<>();
        progress.get("plans").forEach(plan -> plan.get("stages").forEach(stage -> stage.get("steps")
                .forEach(step -> ids.add(step.get("stepId").asString()))));
        return ids;
    }

    @Test
    void anUpgradeIdIsFoundOrAnsweredWithAProblem() {
        String shared = uniqueUpgradeId();
        History one = History.registered(uniqueClusterId("am"), "camunda", "1.0.8", "peer-1", "peer-2");
        History two = History.registered(uniqueClusterId("am"), "camunda", "1.0.8", "peer-1", "peer-2");
        UpgradeRun.rolling(one, shared, "1.0.8", "1.1.0", FailurePolicy.PAUSE, "peer-1", "peer-2");
        UpgradeRun.rolling(two, shared, "1.0.8", "1.1.0", FailurePolicy.PAUSE, "peer-1", "peer-2");
        publishAndAwait(one.all());
        publishAndAwait(two.all());

        assertProblem(api.get("/api/v1/upgrades/" + shared), 409, "upgrade-ambiguous");
        assertThat(api.get("/api/v1/upgrades/" + shared + "?clusterId=" + two.clusterId()).json()
                .at("/upgrade/clusterId").asString()).isEqualTo(two.clusterId().value());
        assertThat(api.get("/api/v1/clusters/" + one.clusterId() + "/upgrades/" + shared).json()
                .at("/upgrade/clusterId").asString()).isEqualTo(one.clusterId().value());
        assertProblem(api.get("/api/v1/upgrades/u-never-requested"), 404, "upgrade-not-found");
        assertProblem(api.get("/api/v1/clusters/" + one.clusterId() + "/upgrades/u-never-requested"), 404,
                "upgrade-not-found");
        assertProblem(api.get("/api/v1/upgrades/" + shared + "?clusterId=Not_A_Label"), 400, "invalid-request");
        assertProblem(api.get("/api/v1/upgrades/bad%20id!"), 400, "invalid-request");
    }

    private JsonNode node(History history, String nodeId) {
        JsonNode nodes = api.get("/api/v1/clusters/" + history.clusterId() + "/nodes").json().get("nodes");
        return nodes.valueStream().filter(node -> node.get("nodeId").asString().equals(nodeId)).findFirst()
                .orElseThrow();
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("upgrades").forEach(upgrade -> ids.add(upgrade.get("upgradeId").asString()));
        return ids;
    }

    private static void assertProblem(ApiResponse response, int status, String type) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asString()).isEqualTo("urn:upgrade-ledger:problem:" + type);
    }

    private static PlannedStage stage(History history, int index, String description, String stepId,
                                      StepAction action, Map<String, String> parameters) {
        return new PlannedStage(index, description, List.of(new PlannedStep(stepId, action, history.clusterId(),
                dev.upgradeledger.events.NodeId.of("peer-2"), parameters)));
    }

    private static String uniqueUpgradeId() {
        return "u-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
