package dev.upgradeledger.commandapi.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.events.ClaimDiscoveryGroup;
import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.ClusterRetired;
import dev.upgradeledger.events.DiscoveryGroupAdded;
import dev.upgradeledger.events.DiscoveryGroupClaimed;
import dev.upgradeledger.events.DiscoveryGroupReleased;
import dev.upgradeledger.events.DiscoveryGroupRemoved;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.NodeSpec;
import dev.upgradeledger.events.PauseCause;
import dev.upgradeledger.events.ProcessesRestarted;
import dev.upgradeledger.events.RegisterCluster;
import dev.upgradeledger.events.ReleaseDiscoveryGroup;
import dev.upgradeledger.events.ReportStepOutcome;
import dev.upgradeledger.events.RequestUpgrade;
import dev.upgradeledger.events.ResumeUpgrade;
import dev.upgradeledger.events.RetireCluster;
import dev.upgradeledger.events.RollBackUpgrade;
import dev.upgradeledger.events.SchemaChange;
import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.events.StepFailed;
import dev.upgradeledger.events.StepOutcome;
import dev.upgradeledger.events.StepStarted;
import dev.upgradeledger.events.UpgradeCompleted;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.events.UpgradePaused;
import dev.upgradeledger.events.UpgradeResumed;
import dev.upgradeledger.events.UpgradeStrategy;
import dev.upgradeledger.events.Version;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The Replicante live move on the aggregate (guide "Breaking Upgrades", steps 4-7): the steps in the guide's order, the
 * discovery groups' manager recorded with its epoch, a group claimed by a second cluster pausing the move.
 */
class ClusterLiveMoveTest {

    private static final ClusterId OLD = ClusterId.of("repl-old");
    private static final ClusterId NEW = ClusterId.of("repl-new");
    private static final ClusterId OTHER = ClusterId.of("repl-other");
    private static final UpgradeId UPGRADE = UpgradeId.of("u-08");

    private AggregateTestFixture<Cluster> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Cluster.class);
        fixture.registerCommandTargetResolver(new ClusterConfiguration().clusterCommandTargetResolver());
        ClusterDirectory.ClusterView target = new ClusterDirectory.ClusterView(NEW, Version.of("0.8.0"), null, false,
                List.of(new ClusterDirectory.NodeView(NodeId.of("core-b-1"), null, Version.of("0.8.0"))));
        fixture.registerInjectableResource((ClusterDirectory) id -> Optional.ofNullable(
                id.equals(NEW) ? target : null));
    }

    @Test
    @DisplayName("Replicante steps 4-5: the new cluster loses every discovery backend first, then starts")
    void theMoveStartsOnTheNewClusterWithoutDiscovery() {
        List<StepStarted> started = started(fixture.givenCommands(replicanteOld()).when(liveMove()));
        assertThat(started).singleElement().satisfies(step -> {
            assertThat(step.stepId()).isEqualTo("s0.0");
            assertThat(step.action()).isEqualTo(StepAction.REMOVE_DISCOVERY_GROUP);
            assertThat(step.clusterId()).isEqualTo(OLD);
            assertThat(step.targetClusterId()).as("the step acts on the new cluster").isEqualTo(NEW);
            assertThat(step.parameters()).containsEntry("group", "*");
        });
    }

    @Test
    @DisplayName("Replicante step 6.2: once the old cluster restarted without the group, it no longer manages it")
    void theOldClustersRestartReleasesTheGroup() {
        assertFactsThenStart(payloads(fixture.givenCommands(commandsUpTo("s2.0")).when(success("s3.0"))), "s4.0",
                new ProcessesRestarted(OLD, UPGRADE, "s3.0", OLD, "g-a"),
                new DiscoveryGroupReleased(OLD, "g-a", OLD, 1, UPGRADE, "s3.0"));
    }

    @Test
    @DisplayName("Replicante step 6.3: the group added to the new cluster is claimed by it, epoch 2")
    void addingTheGroupToTheNewClusterClaimsIt() {
        assertFactsThenStart(payloads(fixture.givenCommands(commandsUpTo("s3.0")).when(success("s4.0"))), "s5.0",
                new DiscoveryGroupAdded(OLD, UPGRADE, "s4.0", NEW, "g-a"),
                new DiscoveryGroupClaimed(OLD, "g-a", NEW, 2, UPGRADE, "s4.0"));
    }

    @Test
    @DisplayName("Replicante steps 6.1-6.4 for every group: the move completes and the old cluster keeps its version")
    void theLastGroupsRestartCompletesTheMove() {
        fixture.givenCommands(commandsUpTo("s8.0"))
                .when(success("s9.0"))
                .expectEvents(new ProcessesRestarted(OLD, UPGRADE, "s9.0", NEW, "g-b"),
                        new UpgradeCompleted(OLD, UPGRADE, Version.of("0.7.3"), Version.of("1"), false));
    }

    @Test
    @DisplayName("Replicante: more than one cluster must not be managing the same datastore (a claim is refused)")
    void aClaimOfAGroupAnotherClusterManagesIsRefused() {
        fixture.givenCommands(replicanteOld())
                .when(new ClaimDiscoveryGroup(OLD, "g-a", OTHER))
                .expectNoEvents()
                .expectException(ClusterRefusal.class)
                .expectExceptionMessage("group g-a is managed by repl-old (epoch 0); repl-other may claim it only once"
                        + " that cluster released it");
    }

    @Test
    @DisplayName("a claim or a release sent again changes nothing: it counts once")
    void aResentClaimOrReleaseCountsOnce() {
        fixture.givenCommands(replicanteOld(), new ReleaseDiscoveryGroup(OLD, "g-a", OLD),
                        new ClaimDiscoveryGroup(OLD, "g-a", OTHER))
                .when(new ClaimDiscoveryGroup(OLD, "g-a", OTHER))
                .expectNoEvents();
        fixture.givenCommands(replicanteOld(), new ReleaseDiscoveryGroup(OLD, "g-a", OLD))
                .when(new ReleaseDiscoveryGroup(OLD, "g-a", OLD))
                .expectNoEvents();
        fixture.givenCommands(replicanteOld())
                .when(new ReleaseDiscoveryGroup(OLD, "g-a", OTHER))
                .expectException(ClusterRefusal.class)
                .expectExceptionMessage("group g-a is managed by repl-old (epoch 0), not by repl-other");
        fixture.givenCommands(replicanteOld())
                .when(new ClaimDiscoveryGroup(OLD, "g-z", OTHER))
                .expectException(ClusterRefusal.class)
                .expectExceptionMessage("cluster repl-old has no discovery group g-z");
    }

    @Test
    @DisplayName("Replicante: a group claimed by a second cluster during the move pauses it, naming group and manager")
    void aGroupClaimedBySecondClusterPausesTheMoveUntilReleased() {
        List<Object> given = commandsUpTo("s3.0");
        given.add(new ClaimDiscoveryGroup(OLD, "g-a", OTHER)); // while s4.0 (add g-a to repl-new) runs
        String why = "group g-a is managed by repl-other (epoch 2); repl-new added it meanwhile and must not manage"
                + " it too";
        fixture.givenCommands(given)
                .when(success("s4.0"))
                .expectEvents(new StepFailed(OLD, UPGRADE, "s4.0", 1, "group-managed-elsewhere", why, false, false),
                        new UpgradePaused(OLD, UPGRADE, "step s4.0 (ADD_DISCOVERY_GROUP) failed:"
                                + " group-managed-elsewhere: " + why, PauseCause.STEP_FAILED, null, "s4.0", null));

        given.add(success("s4.0"));
        given.add(new ReleaseDiscoveryGroup(OLD, "g-a", OTHER));
        List<Object> afterResume = payloads(fixture.givenCommands(given).when(new ResumeUpgrade(OLD, UPGRADE)));
        assertThat(afterResume).hasSize(2);
        assertThat(afterResume.get(0)).isEqualTo(new UpgradeResumed(OLD, UPGRADE));
        assertThat((StepStarted) afterResume.get(1)).satisfies(step -> {
            assertThat(step.stepId()).isEqualTo("s4.0");
            assertThat(step.attempt()).isEqualTo(2);
        });

        given.add(new ResumeUpgrade(OLD, UPGRADE));
        assertFactsThenStart(payloads(fixture.givenCommands(given)
                        .when(new ReportStepOutcome(OLD, UPGRADE, "s4.0", 2, 0, new StepOutcome.Succeeded(Map.of())))),
                "s5.0", new DiscoveryGroupAdded(OLD, UPGRADE, "s4.0", NEW, "g-a"),
                new DiscoveryGroupClaimed(OLD, "g-a", NEW, 4, UPGRADE, "s4.0"));
    }

    @Test
    @DisplayName("Replicante: a group released and claimed by a second cluster during step 6.2 is not released again;"
            + " step 6.3 does not start, the move pauses naming the group and its manager")
    void aGroupClaimedElsewhereDuringTheOldClustersRestartPausesBeforeItIsAdded() {
        List<Object> given = commandsUpTo("s2.0");
        given.add(new ReleaseDiscoveryGroup(OLD, "g-a", OLD)); // while s3.0 (restart repl-old) runs
        given.add(new ClaimDiscoveryGroup(OLD, "g-a", OTHER));

        List<Object> events = payloads(fixture.givenCommands(given).when(success("s3.0")));

        assertThat(events).hasSize(2);
        assertThat(events.get(0)).isEqualTo(new ProcessesRestarted(OLD, UPGRADE, "s3.0", OLD, "g-a"));
        assertThat(events.get(1)).isInstanceOfSatisfying(UpgradePaused.class, paused -> {
            assertThat(paused.cause()).isEqualTo(PauseCause.INVARIANT);
            assertThat(paused.stepId()).isEqualTo("s4.0");
            assertThat(paused.reason()).contains("group g-a is managed by repl-other (epoch 2), so"
                    + " ADD_DISCOVERY_GROUP on repl-new would leave it with two managers");
        });
    }

    @Test
    @DisplayName("Replicante step 7: the old cluster is retired only when asked; a live move is never rolled back")
    void theOldClusterIsRetiredWhenAsked() {
        List<Object> done = commandsUpTo("s9.0");
        fixture.givenCommands(done)
                .when(new RetireCluster(OLD, "moved to repl-new"))
                .expectEvents(new ClusterRetired(OLD, "moved to repl-new"));
        fixture.givenCommands(commandsUpTo("s3.0"))
                .when(new RollBackUpgrade(OLD, UPGRADE, "no"))
                .expectException(ClusterRefusal.class);
    }

    // ---- fixtures -----------------------------------------------------------------------------------------------

    private static RegisterCluster replicanteOld() {
        return new RegisterCluster(OLD, "replicante-lab", Version.of("0.7.3"), Version.of("1"), List.of(
                new NodeSpec(NodeId.of("core-1"), "10.0.4.1:16016", "g-a"),
                new NodeSpec(NodeId.of("core-2"), "10.0.4.2:16016", "g-b")), null, null);
    }

    private static RequestUpgrade liveMove() {
        return new RequestUpgrade(OLD, UPGRADE, Version.of("0.8.0"), null, UpgradeStrategy.LIVE_MOVE,
                SchemaChange.NONE, false, null, false, NEW, null, false, false, 3, Duration.ofMinutes(10));
    }

    /** Registration, the request and a success of every step from s0.0 through {@code last}. */
    private static List<Object> commandsUpTo(String last) {
        List<Object> commands = new ArrayList<>(List.of(replicanteOld(), liveMove()));
        int stages = Integer.parseInt(last.substring(1, last.indexOf('.')));
        for (int stage = 0; stage <= stages; stage++) {
            commands.add(success("s" + stage + ".0"));
        }
        return commands;
    }

    private static ReportStepOutcome success(String stepId) {
        return new ReportStepOutcome(OLD, UPGRADE, stepId, 1, 0, new StepOutcome.Succeeded(Map.of()));
    }

    /** The facts in order, then the next step started (compared by id: its deadline differs per run). */
    private static void assertFactsThenStart(List<Object> events, String next, Object... facts) {
        assertThat(events).hasSize(facts.length + 1);
        assertThat(events.subList(0, facts.length)).containsExactly(facts);
        assertThat(events.get(facts.length)).isInstanceOfSatisfying(StepStarted.class,
                started -> assertThat(started.stepId()).isEqualTo(next));
    }

    private static List<StepStarted> started(org.axonframework.test.aggregate.ResultValidator<Cluster> result) {
        return payloads(result).stream().filter(StepStarted.class::isInstance).map(StepStarted.class::cast).toList();
    }

    private static List<Object> payloads(org.axonframework.test.aggregate.ResultValidator<Cluster> result) {
        List<Object> payloads = new ArrayList<>();
        result.expectEventsMatching(new org.hamcrest.TypeSafeMatcher<List<EventMessage<?>>>() {
            @Override
            protected boolean matchesSafely(List<EventMessage<?>> events) {
                events.forEach(event -> payloads.add(event.getPayload()));
                return true;
            }

            @Override
            public void describeTo(org.hamcrest.Description description) {
                description.appendText("any events");
            }
        });
        return payloads;
    }
}
