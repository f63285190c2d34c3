package dev.upgradeledger.commandapi.cluster;

import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.matches;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.EnvironmentRecompiled;
import dev.upgradeledger.events.EnvironmentsChecked;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.NodeSpec;
import dev.upgradeledger.events.PauseCause;
import dev.upgradeledger.events.RegisterCluster;
import dev.upgradeledger.events.ReportStepOutcome;
import dev.upgradeledger.events.RequestUpgrade;
import dev.upgradeledger.events.ResumeUpgrade;
import dev.upgradeledger.events.SchemaChange;
import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.events.StepFailed;
import dev.upgradeledger.events.StepOutcome;
import dev.upgradeledger.events.StepStarted;
import dev.upgradeledger.events.TargetVerified;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.events.UpgradePaused;
import dev.upgradeledger.events.UpgradePlanned;
import dev.upgradeledger.events.UpgradeRequested;
import dev.upgradeledger.events.UpgradeResumed;
import dev.upgradeledger.events.UpgradeStrategy;
import dev.upgradeledger.events.Version;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * An Inmanta cluster migrates with its built-in profile's procedure (seed 004): the plan is the guide's numbered steps,
 * each step's success records its fact, and a compile that fails for one environment pauses naming it; resume retries
 * that environment's compile.
 */
class ClusterInmantaMigrationTest {

    private static final ClusterId OLD = ClusterId.of("inmanta-old");
    private static final ClusterId NEW = ClusterId.of("inmanta-new");
    private static final UpgradeId UPGRADE = UpgradeId.of("u-2024");
    private static final String CHECKSUM = "sha256:dump";

    private AggregateTestFixture<Cluster> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Cluster.class);
        fixture.registerCommandTargetResolver(new ClusterConfiguration().clusterCommandTargetResolver());
        ClusterDirectory.ClusterView target = new ClusterDirectory.ClusterView(NEW, Version.of("2024.1"), null, false,
                List.of(new ClusterDirectory.NodeView(NodeId.of("orchestrator"), null, Version.of("2024.1"))));
        fixture.registerInjectableResource((ClusterDirectory) id -> Optional.of(target).filter(v -> v.id().equals(id)));
    }

    @Test
    @DisplayName("Inmanta step 1 first: the new orchestrator is validated before anything is halted")
    void theMigrationStartsByValidatingTheTarget() {
        fixture.givenCommands(register())
                .when(migration())
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        matches(p -> p instanceof UpgradeRequested),
                        matches(p -> p instanceof UpgradePlanned planned && planned.plan().stages().stream()
                                .map(stage -> stage.steps().get(0).action()).toList().equals(List.of(
                                        StepAction.VERIFY_TARGET, StepAction.HALT_WORKLOADS, StepAction.STOP_SERVER,
                                        StepAction.EXPORT_STATE, StepAction.STOP_SERVER, StepAction.IMPORT_STATE,
                                        StepAction.START_SERVER, StepAction.CHECK_ENVIRONMENTS,
                                        StepAction.RECOMPILE_ENVIRONMENT, StepAction.RESUME_ENVIRONMENT,
                                        StepAction.RECOMPILE_ENVIRONMENT, StepAction.RESUME_ENVIRONMENT))),
                        matches(p -> p instanceof StepStarted started && started.action() == StepAction.VERIFY_TARGET
                                && started.targetClusterId().equals(NEW)),
                        andNoMore())));
    }

    @Test
    @DisplayName("each Inmanta step records its fact: the target validated, the environments checked, dev recompiled")
    void everySuccessRecordsItsFact() {
        fixture.givenCommands(register(), migration())
                .when(success("s0.0", Map.of()))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        matches(p -> p instanceof TargetVerified verified && verified.targetClusterId().equals(NEW)
                                && verified.version().equals(Version.of("2024.1"))),
                        matches(p -> p instanceof StepStarted started
                                && started.action() == StepAction.HALT_WORKLOADS),
                        andNoMore())));
        fixture.givenCommands(upTo(7))
                .when(success("s7.0", Map.of()))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        matches(p -> p instanceof EnvironmentsChecked checked
                                && checked.environments().equals(List.of("dev", "prod"))),
                        matches(p -> p instanceof StepStarted started
                                && started.action() == StepAction.RECOMPILE_ENVIRONMENT
                                && "dev".equals(started.parameters().get("environment"))),
                        andNoMore())));
        fixture.givenCommands(upTo(8))
                .when(success("s8.0", Map.of()))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        matches(p -> p instanceof EnvironmentRecompiled recompiled
                                && recompiled.environment().equals("dev")),
                        matches(p -> p instanceof StepStarted started
                                && started.action() == StepAction.RESUME_ENVIRONMENT),
                        andNoMore())));
    }

    @Test
    @DisplayName("Inmanta step 10a: a compile that fails pauses with the environment named; resume retries it")
    void aFailedCompilePausesNamingTheEnvironmentAndResumeRetriesIt() {
        ReportStepOutcome failed = new ReportStepOutcome(OLD, UPGRADE, "s10.0", 1, 0,
                new StepOutcome.Failed("compile-failed", "the compile failed", false));
        fixture.givenCommands(upTo(10))
                .when(failed)
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        matches(p -> p instanceof StepFailed f && f.stepId().equals("s10.0") && !f.willRetry()),
                        matches(p -> p instanceof UpgradePaused paused && paused.cause() == PauseCause.STEP_FAILED
                                && paused.stepId().equals("s10.0") && paused.reason().startsWith(
                                "step s10.0 (RECOMPILE_ENVIRONMENT of environment prod) failed: compile-failed")),
                        andNoMore())));

        List<Object> given = upTo(10);
        given.add(failed);
        fixture.givenCommands(given)
                .when(new ResumeUpgrade(OLD, UPGRADE))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        matches(p -> p instanceof UpgradeResumed),
                        matches(p -> p instanceof StepStarted started && started.stepId().equals("s10.0")
                                && started.attempt() == 2
                                && "prod".equals(started.parameters().get("environment"))),
                        andNoMore())));
    }

    /** The registration, the request, and the successes of steps s0.0 up to (without) {@code stage}. */
    private static List<Object> upTo(int stage) {
        List<Object> commands = new ArrayList<>(List.of(register(), migration()));
        for (int i = 0; i < stage; i++) {
            commands.add(success("s" + i + ".0", i == 3 || i == 5 ? Map.of("checksum", CHECKSUM) : Map.of()));
        }
        return commands;
    }

    private static ReportStepOutcome success(String stepId, Map<String, String> facts) {
        return new ReportStepOutcome(OLD, UPGRADE, stepId, 1, 0, new StepOutcome.Succeeded(facts));
    }

    private static RegisterCluster register() {
        return new RegisterCluster(OLD, "inmanta", Version.of("2023.4"), Version.of("2023.4"),
                List.of(new NodeSpec(NodeId.of("orchestrator"), "10.0.3.1:8888", "prod"),
                        new NodeSpec(NodeId.of("orchestrator-dev"), "10.0.3.1:8889", "dev")), null, null);
    }

    private static RequestUpgrade migration() {
        return new RequestUpgrade(OLD, UPGRADE, Version.of("2024.1"), null, UpgradeStrategy.MIGRATION,
                SchemaChange.NONE, false, null, false, NEW, null, false, false, 3, Duration.ofMinutes(10));
    }
}
