package dev.upgradeledger.projection.timetravel;

import dev.upgradeledger.events.PlannedStep;
import dev.upgradeledger.events.SchemaMigrated;
import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.events.UpgradeStrategy;
import dev.upgradeledger.events.Version;
import dev.upgradeledger.projection.HistoryFixture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.ClusterRetired;
import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.NodeAdded;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.NodeIsolated;
import dev.upgradeledger.events.NodeQuarantined;
import dev.upgradeledger.events.NodeRemoved;
import dev.upgradeledger.events.NodeSpec;
import dev.upgradeledger.events.NodeUpgraded;
import dev.upgradeledger.events.UpgradeAborted;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.events.Version;
import dev.upgradeledger.projection.HistoryFixture;
import dev.upgradeledger.projection.RecordedUpgrades;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ClusterStateFoldTest {

    private static final Instant START = Instant.parse("2026-11-21T10:40:00Z");

    private final List<EventEnvelope> history = RecordedUpgrades.verificationFailure("c1", START, true).events();

    private ClusterState after(long sequence) {
        ClusterStateFold fold = ClusterStateFold.initial();
        history.subList(0, (int) sequence + 1).forEach(fold::apply);
        return fold.state();
    }

    private static Map<String, String> nodes(ClusterState state) {
        return state.nodes().stream().collect(Collectors.toMap(ClusterState.Node::nodeId,
                node -> node.version() + " " + node.state()));
    }

    @ParameterizedTest
    @EnumSource(value = UpgradeStrategy.class, names = {"ROLLING", "MIGRATION"})
    void aSchemaMigrationMovesTheClusterSchemaExceptInAMigrationWhereTheTargetClusterIsMigrated(UpgradeStrategy strategy) {
        HistoryFixture fixture = HistoryFixture.of("c-schema", START).registered("camunda", "7.5", "engine-1");
        PlannedStep migrate = fixture.step("s1", StepAction.MIGRATE_SCHEMA, null, "7.6");
        fixture.requested("u-s", "7.6", 3, List.of(migrate), strategy).started("s1", StepAction.MIGRATE_SCHEMA, null, 1)
                .add(new SchemaMigrated(fixture.clusterId(), fixture.upgradeId(), "s1", Version.of("7.5"),
                        Version.of("7.6")));
        ClusterStateFold fold = ClusterStateFold.initial();
        fixture.events().forEach(fold::apply);

        assertThat(fold.state().schemaVersion()).isEqualTo(strategy == UpgradeStrategy.MIGRATION ? "7.5" : "7.6");
    }

    @Test
    void timeTravelShowsWhoManagesEachDiscoveryGroupAtThatMomentAlsoAfterAResumeFromASnapshot() {
        HistoryFixture fixture = HistoryFixture.of("repl-old", START).registered("replicante", "0.7", "core-1");
        ClusterId old = fixture.clusterId();
        ClusterId next = ClusterId.of("repl-new");
        fixture.add(new dev.upgradeledger.events.DiscoveryGroupClaimed(old, "mongo-eu", old, 1, null, null))
                .add(new dev.upgradeledger.events.DiscoveryGroupReleased(old, "mongo-eu", old, 2, null, null))
                .add(new dev.upgradeledger.events.DiscoveryGroupClaimed(old, "mongo-eu", next, 3, null, null))
                .add(new dev.upgradeledger.events.DiscoveryGroupReleased(old, "mongo-eu", old, 2, null, null));
        List<EventEnvelope> events = fixture.events();

        ClusterStateFold fold = ClusterStateFold.initial();
        events.subList(0, 2).forEach(fold::apply);
        assertThat(fold.state().discoveryGroups()).containsExactly(
                new ClusterState.DiscoveryGroup("mongo-eu", "repl-old", 1));
        fold.apply(events.get(2));
        assertThat(fold.state().discoveryGroups()).as("released: nobody manages it")
                .containsExactly(new ClusterState.DiscoveryGroup("mongo-eu", null, 2));
        ClusterStateFold resumed = ClusterStateFold.resume(FoldSnapshots.read(FoldSnapshots.write(fold.snapshot())));
        resumed.apply(events.get(3));
        assertThat(resumed.state().discoveryGroups()).containsExactly(
                new ClusterState.DiscoveryGroup("mongo-eu", "repl-new", 3));
        resumed.apply(events.get(4));
        assertThat(resumed.state().discoveryGroups()).as("a stale release recorded late changes nothing, as live")
                .containsExactly(new ClusterState.DiscoveryGroup("mongo-eu", "repl-new", 3));
        assertThat(after(0).discoveryGroups()).isEmpty();
    }

    @Test
    void aRegistrationIsTheClusterWithEveryNodeInServiceOnItsVersion() {
        ClusterState state = after(0);

        assertThat(state.clusterId()).isEqualTo("c1");
        assertThat(state.product()).isEqualTo("camunda");
        assertThat(state.version()).isEqualTo("7.5");
        assertThat(state.versions()).containsExactly("7.5");
        assertThat(state.schemaVersion()).isEqualTo("7.5");
        assertThat(state.registeredAt()).isEqualTo(START);
        assertThat(state.nodeCount()).isEqualTo(3);
        assertThat(state.nodes()).first().isEqualTo(new ClusterState.Node("engine-1", "10.0.0.1:8080", "zone-a", "7.5",
                "IN_SERVICE"));
        assertThat(state.upgrade()).isNull();
        assertThat(state.manager()).isNull();
        assertThat(state.mixedVersionWindow()).isFalse();
        assertThat(state.lastSequence()).isZero();
        assertThat(state.lastPosition()).isEqualTo(history.get(0).position());
        assertThat(state.lastEventAt()).isEqualTo(START);
        assertThat(state.lastEventType()).isEqualTo("ClusterRegistered");
    }

    @Test
    void aPlannedUpgradeRunsAndOpensTheMixedVersionWindowBeforeAnyNodeMoves() {
        assertThat(after(2).upgrade()).as("requested, not yet planned").isNull();

        ClusterState planned = after(3);

        assertThat(planned.manager()).isEqualTo(new ClusterState.Manager("ledger-eu", 1));
        assertThat(planned.upgrade().upgradeId()).isEqualTo("u-c1");
        assertThat(planned.upgrade().status()).isEqualTo("RUNNING");
        assertThat(planned.upgrade().fromVersion()).isEqualTo("7.5");
        assertThat(planned.upgrade().targetVersion()).isEqualTo("7.6");
        assertThat(planned.upgrade().strategy()).isEqualTo("ROLLING");
        assertThat(planned.upgrade().active()).isTrue();
        assertThat(planned.mixedVersionWindow()).isTrue();
        assertThat(planned.versions()).containsExactly("7.5");
    }

    @Test
    void stepsMoveNodesAndShowWhileTheyRun() {
        ClusterState verifying = after(RecordedUpgrades.ENGINE_2_VERIFY_STARTED);

        assertThat(nodes(verifying)).containsExactlyInAnyOrderEntriesOf(Map.of("engine-1", "7.6 IN_SERVICE",
                "engine-2", "7.6 ISOLATED", "engine-3", "7.5 IN_SERVICE"));
        assertThat(verifying.versions()).containsExactly("7.5", "7.6");
        assertThat(verifying.version()).as("converged only when the upgrade completes").isEqualTo("7.5");
        assertThat(verifying.upgrade().runningSteps()).singleElement().satisfies(step -> {
            assertThat(step.stepId()).isEqualTo("s6.0");
            assertThat(step.action()).isEqualTo("VERIFY_NODE");
            assertThat(step.nodeId()).isEqualTo("engine-2");
            assertThat(step.attempt()).isEqualTo(1);
            assertThat(step.startedAt()).isEqualTo(history.get(18).timestamp());
        });
    }

    @Test
    void aFailedStepNoLongerRunsAndAFailurePausesTheUpgrade() {
        assertThat(after(RecordedUpgrades.ENGINE_2_UPGRADE_FAILED).upgrade().runningSteps()).isEmpty();

        ClusterState paused = after(RecordedUpgrades.PAUSED);

        assertThat(paused.upgrade().status()).isEqualTo("PAUSED");
        assertThat(paused.upgrade().active()).isTrue();
        assertThat(paused.upgrade().runningSteps()).isEmpty();
        assertThat(paused.mixedVersionWindow()).isTrue();
    }

    @Test
    void aCompletedUpgradeConvergesTheClusterAndFinalizingClosesTheWindow() {
        ClusterState completed = after(34);
        assertThat(completed.version()).isEqualTo("7.6");
        assertThat(completed.versions()).containsExactly("7.6");
        assertThat(completed.upgrade().status()).isEqualTo("COMPLETED");
        assertThat(completed.upgrade().active()).isFalse();
        assertThat(completed.mixedVersionWindow()).as("until finalized").isTrue();

        ClusterState finalized = after(35);
        assertThat(finalized.upgrade().status()).isEqualTo("FINALIZED");
        assertThat(finalized.mixedVersionWindow()).isFalse();
        assertThat(nodes(finalized).values()).containsOnly("7.6 IN_SERVICE");
    }

    @Test
    void nodesComeGoAndAreQuarantinedAndEventsAboutUnknownNodesChangeNothing() {
        HistoryFixture h = HistoryFixture.of("c2", START).registered("ipfs-cluster", "1.0.8", "peer-1", "peer-2");
        ClusterId id = h.clusterId();
        UpgradeId upgrade = UpgradeId.of("u-2");
        h.message("sre-alice", "r").add(new NodeAdded(id, new NodeSpec(NodeId.of("peer-3"), "10.0.0.3:9094", null),
                        Version.of("1.1.0")))
                .add(new NodeRemoved(id, NodeId.of("peer-1")))
                .add(new NodeIsolated(id, upgrade, "s0.0", NodeId.of("elsewhere-1")))
                .add(new NodeUpgraded(id, upgrade, "s1.0", NodeId.of("elsewhere-1"), Version.of("1"), Version.of("2")))
                .add(new NodeQuarantined(id, upgrade, "s2.0", NodeId.of("peer-2"), "disk-full: no space"))
                .add(new UpgradeAborted(id, upgrade, "given up"))
                .add(new ClusterRetired(id, "migrated"));
        ClusterStateFold fold = ClusterStateFold.initial();
        h.events().forEach(fold::apply);

        ClusterState state = fold.state();

        assertThat(nodes(state)).containsExactlyInAnyOrderEntriesOf(Map.of("peer-2", "1.0.8 QUARANTINED",
                "peer-3", "1.1.0 IN_SERVICE"));
        assertThat(state.nodeCount()).isEqualTo(2);
        assertThat(state.mixedVersionWindow()).as("two versions among the nodes").isTrue();
        assertThat(state.retired()).isTrue();
        assertThat(state.upgrade()).as("aborted before it was ever planned").isNull();
        assertThat(fold.applied()).isEqualTo(8);
    }

    @Test
    void aHistoryThatDoesNotStartWithTheRegistrationOrHasAGapCannotBeFolded() {
        assertThatThrownBy(() -> ClusterStateFold.initial().apply(history.get(1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not with its registration");
        ClusterStateFold fold = ClusterStateFold.initial().apply(history.get(0));
        assertThatThrownBy(() -> fold.apply(history.get(2))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not follow event 0");
        assertThatThrownBy(() -> fold.apply(history.get(0))).as("a duplicate is no next event")
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ClusterStateFold.initial().state()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aStateIsAPictureThatLaterEventsDoNotChange() {
        ClusterStateFold fold = ClusterStateFold.initial();
        history.subList(0, 5).forEach(fold::apply);
        ClusterState picture = fold.state();

        history.subList(5, history.size()).forEach(fold::apply);

        assertThat(picture).isEqualTo(after(4));
        assertThat(fold.state()).isEqualTo(after(history.size() - 1));
    }
}
