package dev.upgradeledger.commandapi.cluster;

import dev.upgradeledger.domain.plan.PlanNode;
import dev.upgradeledger.domain.plan.PlanRequest;
import dev.upgradeledger.domain.plan.PlanResult;
import dev.upgradeledger.domain.plan.UpgradePlanner;
import dev.upgradeledger.events.AbandonUpgrade;
import dev.upgradeledger.events.AddNode;
import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.FailureCause;
import dev.upgradeledger.events.FailurePolicy;
import dev.upgradeledger.events.FinalizeUpgrade;
import dev.upgradeledger.events.MaxUnavailable;
import dev.upgradeledger.events.MissionRevisionsApplied;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.NodeSpec;
import dev.upgradeledger.events.PauseCause;
import dev.upgradeledger.events.PauseUpgrade;
import dev.upgradeledger.events.PlannedStage;
import dev.upgradeledger.events.PlannedStep;
import dev.upgradeledger.events.PolicyRules;
import dev.upgradeledger.events.RegisterCluster;
import dev.upgradeledger.events.ReleaseCatalog;
import dev.upgradeledger.events.ReleaseLine;
import dev.upgradeledger.events.ReportStepOutcome;
import dev.upgradeledger.events.RequestUpgrade;
import dev.upgradeledger.events.Rule;
import dev.upgradeledger.events.SchemaChange;
import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.events.StepFailed;
import dev.upgradeledger.events.StepOutcome;
import dev.upgradeledger.events.StepStarted;
import dev.upgradeledger.events.UpgradeAbandoned;
import dev.upgradeledger.events.UpgradeFailed;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.events.UpgradePaused;
import dev.upgradeledger.events.UpgradePlan;
import dev.upgradeledger.events.UpgradeStrategy;
import dev.upgradeledger.events.Version;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The guides' safety rules as the aggregate enforces them: given the history, when the command, then the outcome. */
class ClusterSafetyRulesTest {

    private static final ClusterId CAMUNDA = ClusterId.of("camunda-prod");
    private static final UpgradeId FIRST = UpgradeId.of("u-1");
    private static final UpgradeId SECOND = UpgradeId.of("u-2");
    private static final ReleaseCatalog CATALOG = new ReleaseCatalog(List.of(line("7.4", "7.4"), line("7.5", "7.5"),
            line("7.6", "7.6"), line("7.7", "7.7")));
    private static final PolicyRules CAMUNDA_RULES = new PolicyRules(true, true, false, true, false);

    private AggregateTestFixture<Cluster> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Cluster.class);
        fixture.registerCommandTargetResolver(new ClusterConfiguration().clusterCommandTargetResolver());
        fixture.registerInjectableResource((ClusterDirectory) id -> Optional.empty());
    }

    @Test
    @DisplayName("IPFS Cluster: \"all the cluster peers need to run the same cluster version (X.X.X, including the"
            + " patch number)\" - a node added on another version is refused, naming the rule and the way out")
    void allTheClusterPeersNeedToRunTheSameClusterVersion() {
        fixture.givenCommands(camunda(3))
                .when(new AddNode(CAMUNDA, new NodeSpec(NodeId.of("engine-9"), "10.0.0.9:8080", null),
                        Version.of("7.6")))
                .expectNoEvents()
                .expectException(refusal(Rule.SINGLE_VERSION, "add the node on 7.5"));
    }

    @Test
    @DisplayName("Camunda: \"during the whole process of the rolling upgrade it is not permitted to use new"
            + " features\" - the second upgrade is refused until the first is finalized")
    void theSecondUpgradeIsRefusedUntilTheFirstIsFinalized() {
        List<Object> completed = completedFirstUpgrade();
        fixture.givenCommands(completed)
                .when(rolling(SECOND, "7.7"))
                .expectNoEvents()
                .expectException(refusal(Rule.FINALIZE_BEFORE_NEXT_UPGRADE, "/upgrades/u-1/finalize"));

        List<Object> finalized = new ArrayList<>(completed);
        finalized.add(new FinalizeUpgrade(CAMUNDA, FIRST));
        fixture.givenCommands(finalized)
                .when(rolling(SECOND, "7.7"))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    @DisplayName("Camunda: a completed upgrade that is explicitly abandoned lets the next one start")
    void anAbandonedUpgradeLetsTheNextOneStart() {
        List<Object> abandoned = new ArrayList<>(completedFirstUpgrade());
        fixture.givenCommands(abandoned)
                .when(new AbandonUpgrade(CAMUNDA, FIRST, "features not wanted"))
                .expectEvents(new UpgradeAbandoned(CAMUNDA, FIRST, "features not wanted"));
        abandoned.add(new AbandonUpgrade(CAMUNDA, FIRST, null));
        fixture.givenCommands(abandoned)
                .when(rolling(SECOND, "7.7"))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    @DisplayName("Camunda: new features only once every node runs the new version - finalize is refused while a"
            + " quarantined node is still on the old version")
    void finalizeIsRefusedWhileAnyNodeIsNotOnTheTargetVersion() {
        RequestUpgrade request = withPolicy(rolling(FIRST, "7.6"), new FailurePolicy(FailurePolicy.Mode.QUARANTINE, 34));
        List<PlannedStep> steps = steps(plan(3, "7.6"));
        List<Object> history = new ArrayList<>(List.of(camunda(3), request));
        PlannedStep isolateFirst = steps.get(1);
        history.add(success(steps.get(0), FIRST));
        history.add(report(isolateFirst.stepId(), new StepOutcome.Failed("E1", "down", false), FIRST));
        steps.stream().skip(1).filter(step -> !isolateFirst.nodeId().equals(step.nodeId()))
                .forEach(step -> history.add(success(step, FIRST)));

        fixture.givenCommands(history)
                .when(new FinalizeUpgrade(CAMUNDA, FIRST))
                .expectNoEvents()
                .expectException(refusal(Rule.FINALIZE_NEEDS_EVERY_NODE_ON_TARGET, "abandon"));
    }

    @Test
    @DisplayName("UpgradeFailed is recorded when one more node fails than the failure budget allows, with its cause")
    void upgradeFailedIsRecordedWhenTheFailureBudgetIsExceeded() {
        RequestUpgrade request = withPolicy(rolling(FIRST, "7.6"), new FailurePolicy(FailurePolicy.Mode.QUARANTINE, 0));
        List<PlannedStep> steps = steps(plan(3, "7.6"));

        fixture.givenCommands(camunda(3), request, success(steps.get(0), FIRST))
                .when(report(steps.get(1).stepId(), new StepOutcome.Failed("E1", "down", false), FIRST))
                .expectEventsMatching(payloads(StepFailed.class, UpgradeFailed.class))
                .expectEventsMatching(lastIs(event -> event instanceof UpgradeFailed failed
                        && failed.cause() == FailureCause.FAILURE_BUDGET_EXCEEDED
                        && Rule.FAILURE_BUDGET.id().equals(failed.rule())
                        && steps.get(1).stepId().equals(failed.stepId())));
    }

    @Test
    @DisplayName("a failure policy FAIL ends the upgrade at the first failure for good, and the next may start")
    void aFailurePolicyThatSaysFailRecordsUpgradeFailed() {
        RequestUpgrade request = withPolicy(rolling(FIRST, "7.6"), new FailurePolicy(FailurePolicy.Mode.FAIL, 0));
        List<PlannedStep> steps = steps(plan(3, "7.6"));
        ReportStepOutcome failure = report(steps.get(0).stepId(), new StepOutcome.Failed("E1", "bad", false), FIRST);

        fixture.givenCommands(camunda(3), request)
                .when(failure)
                .expectEventsMatching(lastIs(event -> event instanceof UpgradeFailed failed
                        && failed.cause() == FailureCause.POLICY_FAIL));
        fixture.givenCommands(camunda(3), request, failure)
                .when(rolling(SECOND, "7.6"))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    @DisplayName("a pause records its cause as a type: an operator, or the failed step and its node")
    void pausesCarryATypedCause() {
        List<PlannedStep> steps = steps(plan(3, "7.6"));
        fixture.givenCommands(camunda(3), rolling(FIRST, "7.6"))
                .when(new PauseUpgrade(CAMUNDA, FIRST, "step 1 looks odd) failed: no"))
                .expectEvents(new UpgradePaused(CAMUNDA, FIRST, "step 1 looks odd) failed: no", PauseCause.OPERATOR,
                        null, null, null));
        fixture.givenCommands(camunda(3), rolling(FIRST, "7.6"), success(steps.get(0), FIRST))
                .when(report(steps.get(1).stepId(), new StepOutcome.Failed("E1", "down", false), FIRST))
                .expectEventsMatching(lastIs(event -> event instanceof UpgradePaused paused
                        && paused.cause() == PauseCause.STEP_FAILED
                        && steps.get(1).stepId().equals(paused.stepId())
                        && steps.get(1).nodeId().equals(paused.nodeId())));
    }

    @Test
    @DisplayName("Camunda: \"an engine must never run on a schema older than itself\" - a rolling upgrade that"
            + " declares the schema behind the nodes is rejected with the way out")
    void anEngineMustNeverRunOnASchemaOlderThanItself() {
        RequestUpgrade noSchema = new RequestUpgrade(CAMUNDA, FIRST, Version.of("7.6"), Version.of("7.5"),
                UpgradeStrategy.ROLLING, SchemaChange.ADDITIVE, false, MaxUnavailable.of("1"), false, null, null, false, false, 3,
                Duration.ofMinutes(10));
        fixture.givenCommands(camunda(3))
                .when(noSchema)
                .expectResultMessagePayloadMatching(new TypeSafeMatcher<UpgradeDecision>() {
                    @Override
                    protected boolean matchesSafely(UpgradeDecision decision) {
                        return !decision.accepted() && Rule.NODE_NOT_NEWER_THAN_SCHEMA.id().equals(decision.rule())
                                && decision.wayOut() != null && decision.wayOut().contains("ADDITIVE");
                    }

                    @Override
                    public void describeTo(Description description) {
                        description.appendText("a rejection by node-not-newer-than-schema with its way out");
                    }
                });
    }

    @Test
    @DisplayName("Backend.AI: \"upgrade the manager first ... for a major also apply-mission-revisions <previous"
            + " version>\" - the extra step's success records MissionRevisionsApplied; its duplicate changes nothing")
    void theManagerAppliesTheMissionRevisionsOfThePreviousVersionInAMajorUpgrade() {
        ClusterId bai = ClusterId.of("bai");
        RegisterCluster register = new RegisterCluster(bai, "backend.ai", Version.of("23.09.10"),
                Version.of("23.09.10"), List.of(new NodeSpec(NodeId.of("agent-1"), "10.0.1.2:6001", null, "agent"),
                new NodeSpec(NodeId.of("manager-1"), "10.0.1.1:8081", null, "manager")),
                new ReleaseCatalog(List.of(line("23.09", "23.09.9", "23.09.10"), line("24.03", "24.03.0"))),
                PolicyRules.STRICT);
        RequestUpgrade major = new RequestUpgrade(bai, FIRST, Version.of("24.03.0"), null, UpgradeStrategy.OFFLINE,
                SchemaChange.ADDITIVE, false, null, false, null, null, false, false, 3, Duration.ofMinutes(10));
        List<Object> given = new ArrayList<>(List.of(register, major));
        // halt, export, upgrade manager-1, migrate the schema on it: s0.0 to s3.0
        for (int stage = 0; stage < 4; stage++) {
            given.add(new ReportStepOutcome(bai, FIRST, "s" + stage + ".0", 1, 0, new StepOutcome.Succeeded(
                    stage == 1 ? Map.of("checksum", "sha256:abc") : Map.of())));
        }
        ReportStepOutcome applied = new ReportStepOutcome(bai, FIRST, "s4.0", 1, 0,
                new StepOutcome.Succeeded(Map.of()));

        fixture.givenCommands(given)
                .when(applied)
                .expectEventsMatching(firstTwo(event -> event instanceof MissionRevisionsApplied fact
                                && fact.nodeId().equals(NodeId.of("manager-1"))
                                && fact.previousVersion().equals(Version.of("23.09.10")),
                        event -> event instanceof StepStarted next && next.action() == StepAction.VERIFY_NODE
                                && next.nodeId().equals(NodeId.of("manager-1"))));
        given.add(applied);
        fixture.givenCommands(given)
                .when(applied)
                .expectNoEvents()
                .expectResultMessagePayload(StepReceipt.DUPLICATE);
    }

    @Test
    @DisplayName("unknown-role: a node's role is one its product's profile declares - refused at registration and"
            + " when a node is added, with the roles to choose from")
    void aNodesRoleIsOneItsProductsProfileDeclares() {
        ClusterId bai = ClusterId.of("bai");
        RegisterCluster register = new RegisterCluster(bai, "backend.ai", Version.of("23.09.10"),
                Version.of("23.09.10"), List.of(new NodeSpec(NodeId.of("manager-1"), "10.0.1.1:8081", null,
                "manager")));
        fixture.givenNoPriorActivity()
                .when(new RegisterCluster(bai, "backend.ai", Version.of("23.09.10"), Version.of("23.09.10"),
                        List.of(new NodeSpec(NodeId.of("s-1"), "10.0.1.9:80", null, "scheduler"))))
                .expectNoEvents()
                .expectException(refusal(Rule.UNKNOWN_ROLE, "manager"));
        fixture.givenCommands(register)
                .when(new AddNode(bai, new NodeSpec(NodeId.of("s-1"), "10.0.1.9:80", null, "scheduler"), null))
                .expectNoEvents()
                .expectException(refusal(Rule.UNKNOWN_ROLE, "agent"));
        fixture.givenCommands(register)
                .when(new AddNode(bai, new NodeSpec(NodeId.of("agent-1"), "10.0.1.2:6001", null, "agent"), null))
                .expectSuccessfulHandlerExecution();
    }

    // ---- fixtures -----------------------------------------------------------------------------------------------

    private List<Object> completedFirstUpgrade() {
        List<Object> commands = new ArrayList<>(List.of(camunda(3), rolling(FIRST, "7.6")));
        steps(plan(3, "7.6")).forEach(step -> commands.add(success(step, FIRST)));
        return commands;
    }

    private static RegisterCluster camunda(int nodes) {
        return new RegisterCluster(CAMUNDA, "camunda", Version.of("7.5"), Version.of("7.5"),
                IntStream.rangeClosed(1, nodes).mapToObj(i -> new NodeSpec(NodeId.of("engine-" + i),
                        "10.0.0." + i + ":8080", null)).toList(), CATALOG, CAMUNDA_RULES);
    }

    private static RequestUpgrade rolling(UpgradeId upgrade, String target) {
        return new RequestUpgrade(CAMUNDA, upgrade, Version.of(target), null, UpgradeStrategy.ROLLING,
                SchemaChange.ADDITIVE, false, MaxUnavailable.of("1"), false, null, null, false, false, 3,
                Duration.ofMinutes(10));
    }

    private static RequestUpgrade withPolicy(RequestUpgrade r, FailurePolicy policy) {
        return new RequestUpgrade(r.clusterId(), r.upgradeId(), r.targetVersion(), r.targetSchemaVersion(),
                r.strategy(), r.schemaChange(), r.stateFormatChange(), r.maxUnavailable(), r.byGroup(),
                r.targetClusterId(), policy, r.followPath(), r.dryRun(), r.maxAttempts(), r.stepTimeout());
    }

    /** The plan the aggregate makes for a 7.5 cluster of {@code nodes} nodes, to know the step ids. */
    private static UpgradePlan plan(int nodes, String target) {
        RegisterCluster cluster = camunda(nodes);
        PlanResult result = new UpgradePlanner().plan(new PlanRequest(CAMUNDA,
                cluster.nodes().stream().map(node -> new PlanNode(node.id(), node.group(), cluster.version())).toList(),
                cluster.schemaVersion(), UpgradeStrategy.ROLLING, Version.of(target), Version.of(target),
                SchemaChange.ADDITIVE, false, MaxUnavailable.of("1"), false, null, null));
        return ((PlanResult.Planned) result).plan();
    }

    private static List<PlannedStep> steps(UpgradePlan plan) {
        return plan.stages().stream().map(PlannedStage::steps).flatMap(List::stream).toList();
    }

    private static ReportStepOutcome success(PlannedStep step, UpgradeId upgrade) {
        return report(step.stepId(), new StepOutcome.Succeeded(step.action() == StepAction.EXPORT_STATE
                ? Map.of("checksum", "sha256:abc") : Map.of()), upgrade);
    }

    private static ReportStepOutcome report(String stepId, StepOutcome outcome, UpgradeId upgrade) {
        return new ReportStepOutcome(CAMUNDA, upgrade, stepId, 1, 0, outcome);
    }

    private static ReleaseLine line(String name, String... versions) {
        return new ReleaseLine(name, java.util.Arrays.stream(versions).map(Version::of).toList());
    }

    private static Matcher<ClusterRefusal> refusal(Rule rule, String wayOut) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(ClusterRefusal refusal) {
                return rule.id().equals(refusal.rule()) && refusal.wayOut() != null && refusal.wayOut().contains(wayOut);
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a refusal by " + rule + " whose way out mentions " + wayOut);
            }
        };
    }

    private static Matcher<List<EventMessage<?>>> payloads(Class<?>... types) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(List<EventMessage<?>> events) {
                return events.size() == types.length && IntStream.range(0, types.length)
                        .allMatch(i -> types[i].isInstance(events.get(i).getPayload()));
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("exactly " + java.util.Arrays.toString(types));
            }
        };
    }

    private static Matcher<List<EventMessage<?>>> firstTwo(java.util.function.Predicate<Object> first,
                                                           java.util.function.Predicate<Object> second) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(List<EventMessage<?>> events) {
                return events.size() >= 2 && first.test(events.get(0).getPayload())
                        && second.test(events.get(1).getPayload());
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("the first two events as expected");
            }
        };
    }

    private static Matcher<List<EventMessage<?>>> lastIs(java.util.function.Predicate<Object> expected) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(List<EventMessage<?>> events) {
                return !events.isEmpty() && expected.test(events.get(events.size() - 1).getPayload());
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a last event as expected");
            }
        };
    }
}
