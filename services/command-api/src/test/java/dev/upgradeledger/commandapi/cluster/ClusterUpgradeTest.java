package dev.upgradeledger.commandapi.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.domain.plan.PlanNode;
import dev.upgradeledger.domain.plan.PlanRequest;
import dev.upgradeledger.domain.plan.PlanResult;
import dev.upgradeledger.domain.plan.UpgradePlanner;
import dev.upgradeledger.events.AbortUpgrade;
import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.FailurePolicy;
import dev.upgradeledger.events.FinalizeUpgrade;
import dev.upgradeledger.events.HandOverManagement;
import dev.upgradeledger.events.ClaimManagement;
import dev.upgradeledger.events.MaxUnavailable;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.NodeIsolated;
import dev.upgradeledger.events.NodeQuarantined;
import dev.upgradeledger.events.NodeSpec;
import dev.upgradeledger.events.PauseUpgrade;
import dev.upgradeledger.events.PlannedStage;
import dev.upgradeledger.events.PlannedStep;
import dev.upgradeledger.events.PolicyRules;
import dev.upgradeledger.events.RegisterCluster;
import dev.upgradeledger.events.ReleaseCatalog;
import dev.upgradeledger.events.ReleaseLine;
import dev.upgradeledger.events.ReportStepOutcome;
import dev.upgradeledger.events.RequestUpgrade;
import dev.upgradeledger.events.ResumeUpgrade;
import dev.upgradeledger.events.RollBackUpgrade;
import dev.upgradeledger.events.RollbackStarted;
import dev.upgradeledger.events.SchemaChange;
import dev.upgradeledger.events.SchemaMigrated;
import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.events.StepFailed;
import dev.upgradeledger.events.StepOutcome;
import dev.upgradeledger.events.StepStarted;
import dev.upgradeledger.events.StepTimedOut;
import dev.upgradeledger.events.UpgradeCompleted;
import dev.upgradeledger.events.UpgradeFinalized;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.events.UpgradePaused;
import dev.upgradeledger.events.UpgradePlan;
import dev.upgradeledger.events.UpgradePlanned;
import dev.upgradeledger.events.UpgradeRejected;
import dev.upgradeledger.events.UpgradeRequested;
import dev.upgradeledger.events.UpgradeResumed;
import dev.upgradeledger.events.UpgradeStrategy;
import dev.upgradeledger.events.Version;
import dev.upgradeledger.events.NodeUpgraded;
import dev.upgradeledger.events.UpgradeAborted;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ClusterUpgradeTest {

    private static final ClusterId CAMUNDA = ClusterId.of("camunda-prod");
    private static final UpgradeId UPGRADE = UpgradeId.of("u-1");
    /** Camunda: minors are steps that must not be skipped, and rolling between them is what the guide describes. */
    private static final PolicyRules CAMUNDA_RULES = new PolicyRules(true, true, false, true, false);
    private static final ReleaseCatalog CAMUNDA_CATALOG = new ReleaseCatalog(List.of(
            line("7.4", "7.4"), line("7.5", "7.5"), line("7.6", "7.6")));
    private static final ReleaseCatalog BACKEND_AI_CATALOG = new ReleaseCatalog(List.of(
            line("23.09", IntStream.rangeClosed(0, 10).mapToObj(i -> "23.09." + i).toArray(String[]::new)),
            line("24.03", "24.03.0", "24.03.1", "24.03.2", "24.03.3", "24.03.4", "24.03.5")));

    private static final ClusterId INMANTA_NEW = ClusterId.of("inmanta-new");

    private final Map<ClusterId, ClusterDirectory.ClusterView> otherClusters = new java.util.HashMap<>();
    private AggregateTestFixture<Cluster> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Cluster.class);
        fixture.registerCommandTargetResolver(new ClusterConfiguration().clusterCommandTargetResolver());
        fixture.registerInjectableResource((ClusterDirectory) id -> java.util.Optional.ofNullable(otherClusters.get(id)));
    }

    @Test
    @DisplayName("Inmanta: a migration to a registered cluster on the new version is planned group by group")
    void migrationToARegisteredTargetIsPlanned() {
        otherClusters.put(INMANTA_NEW, new ClusterDirectory.ClusterView(INMANTA_NEW, Version.of("7.6"), null, false,
                List.of(new ClusterDirectory.NodeView(NodeId.of("orchestrator"), null, Version.of("7.6")))));

        fixture.givenCommands(camunda("7.5", 4))
                .when(migration(INMANTA_NEW))
                .expectEventsMatching(payloadTypes(UpgradeRequested.class, UpgradePlanned.class, StepStarted.class))
                .expectResultMessagePayloadMatching(accepted(3 + 2 + 1, false));
    }

    @Test
    @DisplayName("Inmanta and Replicante: migrating to a cluster that is not registered is refused")
    void migrationToAnUnknownClusterIsRejected() {
        fixture.givenCommands(camunda("7.5", 4))
                .when(migration(INMANTA_NEW))
                .expectEventsMatching(payloadTypes(UpgradeRejected.class))
                .expectResultMessagePayloadMatching(rejectedFor("migration-target-not-registered"));
    }

    @Test
    @DisplayName("Replicante: two managers must never drive the same cluster")
    void migrationToAClusterDrivenByAnotherManagerIsRejected() {
        otherClusters.put(INMANTA_NEW, new ClusterDirectory.ClusterView(INMANTA_NEW, Version.of("7.6"), "ledger-us",
                false, List.of(new ClusterDirectory.NodeView(NodeId.of("orchestrator"), null, Version.of("7.6")))));

        fixture.givenCommands(camunda("7.5", 4), new ClaimManagement(CAMUNDA, "ledger-eu"))
                .when(migration(INMANTA_NEW))
                .expectResultMessagePayloadMatching(rejectedFor("two-managers"));
    }

    private static RequestUpgrade migration(ClusterId target) {
        return new RequestUpgrade(CAMUNDA, UPGRADE, Version.of("7.6"), null, UpgradeStrategy.MIGRATION,
                SchemaChange.NONE, false, null, false, target, null, false, false, 3, Duration.ofMinutes(10));
    }

    @Test
    @DisplayName("Camunda: 7.4 -> 7.6 skips a release line; refused, recorded, with the path 7.4 -> 7.5 -> 7.6")
    void camundaUpgradeThatSkipsALineIsRejectedWithTheAllowedPath() {
        fixture.givenCommands(camunda("7.4", 6))
                .when(rolling("7.6", "33%"))
                .expectEvents(new UpgradeRejected(CAMUNDA, UPGRADE, Version.of("7.4"), Version.of("7.6"),
                        "no-line-skipping", decisionOf(camunda("7.4", 6), rolling("7.6", "33%")).reason(),
                        versions("7.4", "7.5", "7.6")))
                .expectResultMessagePayloadMatching(rejectedFor("no-line-skipping"));
    }

    @Test
    @DisplayName("Backend.AI: 23.09.9 -> 24.03.0 is refused until the cluster is on 23.09.10")
    void backendAiMajorUpgradeFromAnOutdatedMinorIsRejected() {
        fixture.givenCommands(backendAi("23.09.9"))
                .when(request("23.09.9", "24.03.0", UpgradeStrategy.OFFLINE))
                .expectEventsMatching(payloadTypes(UpgradeRejected.class))
                .expectResultMessagePayloadMatching(rejectedFor("latest-in-line-first"));
        UpgradeDecision decision = decisionOf(backendAi("23.09.9"), request("23.09.9", "24.03.0",
                UpgradeStrategy.OFFLINE));
        assertThat(decision.allowedPath()).isEqualTo(versions("23.09.9", "23.09.10", "24.03.0"));
    }

    /** Backend.AI 23.09.9 -> 24.03.0 offline, following the allowed path (two hops). */
    private static final RequestUpgrade FOLLOWED_CHAIN = new RequestUpgrade(CAMUNDA, UPGRADE, Version.of("24.03.0"),
            null, UpgradeStrategy.OFFLINE, SchemaChange.ADDITIVE, false, null, false, null, null, true, false, 3,
            Duration.ofMinutes(10));

    /**
     * The registration, the followed chain, and every step of its first hop but the last: Backend.AI reads the release
     * notes first, so the hop's APPROVAL step is approved and the others succeed.
     */
    private static List<Object> allButTheLastStepOf(List<PlannedStep> firstHop) {
        List<Object> commands = new ArrayList<>(List.of(backendAi("23.09.9"), FOLLOWED_CHAIN));
        firstHop.stream().limit(firstHop.size() - 1).forEach(step -> commands.add(
                step.action() == StepAction.APPROVAL
                        ? new dev.upgradeledger.events.ApproveUpgrade(CAMUNDA, UPGRADE, step.stepId(), "notes read")
                        : success(step)));
        return commands;
    }

    @Test
    @DisplayName("Backend.AI: following the allowed path runs 23.09.9 -> 23.09.10 -> 24.03.0 as a chain of upgrades")
    void followingTheAllowedPathRunsTheHopsOneAfterTheOther() {
        UpgradeDecision decision = decisionOf(backendAi("23.09.9"), FOLLOWED_CHAIN);
        assertThat(decision.accepted()).isTrue();
        assertThat(decision.hops()).extracting(UpgradeDecision.HopPlan::to)
                .containsExactly(Version.of("23.09.10"), Version.of("24.03.0"));
        List<PlannedStep> firstHop = steps(decision.hops().get(0).plan());
        List<Object> commands = allButTheLastStepOf(firstHop);

        fixture.givenCommands(commands)
                .when(success(firstHop.get(firstHop.size() - 1)))
                .expectEventsMatching(payloadTypes(dev.upgradeledger.events.WorkloadsResumed.class,
                        UpgradePlanned.class, StepStarted.class));
    }

    @Test
    @DisplayName("a followed path's second hop names its steps h2.*: no step id of the first hop is used again")
    void theSecondHopsStepsHaveIdsOfTheirOwn() {
        List<PlannedStep> firstHop = steps(decisionOf(backendAi("23.09.9"), FOLLOWED_CHAIN).hops().get(0).plan());
        List<Object> commands = allButTheLastStepOf(firstHop);
        java.util.Set<String> firstIds = firstHop.stream().map(PlannedStep::stepId)
                .collect(java.util.stream.Collectors.toSet());

        fixture.givenCommands(commands)
                .when(success(firstHop.get(firstHop.size() - 1)))
                .expectEventsMatching(new org.hamcrest.TypeSafeMatcher<List<org.axonframework.eventhandling.EventMessage<?>>>() {
                    @Override
                    protected boolean matchesSafely(List<org.axonframework.eventhandling.EventMessage<?>> events) {
                        UpgradePlanned planned = events.stream().map(org.axonframework.eventhandling.EventMessage::getPayload)
                                .filter(UpgradePlanned.class::isInstance).map(UpgradePlanned.class::cast)
                                .findFirst().orElse(null);
                        StepStarted started = events.stream().map(org.axonframework.eventhandling.EventMessage::getPayload)
                                .filter(StepStarted.class::isInstance).map(StepStarted.class::cast)
                                .findFirst().orElse(null);
                        if (planned == null || started == null) {
                            return false;
                        }
                        List<String> secondIds = steps(planned.plan()).stream().map(PlannedStep::stepId).toList();
                        return !secondIds.isEmpty() && secondIds.stream().allMatch(id -> id.startsWith("h2.s"))
                                && secondIds.stream().noneMatch(firstIds::contains)
                                && secondIds.stream().distinct().count() == secondIds.size()
                                && started.stepId().equals(secondIds.get(0));
                    }

                    @Override
                    public void describeTo(org.hamcrest.Description description) {
                        description.appendText("the second hop planned with h2.* step ids, its first step started");
                    }
                });
    }

    @Test
    @DisplayName("Backend.AI: a major upgrade must never be rolling")
    void backendAiMajorUpgradeIsNeverRolling() {
        fixture.givenCommands(backendAi("23.09.10"))
                .when(request("23.09.10", "24.03.5", UpgradeStrategy.ROLLING))
                .expectEventsMatching(payloadTypes(UpgradeRejected.class))
                .expectResultMessagePayloadMatching(rejectedFor("no-rolling-across-lines"));
    }

    @Test
    @DisplayName("Backend.AI: 23.09.10 -> 24.03.5 offline is planned: halt, export, upgrade, migrate, verify, resume")
    void backendAiMajorUpgradeOfflineIsPlanned() {
        fixture.givenCommands(backendAi("23.09.10"))
                .when(request("23.09.10", "24.03.5", UpgradeStrategy.OFFLINE))
                .expectEventsMatching(payloadTypes(UpgradeRequested.class, UpgradePlanned.class,
                        StepStarted.class));
    }

    @Test
    void aDryRunAnswersThePlanAndRecordsNothing() {
        fixture.givenCommands(camunda("7.5", 6))
                .when(dryRun(rolling("7.6", "33%")))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(accepted(1 + 6 * 4, true));
    }

    @Test
    @DisplayName("Camunda: a destructive schema change is refused for a rolling upgrade")
    void destructiveSchemaChangeIsRefusedForRolling() {
        fixture.givenCommands(camunda("7.5", 6))
                .when(withSchema(rolling("7.6", "33%"), SchemaChange.DESTRUCTIVE))
                .expectEventsMatching(payloadTypes(UpgradeRejected.class))
                .expectResultMessagePayloadMatching(rejectedFor("rolling-requires-additive-schema"));
    }

    @Test
    void onlyOneUpgradeIsActiveAtATime() {
        fixture.givenCommands(camunda("7.5", 6), rolling("7.6", "33%"))
                .when(rolling("7.6", "33%"))
                .expectException(ClusterRefusal.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("upgrade u-1 is active"));
    }

    @Test
    @DisplayName("Camunda: the schema is migrated before any node is touched")
    void rollingUpgradeStartsWithTheSchemaMigration() {
        fixture.givenCommands(camunda("7.5", 6))
                .when(rolling("7.6", "33%"))
                .expectEventsMatching(payloadTypes(UpgradeRequested.class, UpgradePlanned.class, StepStarted.class))
                .expectScheduledDeadlineWithName(Duration.ofMinutes(10), Cluster.STEP_DEADLINE);
    }

    @Test
    @DisplayName("Camunda: a 6-node rolling upgrade with maxUnavailable 33% runs to completion")
    void sixNodeRollingUpgradeCompletesWhenEveryStepSucceeds() {
        List<Object> commands = new ArrayList<>(List.of(camunda("7.5", 6), rolling("7.6", "33%")));
        List<PlannedStep> steps = steps(plan(camunda("7.5", 6), rolling("7.6", "33%")));
        steps.stream().limit(steps.size() - 1).forEach(step -> commands.add(success(step)));

        fixture.givenCommands(commands)
                .when(success(steps.get(steps.size() - 1)))
                .expectEventsMatching(payloadTypes(dev.upgradeledger.events.NodeReintegrated.class,
                        UpgradeCompleted.class));
    }

    @Test
    void eachStepsTimeOutIsCancelledWhenItsOutcomeArrivesSoNoneIsLeftWhenTheUpgradeCompletes() {
        List<Object> commands = new ArrayList<>(List.of(camunda("7.5", 6), rolling("7.6", "33%")));
        List<PlannedStep> steps = steps(plan(camunda("7.5", 6), rolling("7.6", "33%")));
        steps.stream().limit(steps.size() - 1).forEach(step -> commands.add(success(step)));

        fixture.givenCommands(commands)
                .when(success(steps.get(steps.size() - 1)))
                .expectEventsMatching(payloadTypes(dev.upgradeledger.events.NodeReintegrated.class,
                        UpgradeCompleted.class))
                .expectNoScheduledDeadlines();
    }

    @Test
    void theSameReportTwiceChangesNothing() {
        PlannedStep migrate = steps(plan(camunda("7.5", 6), rolling("7.6", "33%"))).get(0);

        fixture.givenCommands(camunda("7.5", 6), rolling("7.6", "33%"), success(migrate))
                .when(success(migrate))
                .expectNoEvents()
                .expectResultMessagePayload(StepReceipt.DUPLICATE);
    }

    @Test
    void aReportForAnotherAttemptOrAnOlderEpochChangesNothing() {
        PlannedStep migrate = steps(plan(camunda("7.5", 6), rolling("7.6", "33%"))).get(0);
        ReportStepOutcome otherAttempt = new ReportStepOutcome(CAMUNDA, UPGRADE, migrate.stepId(), 2, 0,
                new StepOutcome.Succeeded(Map.of()));
        ReportStepOutcome olderEpoch = new ReportStepOutcome(CAMUNDA, UPGRADE, migrate.stepId(), 1, 7,
                new StepOutcome.Succeeded(Map.of()));

        fixture.givenCommands(camunda("7.5", 6), rolling("7.6", "33%"))
                .when(otherAttempt)
                .expectNoEvents()
                .expectResultMessagePayload(StepReceipt.STALE);
        fixture.givenCommands(camunda("7.5", 6), rolling("7.6", "33%"))
                .when(olderEpoch)
                .expectNoEvents()
                .expectResultMessagePayload(StepReceipt.STALE);
    }

    @Test
    void aFailureThatCannotBeRetriedPausesTheUpgrade() {
        PlannedStep migrate = steps(plan(camunda("7.5", 6), rolling("7.6", "33%"))).get(0);

        fixture.givenCommands(camunda("7.5", 6), rolling("7.6", "33%"))
                .when(failure(migrate, 1, false))
                .expectEventsMatching(payloadTypes(StepFailed.class, UpgradePaused.class));
    }

    @Test
    void aRetryableFailureIsRetriedAfterABackOff() {
        PlannedStep migrate = steps(plan(camunda("7.5", 6), rolling("7.6", "33%"))).get(0);

        fixture.givenCommands(camunda("7.5", 6), rolling("7.6", "33%"), failure(migrate, 1, true))
                .whenThenTimeElapses(Duration.ofSeconds(2))
                .expectEventsMatching(payloadTypes(StepStarted.class))
                .expectDeadlinesMet(new StepDeadline(UPGRADE, migrate.stepId(), 1));
    }

    @Test
    void aStepWithoutOutcomeBeforeItsDeadlineTimesOutAndIsRetried() {
        fixture.givenCommands(camunda("7.5", 6), rolling("7.6", "33%"))
                .whenThenTimeElapses(Duration.ofMinutes(10).plusSeconds(3))
                .expectEventsMatching(payloadTypes(StepTimedOut.class, StepStarted.class));
    }

    @Test
    void withQuarantineTheFailedNodeIsSetAsideAndTheUpgradeGoesOn() {
        RequestUpgrade request = quarantining(rolling("7.6", "33%"), 20);
        List<PlannedStep> steps = steps(plan(camunda("7.5", 6), request));
        PlannedStep isolateFirst = steps.get(1);
        assertThat(isolateFirst.action()).isEqualTo(StepAction.ISOLATE_NODE);

        fixture.givenCommands(camunda("7.5", 6), request, success(steps.get(0)))
                .when(failure(isolateFirst, 1, false))
                .expectEventsMatching(payloadTypes(StepFailed.class, NodeQuarantined.class, StepStarted.class));
    }

    @Test
    void aPausedUpgradeStartsNothingUntilItIsResumed() {
        PlannedStep migrate = steps(plan(camunda("7.5", 6), rolling("7.6", "33%"))).get(0);

        fixture.givenCommands(camunda("7.5", 6), rolling("7.6", "33%"), new PauseUpgrade(CAMUNDA, UPGRADE, "night"))
                .when(success(migrate))
                .expectEventsMatching(payloadTypes(SchemaMigrated.class));
        fixture.givenCommands(camunda("7.5", 6), rolling("7.6", "33%"), new PauseUpgrade(CAMUNDA, UPGRADE, "night"),
                        success(migrate))
                .when(new ResumeUpgrade(CAMUNDA, UPGRADE))
                .expectEventsMatching(payloadTypes(UpgradeResumed.class, StepStarted.class));
    }

    @Test
    void anAbortedUpgradeLetsANewOneStart() {
        fixture.givenCommands(camunda("7.5", 6), rolling("7.6", "33%"), new AbortUpgrade(CAMUNDA, UPGRADE, "wrong day"))
                .when(new RequestUpgrade(CAMUNDA, UpgradeId.of("u-2"), Version.of("7.6"), null,
                        UpgradeStrategy.ROLLING, SchemaChange.ADDITIVE, false, MaxUnavailable.of("1"), false, null,
                        null, false, false, 3, Duration.ofMinutes(10)))
                .expectEventsMatching(payloadTypes(UpgradeRequested.class, UpgradePlanned.class, StepStarted.class));
    }

    @Test
    void aRollbackReturnsTheUpgradedNodesToTheOldVersion() {
        List<PlannedStep> steps = steps(plan(camunda("7.5", 6), rolling("7.6", "33%")));
        List<Object> commands = new ArrayList<>(List.of(camunda("7.5", 6), rolling("7.6", "33%")));
        steps.subList(0, 3).forEach(step -> commands.add(success(step)));
        assertThat(steps.get(2).action()).isEqualTo(StepAction.UPGRADE_NODE);

        fixture.givenCommands(commands)
                .when(new RollBackUpgrade(CAMUNDA, UPGRADE, "verification looks wrong"))
                .expectEventsMatching(payloadTypes(RollbackStarted.class, StepStarted.class));
    }

    @Test
    void aRolledBackUpgradeCompletesOnTheOldVersion() {
        List<PlannedStep> steps = steps(plan(camunda("7.5", 6), rolling("7.6", "33%")));
        List<Object> commands = new ArrayList<>(List.of(camunda("7.5", 6), rolling("7.6", "33%")));
        steps.subList(0, 3).forEach(step -> commands.add(success(step)));
        commands.add(new RollBackUpgrade(CAMUNDA, UPGRADE, "verification looks wrong"));
        NodeId upgraded = steps.get(2).nodeId();
        commands.add(report("r0.0", 1, Map.of()));
        commands.add(report("r1.0", 1, Map.of()));

        fixture.givenCommands(commands)
                .when(report("r2.0", 1, Map.of()))
                .expectEvents(new dev.upgradeledger.events.NodeReintegrated(CAMUNDA, UPGRADE, "r2.0", upgraded),
                        new UpgradeCompleted(CAMUNDA, UPGRADE, Version.of("7.5"), Version.of("7.6"), true));
    }

    @Test
    void aRollbackIsRefusedAfterADestructiveSchemaChange() {
        RequestUpgrade offline = withSchema(request("7.5", "7.6", UpgradeStrategy.OFFLINE), SchemaChange.DESTRUCTIVE);
        List<PlannedStep> steps = steps(plan(camunda("7.5", 3), offline));
        List<Object> commands = new ArrayList<>(List.of(camunda("7.5", 3), offline));
        for (PlannedStep step : steps) {
            commands.add(step.action() == StepAction.EXPORT_STATE ? report(step.stepId(), 1,
                    Map.of("checksum", "sha256:abc")) : success(step));
            if (step.action() == StepAction.MIGRATE_SCHEMA) {
                break;
            }
        }

        fixture.givenCommands(commands)
                .when(new RollBackUpgrade(CAMUNDA, UPGRADE, "too late"))
                .expectException(ClusterRefusal.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("destructive schema change"));
    }

    @Test
    void anExportWithoutChecksumIsNoSuccess() {
        RequestUpgrade offline = request("7.5", "7.6", UpgradeStrategy.OFFLINE);
        List<PlannedStep> steps = steps(plan(camunda("7.5", 3), offline));
        assertThat(steps.get(1).action()).isEqualTo(StepAction.EXPORT_STATE);

        fixture.givenCommands(camunda("7.5", 3), offline, success(steps.get(0)))
                .when(report(steps.get(1).stepId(), 1, Map.of("dumpRef", "s3://dumps/camunda.sql")))
                .expectEventsMatching(payloadTypes(StepFailed.class, UpgradePaused.class));
    }

    @Test
    void finalizingClosesTheMixedVersionWindowOfACompletedUpgrade() {
        List<Object> commands = new ArrayList<>(List.of(camunda("7.5", 6), rolling("7.6", "33%")));
        steps(plan(camunda("7.5", 6), rolling("7.6", "33%"))).forEach(step -> commands.add(success(step)));

        fixture.givenCommands(commands)
                .when(new FinalizeUpgrade(CAMUNDA, UPGRADE))
                .expectEvents(new UpgradeFinalized(CAMUNDA, UPGRADE, Version.of("7.6")));
        fixture.givenCommands(camunda("7.5", 6), rolling("7.6", "33%"))
                .when(new FinalizeUpgrade(CAMUNDA, UPGRADE))
                .expectException(ClusterRefusal.class);
    }

    @Test
    void afterAHandOverReportsOfTheOldManagerAreStale() {
        PlannedStep migrate = steps(plan(camunda("7.5", 6), rolling("7.6", "33%"))).get(0);

        fixture.givenCommands(camunda("7.5", 6), new ClaimManagement(CAMUNDA, "ledger-eu"), rolling("7.6", "33%"),
                        new HandOverManagement(CAMUNDA, "ledger-eu", "ledger-us"))
                .when(new ReportStepOutcome(CAMUNDA, UPGRADE, migrate.stepId(), 1, 1,
                        new StepOutcome.Succeeded(Map.of())))
                .expectNoEvents()
                .expectResultMessagePayload(StepReceipt.STALE);
    }

    @Test
    void onlyTheCurrentManagerCanHandOver() {
        fixture.givenCommands(camunda("7.5", 6), new ClaimManagement(CAMUNDA, "ledger-eu"))
                .when(new HandOverManagement(CAMUNDA, "ledger-us", "ledger-ap"))
                .expectException(ClusterRefusal.class);
        fixture.givenCommands(camunda("7.5", 6), new ClaimManagement(CAMUNDA, "ledger-eu"))
                .when(new ClaimManagement(CAMUNDA, "ledger-us"))
                .expectException(ClusterRefusal.class);
    }

    // ---- fixtures -----------------------------------------------------------------------------------------------

    private static RegisterCluster camunda(String version, int nodes) {
        return new RegisterCluster(CAMUNDA, "camunda", Version.of(version), Version.of(version),
                IntStream.rangeClosed(1, nodes).mapToObj(i -> new NodeSpec(NodeId.of("engine-" + i),
                        "10.0.0." + i + ":8080", i % 2 == 0 ? "zone-b" : "zone-a")).toList(),
                CAMUNDA_CATALOG, CAMUNDA_RULES);
    }

    private static RegisterCluster backendAi(String version) {
        return new RegisterCluster(CAMUNDA, "backend.ai", Version.of(version), Version.of(version),
                List.of(new NodeSpec(NodeId.of("manager-1"), "10.0.1.1:8081", null),
                        new NodeSpec(NodeId.of("agent-1"), "10.0.1.2:6001", null)),
                BACKEND_AI_CATALOG, PolicyRules.STRICT);
    }

    private static RequestUpgrade rolling(String target, String maxUnavailable) {
        return new RequestUpgrade(CAMUNDA, UPGRADE, Version.of(target), null, UpgradeStrategy.ROLLING,
                SchemaChange.ADDITIVE, false, MaxUnavailable.of(maxUnavailable), false, null, null, false, false, 3,
                Duration.ofMinutes(10));
    }

    private static RequestUpgrade request(String from, String target, UpgradeStrategy strategy) {
        return new RequestUpgrade(CAMUNDA, UPGRADE, Version.of(target), null, strategy, SchemaChange.ADDITIVE, false,
                strategy == UpgradeStrategy.ROLLING ? MaxUnavailable.of("1") : null, false, null, null, false, false,
                3, Duration.ofMinutes(10));
    }

    private static RequestUpgrade dryRun(RequestUpgrade r) {
        return new RequestUpgrade(r.clusterId(), r.upgradeId(), r.targetVersion(), r.targetSchemaVersion(),
                r.strategy(), r.schemaChange(), r.stateFormatChange(), r.maxUnavailable(), r.byGroup(),
                r.targetClusterId(), r.failurePolicy(), r.followPath(), true, r.maxAttempts(), r.stepTimeout());
    }

    private static RequestUpgrade withSchema(RequestUpgrade r, SchemaChange change) {
        return new RequestUpgrade(r.clusterId(), r.upgradeId(), r.targetVersion(), r.targetSchemaVersion(),
                r.strategy(), change, r.stateFormatChange(), r.maxUnavailable(), r.byGroup(), r.targetClusterId(),
                r.failurePolicy(), r.followPath(), r.dryRun(), r.maxAttempts(), r.stepTimeout());
    }

    private static RequestUpgrade quarantining(RequestUpgrade r, int maxFailedPercent) {
        return new RequestUpgrade(r.clusterId(), r.upgradeId(), r.targetVersion(), r.targetSchemaVersion(),
                r.strategy(), r.schemaChange(), r.stateFormatChange(), r.maxUnavailable(), r.byGroup(),
                r.targetClusterId(), new FailurePolicy(FailurePolicy.Mode.QUARANTINE, maxFailedPercent),
                r.followPath(), r.dryRun(), r.maxAttempts(), r.stepTimeout());
    }

    /** The plan the aggregate will make, computed the same way, to know the step ids to report on. */
    private static UpgradePlan plan(RegisterCluster cluster, RequestUpgrade request) {
        Version toSchema = request.schemaChange() == SchemaChange.NONE ? cluster.schemaVersion()
                : request.targetVersion();
        PlanResult result = new UpgradePlanner().plan(new PlanRequest(cluster.clusterId(),
                cluster.nodes().stream().map(node -> new PlanNode(node.id(), node.group(), cluster.version())).toList(),
                cluster.schemaVersion(), request.strategy(), request.targetVersion(), toSchema, request.schemaChange(),
                request.stateFormatChange(), request.maxUnavailable(), request.byGroup(), null, null));
        return ((PlanResult.Planned) result).plan();
    }

    private static List<PlannedStep> steps(UpgradePlan plan) {
        return plan.stages().stream().map(PlannedStage::steps).flatMap(List::stream).toList();
    }

    private UpgradeDecision decisionOf(RegisterCluster cluster, RequestUpgrade request) {
        AggregateTestFixture<Cluster> probe = new AggregateTestFixture<>(Cluster.class);
        probe.registerCommandTargetResolver(new ClusterConfiguration().clusterCommandTargetResolver());
        probe.registerInjectableResource((ClusterDirectory) id -> java.util.Optional.empty());
        UpgradeDecision[] decision = new UpgradeDecision[1];
        probe.givenCommands(cluster).when(dryRun(request)).expectResultMessagePayloadMatching(
                new TypeSafeMatcher<UpgradeDecision>() {
                    @Override
                    protected boolean matchesSafely(UpgradeDecision item) {
                        decision[0] = item;
                        return true;
                    }

                    @Override
                    public void describeTo(Description description) {
                        description.appendText("any decision");
                    }
                });
        return decision[0];
    }

    private static ReportStepOutcome success(PlannedStep step) {
        Map<String, String> facts = step.action() == StepAction.EXPORT_STATE ? Map.of("checksum", "sha256:abc")
                : Map.of();
        return report(step.stepId(), 1, facts);
    }

    private static ReportStepOutcome report(String stepId, int attempt, Map<String, String> facts) {
        return new ReportStepOutcome(CAMUNDA, UPGRADE, stepId, attempt, 0, new StepOutcome.Succeeded(facts));
    }

    private static ReportStepOutcome failure(PlannedStep step, int attempt, boolean retryable) {
        return new ReportStepOutcome(CAMUNDA, UPGRADE, step.stepId(), attempt, 0,
                new StepOutcome.Failed("E42", "verification failed", retryable));
    }

    private static ReleaseLine line(String name, String... versions) {
        return new ReleaseLine(name, java.util.Arrays.stream(versions).map(Version::of).toList());
    }

    private static List<Version> versions(String... versions) {
        return java.util.Arrays.stream(versions).map(Version::of).toList();
    }

    /** The published events start with exactly these payload types, in this order (the rest is not checked). */
    private static Matcher<List<EventMessage<?>>> payloadTypes(Class<?>... types) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(List<EventMessage<?>> events) {
                if (events.size() < types.length) {
                    return false;
                }
                for (int i = 0; i < types.length; i++) {
                    if (!types[i].isInstance(events.get(i).getPayload())) {
                        return false;
                    }
                }
                return true;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("events starting with " + java.util.Arrays.toString(types));
            }
        };
    }

    private static Matcher<UpgradeDecision> rejectedFor(String rule) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(UpgradeDecision decision) {
                return !decision.accepted() && rule.equals(decision.rule());
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a decision rejected for " + rule);
            }
        };
    }

    private static Matcher<UpgradeDecision> accepted(int stages, boolean dryRun) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(UpgradeDecision decision) {
                return decision.accepted() && decision.dryRun() == dryRun && decision.hops().size() == 1
                        && decision.hops().get(0).plan().stages().size() == stages;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("an accepted " + (dryRun ? "dry run" : "request") + " with " + stages
                        + " stages");
            }
        };
    }
}
