package dev.upgradeledger.commandapi.cluster;

import dev.upgradeledger.events.AbortUpgrade;
import dev.upgradeledger.events.AddNode;
import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.DeclareReleaseCatalog;
import dev.upgradeledger.events.MaxUnavailable;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.NodeSpec;
import dev.upgradeledger.events.PauseUpgrade;
import dev.upgradeledger.events.PolicyRules;
import dev.upgradeledger.events.RegisterCluster;
import dev.upgradeledger.events.ReleaseCatalog;
import dev.upgradeledger.events.ReleaseLine;
import dev.upgradeledger.events.RemoveNode;
import dev.upgradeledger.events.RequestUpgrade;
import dev.upgradeledger.events.ResumeUpgrade;
import dev.upgradeledger.events.RetireCluster;
import dev.upgradeledger.events.RollBackUpgrade;
import dev.upgradeledger.events.SchemaChange;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.events.UpgradeRejected;
import dev.upgradeledger.events.UpgradeStrategy;
import dev.upgradeledger.events.Version;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every refusal of the cluster that the upgrade tests do not already show: what is refused, and that nothing is stored. */
class ClusterRefusalsTest {

    private static final ClusterId ID = ClusterId.of("ipfs-eu");
    private static final UpgradeId UPGRADE = UpgradeId.of("u-1");

    private final java.util.Map<ClusterId, ClusterDirectory.ClusterView> others = new java.util.HashMap<>();
    private AggregateTestFixture<Cluster> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Cluster.class);
        fixture.registerCommandTargetResolver(new ClusterConfiguration().clusterCommandTargetResolver());
        fixture.registerInjectableResource((ClusterDirectory) id -> Optional.ofNullable(others.get(id)));
    }

    @Test
    void aCatalogThatDoesNotListTheClustersVersionIsRefused() {
        refused(new DeclareReleaseCatalog(ID, new ReleaseCatalog(List.of(new ReleaseLine("2", List.of(Version.of("2.0"))))),
                PolicyRules.STRICT), "version-not-in-catalog", registered());
    }

    @Test
    void aClusterWithTheMostNodesAllowedTakesNoMore() {
        RegisterCluster full = new RegisterCluster(ID, "ipfs-cluster", Version.of("1.0.8"), Version.of("1"),
                java.util.stream.IntStream.rangeClosed(1, RegisterCluster.MAX_NODES)
                        .mapToObj(i -> new NodeSpec(NodeId.of("peer-" + i), "10.1." + i / 250 + "." + i % 250 + ":9094",
                                null)).toList(), null, null);
        refused(new AddNode(ID, new NodeSpec(NodeId.of("one-too-many"), "10.0.0.9:9094", null), null), "node-limit",
                full);
    }

    @Test
    void aNodeThatIsAlreadyThereCannotBeAddedAgain() {
        refused(new AddNode(ID, new NodeSpec(NodeId.of("peer-1"), "10.0.0.9:9094", null), null), "node-exists",
                registered());
    }

    @Test
    void anUnknownNodeCannotBeRemoved() {
        refused(new RemoveNode(ID, NodeId.of("peer-9")), "node-not-found", registered());
    }

    @Test
    void theLastNodeCannotBeRemoved() {
        refused(new RemoveNode(ID, NodeId.of("solo")), "last-node", new RegisterCluster(ID, "ipfs-cluster",
                Version.of("1.0.8"), Version.of("1"), List.of(new NodeSpec(NodeId.of("solo"), "10.0.0.1:9094", null))));
    }

    @Test
    void nodesCannotChangeWhileAnUpgradeIsActive() {
        refused(new RemoveNode(ID, NodeId.of("peer-2")), "upgrade-in-progress", registered(), offline("1.1.0"));
    }

    @Test
    void aRetiredClusterTakesNoMoreUpgrades() {
        refused(offline("1.1.0"), "cluster-retired", registered(), new RetireCluster(ID, "migrated"));
    }

    @Test
    void commandsForAnUpgradeThatIsNotActiveAreRefused() {
        refused(new PauseUpgrade(ID, UpgradeId.of("u-other"), null), "upgrade-not-active", registered(),
                offline("1.1.0"));
        refused(new AbortUpgrade(ID, UPGRADE, null), "upgrade-not-active", registered());
    }

    @Test
    void pausingTwiceAndResumingARunningUpgradeAreRefused() {
        refused(new PauseUpgrade(ID, UPGRADE, null), "upgrade-paused", registered(), offline("1.1.0"),
                new PauseUpgrade(ID, UPGRADE, null));
        refused(new ResumeUpgrade(ID, UPGRADE), "upgrade-not-paused", registered(), offline("1.1.0"));
    }

    @Test
    void aRollbackBeforeAnyNodeChangedIsRefusedInFavourOfAbort() {
        refused(new RollBackUpgrade(ID, UPGRADE, null), "nothing-to-roll-back", registered(), offline("1.1.0"));
    }

    @Test
    @org.junit.jupiter.api.DisplayName("IPFS Cluster: a REJOIN upgrade migrated the peers' state and cannot be rolled back")
    void aRejoinUpgradeCannotBeRolledBack() {
        refused(new RollBackUpgrade(ID, UPGRADE, null), "rollback-not-supported", registered(),
                request("1.1.0", UpgradeStrategy.REJOIN, SchemaChange.NONE, false));
    }

    @Test
    void upgradingToTheVersionTheClusterRunsIsRejected() {
        rejected(request("1.0.8", UpgradeStrategy.OFFLINE, SchemaChange.NONE, false), "same-version");
    }

    @Test
    void aVersionTheCatalogDoesNotKnowIsRejected() {
        rejected(request("9.9.9", UpgradeStrategy.OFFLINE, SchemaChange.NONE, false), "unknown-version");
    }

    @Test
    @org.junit.jupiter.api.DisplayName("IPFS Cluster: a state format upgrade needs the peers offline, never rolling")
    void aStateFormatChangeIsRejectedForRolling() {
        PolicyRules rollingAllowed = new PolicyRules(true, true, true, true, false);
        fixture.givenCommands(registered(), new DeclareReleaseCatalog(ID, registered().catalog(), rollingAllowed))
                .when(request("1.1.0", UpgradeStrategy.ROLLING, SchemaChange.NONE, true))
                .expectEventsMatching(onlyARejection())
                .expectResultMessagePayloadMatching(decisionFor("rolling-forbids-state-format-change"));
    }

    @Test
    @org.junit.jupiter.api.DisplayName("Inmanta: a migration moves one major at a time, even when the path is followed")
    void aMigrationAlongAPathOfSeveralHopsIsRejected() {
        RequestUpgrade chain = new RequestUpgrade(ID, UPGRADE, Version.of("1.2.0"), null, UpgradeStrategy.MIGRATION,
                SchemaChange.NONE, false, null, false, ClusterId.of("ipfs-new"), null, true, false, 3,
                Duration.ofMinutes(10));
        ClusterId target = ClusterId.of("ipfs-new");
        others.put(target, new ClusterDirectory.ClusterView(target, Version.of("1.2.0"), null, false,
                List.of(new ClusterDirectory.NodeView(NodeId.of("p"), null, Version.of("1.2.0")))));

        fixture.givenCommands(registered())
                .when(chain)
                .expectEventsMatching(onlyARejection())
                .expectResultMessagePayloadMatching(decisionFor("migration-is-one-hop"));
    }

    private void refused(Object command, String rule, Object... given) {
        fixture.givenCommands(given)
                .when(command)
                .expectNoEvents()
                .expectException(refusalFor(rule));
    }

    private void rejected(RequestUpgrade request, String rule) {
        fixture.givenCommands(registered())
                .when(request)
                .expectEventsMatching(onlyARejection())
                .expectResultMessagePayloadMatching(decisionFor(rule));
    }

    private static org.hamcrest.Matcher<List<org.axonframework.eventhandling.EventMessage<?>>> onlyARejection() {
        return new org.hamcrest.TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(List<org.axonframework.eventhandling.EventMessage<?>> events) {
                return events.size() == 1 && events.get(0).getPayload() instanceof UpgradeRejected;
            }

            @Override
            public void describeTo(org.hamcrest.Description description) {
                description.appendText("a single UpgradeRejected");
            }
        };
    }

    private static org.hamcrest.Matcher<ClusterRefusal> refusalFor(String rule) {
        return new org.hamcrest.TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(ClusterRefusal refusal) {
                return rule.equals(refusal.rule());
            }

            @Override
            public void describeTo(org.hamcrest.Description description) {
                description.appendText("a refusal for " + rule);
            }
        };
    }

    private static org.hamcrest.Matcher<UpgradeDecision> decisionFor(String rule) {
        return new org.hamcrest.TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(UpgradeDecision decision) {
                return !decision.accepted() && rule.equals(decision.rule());
            }

            @Override
            public void describeTo(org.hamcrest.Description description) {
                description.appendText("a rejection for " + rule);
            }
        };
    }

    private static RegisterCluster registered() {
        return new RegisterCluster(ID, "ipfs-cluster", Version.of("1.0.8"), Version.of("1"),
                List.of(new NodeSpec(NodeId.of("peer-1"), "10.0.0.1:9094", null),
                        new NodeSpec(NodeId.of("peer-2"), "10.0.0.2:9094", null),
                        new NodeSpec(NodeId.of("peer-3"), "10.0.0.3:9094", null)),
                new ReleaseCatalog(List.of(new ReleaseLine("1.0", List.of(Version.of("1.0.8"))),
                        new ReleaseLine("1.1", List.of(Version.of("1.1.0"))),
                        new ReleaseLine("1.2", List.of(Version.of("1.2.0"))))),
                PolicyRules.STRICT);
    }

    private static RequestUpgrade offline(String target) {
        return request(target, UpgradeStrategy.OFFLINE, SchemaChange.NONE, false);
    }

    private static RequestUpgrade request(String target, UpgradeStrategy strategy, SchemaChange schemaChange,
                                          boolean stateFormatChange) {
        return new RequestUpgrade(ID, UPGRADE, Version.of(target), null, strategy, schemaChange, stateFormatChange,
                strategy == UpgradeStrategy.ROLLING ? MaxUnavailable.of("1") : null, false, null, null, false, false,
                3, Duration.ofMinutes(10));
    }
}
