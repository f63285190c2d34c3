package dev.upgradeledger.projection.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.EnvironmentRecompiled;
import dev.upgradeledger.events.PauseCause;
import dev.upgradeledger.events.PlannedStep;
import dev.upgradeledger.events.StepStarted;
import dev.upgradeledger.events.UpgradeStrategy;
import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.NodeIsolated;
import dev.upgradeledger.events.NodeQuarantined;
import dev.upgradeledger.events.NodeReintegrated;
import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.events.StepFailed;
import dev.upgradeledger.events.StepTimedOut;
import dev.upgradeledger.events.UpgradeAborted;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.events.UpgradePaused;
import dev.upgradeledger.events.UpgradeRejected;
import dev.upgradeledger.events.Version;
import dev.upgradeledger.projection.HistoryFixture;
import dev.upgradeledger.projection.RecordedUpgrades;
import dev.upgradeledger.projection.diagnosis.Diagnostician.Findings;
import dev.upgradeledger.projection.diagnosis.UpgradeDiagnosis.ChainLink;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DiagnosticianTest {

    private static final Instant START = Instant.parse("2026-11-21T10:40:00Z");

    private static Findings diagnose(HistoryFixture history) {
        List<EventEnvelope> events = history.events();
        int first = (int) RecordedUpgrades.REQUESTED;
        return Diagnostician.analyse(history.upgradeId().value(), events.subList(Math.min(first, events.size() - 1),
                events.size()));
    }

    @Test
    void aVerificationThatFailsForGoodNamesNodeStepAttemptErrorAndThePause() {
        Findings findings = diagnose(RecordedUpgrades.verificationFailure("c1", START, false));

        assertThat(findings.failed()).isTrue();
        assertThat(findings.status()).isEqualTo("PAUSED");
        assertThat(findings.failure()).satisfies(failure -> {
            assertThat(failure.kind()).isEqualTo("STEP_FAILED");
            assertThat(failure.sequence()).isEqualTo(RecordedUpgrades.ENGINE_2_VERIFY_FAILED);
            assertThat(failure.nodeId()).isEqualTo("engine-2");
            assertThat(failure.stepId()).isEqualTo("s6.0");
            assertThat(failure.action()).isEqualTo("VERIFY_NODE");
            assertThat(failure.attempt()).isEqualTo(1);
            assertThat(failure.maxAttempts()).isEqualTo(3);
            assertThat(failure.code()).isEqualTo("verify-failed");
            assertThat(failure.message()).isEqualTo("health check answered 500");
            assertThat(failure.retryable()).isFalse();
            assertThat(failure.actor()).isEqualTo("executor");
            assertThat(failure.consequence()).isEqualTo("PAUSED");
            assertThat(failure.consequenceSequence()).isEqualTo(RecordedUpgrades.PAUSED);
            assertThat(failure.detail()).startsWith("step s6.0 (VERIFY_NODE on engine-2) failed");
        });
        assertThat(findings.summary()).isEqualTo("Step s6.0 (VERIFY_NODE on engine-2) failed for good at attempt 1 of"
                + " 3: verify-failed: health check answered 500 (not retryable); the upgrade paused. Status now: PAUSED.");
        assertThat(findings.failedStepAttempts()).singleElement().satisfies(attempt -> {
            assertThat(attempt.outcome()).isEqualTo("FAILED");
            assertThat(attempt.startedSequence()).isEqualTo(RecordedUpgrades.ENGINE_2_VERIFY_STARTED);
            assertThat(attempt.durationMillis()).isEqualTo(250);
        });
        assertThat(findings.failedAttempts()).extracting(a -> a.stepId() + "/" + a.attempt() + " " + a.willRetry())
                .containsExactly("s5.0/1 true", "s6.0/1 false");
        assertThat(findings.request().actor()).isEqualTo("sre-alice");
        assertThat(findings.request().correlationId()).isEqualTo("req-u-c1");
        assertThat(findings.request().targetVersion()).isEqualTo("7.6");
        assertThat(findings.ending()).isNull();
    }

    @Test
    void aCompileThatFailsForOneInmantaEnvironmentNamesTheEnvironment() {
        HistoryFixture h = HistoryFixture.of("inmanta-old", START);
        ClusterId id = h.clusterId();
        ClusterId target = ClusterId.of("inmanta-new");
        h.registered("inmanta", "2023.4", "orchestrator");
        Map<String, String> prod = Map.of("environment", "prod", "from", "inmanta-old");
        h.requested("u-inmanta", "2024.1", 3, List.of(
                new PlannedStep("s0.0", StepAction.RECOMPILE_ENVIRONMENT, target, null, Map.of("environment", "dev")),
                new PlannedStep("s1.0", StepAction.RECOMPILE_ENVIRONMENT, target, null, prod)),
                UpgradeStrategy.MIGRATION);
        UpgradeId upgrade = h.upgradeId();
        h.add(new StepStarted(id, upgrade, "s0.0", StepAction.RECOMPILE_ENVIRONMENT, target, null,
                Map.of("environment", "dev"), 1, START.plusSeconds(600), 0));
        h.report().add(new EnvironmentRecompiled(id, upgrade, "s0.0", target, "dev"))
                .add(new StepStarted(id, upgrade, "s1.0", StepAction.RECOMPILE_ENVIRONMENT, target, null, prod, 1,
                        START.plusSeconds(600), 0));
        h.report().add(new StepFailed(id, upgrade, "s1.0", 1, "compile-failed", "the compiler says no", false, false))
                .add(new UpgradePaused(id, upgrade, "step s1.0 (RECOMPILE_ENVIRONMENT of environment prod) failed:"
                        + " compile-failed: the compiler says no", PauseCause.STEP_FAILED, null, "s1.0", null));

        Findings findings = Diagnostician.analyse(upgrade.value(), h.events());

        assertThat(findings.summary()).isEqualTo("Step s1.0 (RECOMPILE_ENVIRONMENT of environment prod) failed for"
                + " good at attempt 1 of 3: compile-failed: the compiler says no (not retryable); the upgrade paused."
                + " Status now: PAUSED.");
        assertThat(findings.failure().detail()).contains("environment prod");
        assertThat(Events.describe(h.events().stream()
                .filter(event -> event.payload() instanceof EnvironmentRecompiled).findFirst().orElseThrow())).isEqualTo("step s0.0: environment dev recompiled on"
                + " inmanta-new, compile succeeded");
    }

    @Test
    void theCausalChainLeadsFromTheRequestToTheFailureThroughEveryCause() {
        Findings findings = diagnose(RecordedUpgrades.verificationFailure("c1", START, false));

        List<ChainLink> chain = findings.causalChain();

        assertThat(chain).extracting(ChainLink::sequence).containsExactly(2L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L,
                13L, 14L, 15L, 16L, 17L, 18L, 19L);
        assertThat(chain.get(0).link()).isEqualTo("REQUEST");
        assertThat(chain.get(0).eventType()).isEqualTo("UpgradeRequested");
        assertThat(chain.get(0).actor()).isEqualTo("sre-alice");
        assertThat(chain).extracting(ChainLink::link).containsExactly("REQUEST", "SAME_MESSAGE", "OUTCOME_OF",
                "SAME_MESSAGE", "OUTCOME_OF", "SAME_MESSAGE", "OUTCOME_OF", "SAME_MESSAGE", "OUTCOME_OF",
                "SAME_MESSAGE", "OUTCOME_OF", "SAME_MESSAGE", "OUTCOME_OF", "RETRY_AFTER", "OUTCOME_OF",
                "SAME_MESSAGE", "OUTCOME_OF");
        assertThat(chain).extracting(ChainLink::correlationId).containsOnly("req-u-c1");
        assertThat(chain.get(chain.size() - 1).description())
                .isEqualTo("step s6.0 attempt 1 failed: verify-failed: health check answered 500 (no retry)");
    }

    @Test
    void everyStepIsTimedPerAttempt() {
        Findings findings = diagnose(RecordedUpgrades.verificationFailure("c1", START, true));

        assertThat(findings.steps()).hasSize(12);
        assertThat(findings.steps().get(0)).satisfies(step -> {
            assertThat(step.stepId()).isEqualTo("s0.0");
            assertThat(step.nodeId()).isEqualTo("engine-1");
            assertThat(step.outcome()).isEqualTo("SUCCEEDED");
            assertThat(step.durationMillis()).isEqualTo(250);
        });
        assertThat(findings.steps().get(5)).satisfies(upgrade -> {
            assertThat(upgrade.stepId()).isEqualTo("s5.0");
            assertThat(upgrade.attempts()).extracting(a -> a.attempt() + " " + a.outcome() + " " + a.durationMillis())
                    .containsExactly("1 FAILED 250", "2 SUCCEEDED 250");
            assertThat(upgrade.durationMillis()).as("from the first start to the last outcome").isEqualTo(750);
        });
        assertThat(findings.failedStepAttempts()).extracting(a -> a.attempt() + " " + a.outcome())
                .containsExactly("1 FAILED", "2 SUCCEEDED");
    }

    @Test
    void theStatesToRebuildAreJustBeforeTheFailureAndAfterTheLastStepThatSucceeded() {
        Findings findings = diagnose(RecordedUpgrades.verificationFailure("c1", START, false));

        assertThat(findings.beforeFailureSequence()).isEqualTo(RecordedUpgrades.ENGINE_2_VERIFY_STARTED);
        assertThat(findings.lastGoodSequence()).isEqualTo(RecordedUpgrades.ENGINE_2_UPGRADED);
        assertThat(findings.lastGoodEventType()).isEqualTo("NodeUpgraded");
        assertThat(findings.lastGoodDefinition()).contains("last step that succeeded before the failure")
                .contains("engine-2 upgraded 7.5 -> 7.6");
    }

    @Test
    void anUpgradeThatRecoveredFromAPauseStillNamesItsFailureAndHowItEnded() {
        Findings findings = diagnose(RecordedUpgrades.verificationFailure("c1", START, true));

        assertThat(findings.failed()).isTrue();
        assertThat(findings.status()).isEqualTo("FINALIZED");
        assertThat(findings.failure().sequence()).isEqualTo(RecordedUpgrades.ENGINE_2_VERIFY_FAILED);
        assertThat(findings.ending().eventType()).isEqualTo("UpgradeFinalized");
        assertThat(findings.summary()).endsWith("Status now: FINALIZED.");
    }

    @Test
    void anUpgradeWithoutFailureSaysSo() {
        HistoryFixture h = HistoryFixture.of("c3", START).registered("camunda", "7.5", "engine-1");
        h.requested("u-ok", "7.6", 3, List.of(h.step("s0.0", StepAction.ISOLATE_NODE, "engine-1", "7.6"),
                h.step("s1.0", StepAction.REINTEGRATE_NODE, "engine-1", "7.6")));
        h.started("s0.0", StepAction.ISOLATE_NODE, "engine-1", 1);
        h.report().add(new StepFailed(h.clusterId(), h.upgradeId(), "s0.0", 1, "timeout-ish", "slow", true, true));
        h.deadline().started("s0.0", StepAction.ISOLATE_NODE, "engine-1", 2);
        h.report().add(new NodeIsolated(h.clusterId(), h.upgradeId(), "s0.0",
                NodeId.of("engine-1"))).started("s1.0", StepAction.REINTEGRATE_NODE, "engine-1", 1);
        h.message("sre-bob", "req-abort").add(new UpgradeAborted(h.clusterId(), h.upgradeId(), "change freeze"));

        Findings findings = Diagnostician.analyse("u-ok", h.events().subList(1, h.events().size()));

        assertThat(findings.failed()).isFalse();
        assertThat(findings.failure()).isNull();
        assertThat(findings.causalChain()).isEmpty();
        assertThat(findings.beforeFailureSequence()).isNull();
        assertThat(findings.lastGoodSequence()).isNull();
        assertThat(findings.status()).isEqualTo("ABORTED");
        assertThat(findings.summary()).isEqualTo("Upgrade u-ok did not fail: 1 failed attempt(s) were retried."
                + " Status: ABORTED (aborted by sre-bob: change freeze).");
        assertThat(findings.steps().get(1).attempts()).singleElement()
                .satisfies(attempt -> assertThat(attempt.outcome()).isEqualTo("ABANDONED"));
    }

    @Test
    void aTimedOutStepWithQuarantineSetsTheNodeAsideAndTheUpgradeGoesOn() {
        HistoryFixture h = HistoryFixture.of("c4", START).registered("camunda", "7.5", "engine-1", "engine-2");
        ClusterId id = h.clusterId();
        h.requested("u-q", "7.6", 1, List.of(h.step("s0.0", StepAction.ISOLATE_NODE, "engine-1", "7.6"),
                h.step("s1.0", StepAction.REINTEGRATE_NODE, "engine-1", "7.6")));
        h.started("s0.0", StepAction.ISOLATE_NODE, "engine-1", 1);
        h.deadline().add(new StepTimedOut(id, h.upgradeId(), "s0.0", 1, false))
                .add(new NodeQuarantined(id, h.upgradeId(), "s0.0", NodeId.of("engine-1"), "timeout: no outcome"));

        Findings findings = Diagnostician.analyse("u-q", h.events());

        assertThat(findings.failure().kind()).isEqualTo("STEP_TIMED_OUT");
        assertThat(findings.failure().consequence()).isEqualTo("QUARANTINED");
        assertThat(findings.failure().code()).isEqualTo("timeout");
        assertThat(findings.failure().message()).startsWith("no outcome before ");
        assertThat(findings.quarantinedNodes()).extracting(UpgradeDiagnosis.Quarantine::nodeId)
                .containsExactly("engine-1");
        assertThat(findings.causalChain()).extracting(ChainLink::link).containsExactly("REQUEST", "SAME_MESSAGE",
                "TIMED_OUT");
        assertThat(findings.lastGoodDefinition()).startsWith("right after the upgrade was planned");
        assertThat(findings.lastGoodEventType()).isEqualTo("UpgradePlanned");
        assertThat(findings.summary()).contains("timed out at attempt 1 of 1")
                .contains("node engine-1 was quarantined and the upgrade went on");
    }

    @Test
    void aPauseByAnOperatorIsNoFailureButOneByTheLedgerIs() {
        HistoryFixture h = HistoryFixture.of("c5", START).registered("camunda", "7.5", "engine-1", "engine-2");
        ClusterId id = h.clusterId();
        h.requested("u-p", "7.6", 3, List.of(h.step("s0.0", StepAction.REINTEGRATE_NODE, "engine-1", "7.6"),
                h.step("s1.0", StepAction.REINTEGRATE_NODE, "engine-2", "7.6")));
        h.started("s0.0", StepAction.REINTEGRATE_NODE, "engine-1", 1);
        h.message("sre-bob", "req-pause").add(new UpgradePaused(id, h.upgradeId(), "paused by an operator"));
        assertThat(Diagnostician.analyse("u-p", h.events()).failed()).isFalse();

        h.report().add(new NodeReintegrated(id, h.upgradeId(), "s0.0", NodeId.of("engine-1")))
                .add(new UpgradePaused(id, h.upgradeId(), "invariant: 2 nodes would be out of service, 1 allowed"));
        Findings findings = Diagnostician.analyse("u-p", h.events());

        assertThat(findings.failure().kind()).isEqualTo("PAUSED_BY_LEDGER");
        assertThat(findings.failure().consequence()).isEqualTo("PAUSED");
        assertThat(findings.summary()).startsWith("The ledger paused the upgrade: invariant: 2 nodes");
        assertThat(findings.causalChain()).extracting(ChainLink::link).containsExactly("REQUEST", "SAME_MESSAGE",
                "OUTCOME_OF", "SAME_MESSAGE");
    }

    @Test
    void aRejectedRequestIsToldAsSuch() {
        HistoryFixture h = HistoryFixture.of("c6", START).registered("camunda", "7.5", "engine-1");
        h.message("sre-alice", "req-x").add(new UpgradeRejected(h.clusterId(), UpgradeId.of("u-x"), Version.of("7.5"),
                Version.of("7.4"), "no-downgrade", "7.4 is older than 7.5", List.of()));

        Findings findings = Diagnostician.analyse("u-x", h.events());

        assertThat(findings.status()).isEqualTo("REJECTED");
        assertThat(findings.failed()).isFalse();
        assertThat(findings.rejection().rule()).isEqualTo("no-downgrade");
        assertThat(findings.summary()).isEqualTo("Upgrade u-x was rejected (no-downgrade): 7.4 is older than 7.5");
        assertThat(findings.request()).isNull();
    }

    @Test
    void eventsOfAnotherUpgradeAreNotPartOfIt() {
        assertThatThrownBy(() -> Diagnostician.analyse("u-other",
                RecordedUpgrades.verificationFailure("c1", START, false).events()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
