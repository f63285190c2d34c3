package dev.upgradeledger.projection.model;

import dev.upgradeledger.events.DiscoveryGroupAdded;
import dev.upgradeledger.events.DiscoveryGroupClaimed;
import dev.upgradeledger.events.DiscoveryGroupReleased;
import dev.upgradeledger.events.DiscoveryGroupRemoved;
import dev.upgradeledger.events.ProcessesRestarted;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.EnvironmentRecompiled;
import dev.upgradeledger.events.EnvironmentResumed;
import dev.upgradeledger.events.EnvironmentsChecked;
import dev.upgradeledger.events.ServerStarted;
import dev.upgradeledger.events.ServerStopped;
import dev.upgradeledger.events.TargetVerified;
import dev.upgradeledger.events.LedgerEvent;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.NodeIsolated;
import dev.upgradeledger.events.NodeReintegrated;
import dev.upgradeledger.events.NodeRolledBack;
import dev.upgradeledger.events.NodeStarted;
import dev.upgradeledger.events.NodeStopped;
import dev.upgradeledger.events.StateChecked;
import dev.upgradeledger.events.NodeUpgraded;
import dev.upgradeledger.events.NodeVerified;
import dev.upgradeledger.events.PeerRejoined;
import dev.upgradeledger.events.PeerRemoved;
import dev.upgradeledger.events.SchemaMigrated;
import dev.upgradeledger.events.StateExported;
import dev.upgradeledger.events.StateImported;
import dev.upgradeledger.events.StepFailed;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.events.UpgradePaused;
import dev.upgradeledger.events.Version;
import dev.upgradeledger.events.WorkloadsHalted;
import dev.upgradeledger.events.WorkloadsMoved;
import dev.upgradeledger.events.WorkloadsResumed;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepFactTest {

    private static final ClusterId CLUSTER = ClusterId.of("ipfs-eu");
    private static final ClusterId TARGET = ClusterId.of("ipfs-eu-2");
    private static final UpgradeId UPGRADE = UpgradeId.of("u-1");
    private static final NodeId NODE = NodeId.of("peer-1");
    private static final Version V1 = Version.of("1.0.8");
    private static final Version V2 = Version.of("1.1.0");

    @Test
    void everyNodeFactSettlesItsStepOnItsNode() {
        List<LedgerEvent> facts = List.of(new NodeIsolated(CLUSTER, UPGRADE, "s", NODE),
                new NodeUpgraded(CLUSTER, UPGRADE, "s", NODE, V1, V2), new NodeVerified(CLUSTER, UPGRADE, "s", NODE),
                new NodeReintegrated(CLUSTER, UPGRADE, "s", NODE), new PeerRemoved(CLUSTER, UPGRADE, "s", NODE),
                new PeerRejoined(CLUSTER, UPGRADE, "s", NODE), new NodeRolledBack(CLUSTER, UPGRADE, "s", NODE, V1),
                new NodeStopped(CLUSTER, UPGRADE, "s", NODE), new NodeStarted(CLUSTER, UPGRADE, "s", NODE),
                new StateChecked(CLUSTER, UPGRADE, "s", NODE, "sha256:aa", NodeId.of("peer-0"), "sha256:aa"));

        assertThat(facts).allSatisfy(fact -> assertThat(StepFact.of(fact)).as(fact.getClass().getSimpleName())
                .hasValueSatisfying(settled -> {
                    assertThat(settled.upgradeId()).isEqualTo(UPGRADE);
                    assertThat(settled.stepId()).isEqualTo("s");
                    assertThat(settled.nodeId()).isEqualTo(NODE);
                    assertThat(settled.action().perNode()).isTrue();
                }));
        assertThat(facts).extracting(fact -> StepFact.of(fact).orElseThrow().action().name())
                .containsExactly("ISOLATE_NODE", "UPGRADE_NODE", "VERIFY_NODE", "REINTEGRATE_NODE", "REMOVE_PEER",
                        "REJOIN_PEER", "ROLL_BACK_NODE", "STOP_NODE", "START_NODE", "CHECK_STATE");
    }

    @Test
    void aNodeFactSaysWhatItDidToItsNode() {
        assertThat(StepFact.of(new NodeIsolated(CLUSTER, UPGRADE, "s", NODE)).orElseThrow().nodeState())
                .isEqualTo("ISOLATED");
        assertThat(StepFact.of(new NodeReintegrated(CLUSTER, UPGRADE, "s", NODE)).orElseThrow().nodeState())
                .isEqualTo("IN_SERVICE");
        assertThat(StepFact.of(new PeerRemoved(CLUSTER, UPGRADE, "s", NODE)).orElseThrow().nodeState())
                .isEqualTo("REMOVED");
        assertThat(StepFact.of(new NodeStopped(CLUSTER, UPGRADE, "s", NODE)).orElseThrow().nodeState())
                .isEqualTo("STOPPED");
        assertThat(StepFact.of(new NodeStarted(CLUSTER, UPGRADE, "s", NODE)).orElseThrow().nodeState())
                .isEqualTo("IN_SERVICE");
        assertThat(StepFact.of(new StateChecked(CLUSTER, UPGRADE, "s", NODE, "sha256:aa", null, null)).orElseThrow()
                .nodeState()).isNull();
        assertThat(StepFact.of(new NodeUpgraded(CLUSTER, UPGRADE, "s", NODE, V1, V2)).orElseThrow())
                .satisfies(fact -> {
                    assertThat(fact.nodeVersion()).isEqualTo(V2);
                    assertThat(fact.nodeState()).isNull();
                });
        assertThat(StepFact.of(new NodeRolledBack(CLUSTER, UPGRADE, "s", NODE, V1)).orElseThrow().nodeVersion())
                .isEqualTo(V1);
        assertThat(StepFact.of(new NodeVerified(CLUSTER, UPGRADE, "s", NODE)).orElseThrow())
                .satisfies(fact -> assertThat(fact.nodeState() == null && fact.nodeVersion() == null).isTrue());
    }

    @Test
    void everyClusterFactSettlesItsStepOnNoNode() {
        List<LedgerEvent> facts = List.of(new WorkloadsHalted(CLUSTER, UPGRADE, "s"),
                new StateExported(CLUSTER, UPGRADE, "s", "sha256:1", ""),
                new SchemaMigrated(CLUSTER, UPGRADE, "s", V1, V2), new StateImported(CLUSTER, UPGRADE, "s", TARGET,
                        "sha256:1"), new WorkloadsMoved(CLUSTER, UPGRADE, "s", TARGET, "default"),
                new WorkloadsResumed(CLUSTER, UPGRADE, "s", TARGET));

        assertThat(facts).allSatisfy(fact -> assertThat(StepFact.of(fact)).as(fact.getClass().getSimpleName())
                .hasValueSatisfying(settled -> {
                    assertThat(settled.stepId()).isEqualTo("s");
                    assertThat(settled.nodeId()).isNull();
                    assertThat(settled.action().perNode()).isFalse();
                }));
    }

    @Test
    void everyFactOfTheInmantaMigrationSettlesItsClusterStep() {
        List<LedgerEvent> facts = List.of(new TargetVerified(CLUSTER, UPGRADE, "s", TARGET, V2),
                new ServerStopped(CLUSTER, UPGRADE, "s", CLUSTER), new ServerStarted(CLUSTER, UPGRADE, "s", TARGET),
                new EnvironmentsChecked(CLUSTER, UPGRADE, "s", TARGET, List.of("dev", "prod")),
                new EnvironmentRecompiled(CLUSTER, UPGRADE, "s", TARGET, "dev"),
                new EnvironmentResumed(CLUSTER, UPGRADE, "s", TARGET, "dev"));

        assertThat(facts).extracting(fact -> StepFact.of(fact).orElseThrow())
                .allSatisfy(settled -> assertThat(settled.nodeId() == null && settled.stepId().equals("s")).isTrue())
                .extracting(settled -> settled.action().name())
                .containsExactly("VERIFY_TARGET", "STOP_SERVER", "START_SERVER", "CHECK_ENVIRONMENTS",
                        "RECOMPILE_ENVIRONMENT", "RESUME_ENVIRONMENT");
    }

    @Test
    void aLiveMovesFactsSettleTheirStepsAndTheGroupsManagersAreNoSteps() {
        List<LedgerEvent> facts = List.of(new DiscoveryGroupRemoved(CLUSTER, UPGRADE, "s", TARGET, "*"),
                new ProcessesRestarted(CLUSTER, UPGRADE, "s", CLUSTER, "g"),
                new DiscoveryGroupAdded(CLUSTER, UPGRADE, "s", TARGET, "g"));

        assertThat(facts).extracting(fact -> StepFact.of(fact).orElseThrow().action().name())
                .containsExactly("REMOVE_DISCOVERY_GROUP", "ROLLING_RESTART", "ADD_DISCOVERY_GROUP");
        assertThat(facts).allSatisfy(fact -> assertThat(StepFact.of(fact).orElseThrow().nodeId()).isNull());
        assertThat(StepFact.of(new DiscoveryGroupClaimed(CLUSTER, "g", TARGET, 2, UPGRADE, "s"))).isEmpty();
        assertThat(Subject.of(new DiscoveryGroupReleased(CLUSTER, "g", CLUSTER, 1, UPGRADE, "s")).upgradeId())
                .isEqualTo(UPGRADE.value());
        assertThat(Subject.of(new DiscoveryGroupClaimed(CLUSTER, "g", TARGET, 3, null, null)).upgradeId()).isNull();
    }

    @Test
    void failuresAndOtherEventsAreNoFacts() {
        assertThat(StepFact.of(new StepFailed(CLUSTER, UPGRADE, "s", 1, "x", "y", true, true))).isEmpty();
        assertThat(StepFact.of(new UpgradePaused(CLUSTER, UPGRADE, "paused"))).isEmpty();
    }
}
