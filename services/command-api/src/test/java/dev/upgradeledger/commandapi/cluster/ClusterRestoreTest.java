package dev.upgradeledger.commandapi.cluster;

import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.matches;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;

import dev.upgradeledger.events.AbortUpgrade;
import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.NodeSpec;
import dev.upgradeledger.events.PauseCause;
import dev.upgradeledger.events.PeerCleaned;
import dev.upgradeledger.events.RegisterCluster;
import dev.upgradeledger.events.ReportStepOutcome;
import dev.upgradeledger.events.RequestUpgrade;
import dev.upgradeledger.events.ResumeUpgrade;
import dev.upgradeledger.events.RollBackUpgrade;
import dev.upgradeledger.events.SchemaChange;
import dev.upgradeledger.events.StateImported;
import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.events.StepFailed;
import dev.upgradeledger.events.StepOutcome;
import dev.upgradeledger.events.StepStarted;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.events.UpgradePaused;
import dev.upgradeledger.events.UpgradePlanned;
import dev.upgradeledger.events.UpgradeRejected;
import dev.upgradeledger.events.UpgradeRequested;
import dev.upgradeledger.events.UpgradeResumed;
import dev.upgradeledger.events.UpgradeStrategy;
import dev.upgradeledger.events.Version;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The IPFS Cluster disaster recovery (RESTORE) as the aggregate enforces it: it starts from an export an earlier upgrade
 * recorded (refused without one), imports only on a peer set up on the export's version, and an import whose checksum
 * differs from the export's pauses naming both; rolling back a REJOIN points at it.
 */
class ClusterRestoreTest {

    private static final ClusterId ID = ClusterId.of("ipfs-eu");
    private static final UpgradeId BOOTSTRAP = UpgradeId.of("bootstrap-1");
    private static final UpgradeId RESTORE = UpgradeId.of("restore-1");
    private static final String EXPORTED = "sha256:exported";

    private AggregateTestFixture<Cluster> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Cluster.class);
        fixture.registerCommandTargetResolver(new ClusterConfiguration().clusterCommandTargetResolver());
        fixture.registerInjectableResource((ClusterDirectory) id -> java.util.Optional.empty());
    }

    @Test
    @DisplayName("no export recorded: the RESTORE is rejected with the rule and a way out")
    void aRestoreWithoutARecordedExportIsRejected() {
        fixture.givenCommands(register())
                .when(restore(null))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        matches(p -> p instanceof UpgradeRejected rejected
                                && rejected.rule().equals("no-export-recorded")),
                        andNoMore())));
    }

    @Test
    @DisplayName("rolling back a REJOIN points at the RESTORE of its export")
    void rollingBackARejoinPointsAtTheRestore() {
        fixture.givenCommands(register(), bootstrap(), success(BOOTSTRAP, "s0.0", Map.of("checksum", EXPORTED,
                        "dumpRef", "sim://k-1")))
                .when(new RollBackUpgrade(ID, BOOTSTRAP, null))
                .expectException(refusal(refusal -> refusal.rule().equals("rollback-not-supported")
                        && refusal.wayOut().contains("strategy RESTORE and restoreFrom bootstrap-1")
                        && refusal.wayOut().contains(EXPORTED) && refusal.wayOut().contains("1.0.7")))
                .expectNoEvents();
    }

    @Test
    @DisplayName("from the export of an aborted REJOIN: the plan sets peer-1 up on 1.0.7 and imports the export there")
    void theRestoreStartsFromTheRecordedExport() {
        fixture.givenCommands(aborted())
                .when(restore(BOOTSTRAP))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        matches(p -> p instanceof UpgradeRequested),
                        matches(p -> p instanceof UpgradePlanned planned && planned.fromVersion().equals(
                                Version.of("1.0.7")) && planned.plan().stages().get(2).steps().get(0).parameters()
                                .equals(Map.of("exportedBy", "bootstrap-1", "checksum", EXPORTED, "dumpRef",
                                        "sim://k-1", "version", "1.0.7", "onNode", "peer-1"))),
                        matches(p -> p instanceof StepStarted started && started.action() == StepAction.STOP_NODE),
                        matches(p -> p instanceof StepStarted started && started.action() == StepAction.STOP_NODE),
                        matches(p -> p instanceof StepStarted started && started.action() == StepAction.STOP_NODE),
                        andNoMore())));
    }

    @Test
    @DisplayName("guide step 3: a peer set up on another version than the export's fails, the import is never started")
    void aPeerSetUpOnTheWrongVersionIsNoSetUp() {
        List<Object> given = restoreUpTo(1);
        fixture.givenCommands(given)
                .when(success(RESTORE, "s1.0", Map.of("version", "1.0.8")))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        matches(p -> p instanceof StepFailed failed && failed.code().equals("import-on-export-version")
                                && failed.message().contains("set up on 1.0.8 but the export was taken on 1.0.7")),
                        matches(p -> p instanceof UpgradePaused paused && paused.cause() == PauseCause.STEP_FAILED),
                        andNoMore())));
    }

    @Test
    @DisplayName("guide step 4: an import whose checksum differs pauses naming both checksums; resume imports again")
    void aChecksumMismatchAtImportPausesNamingBothAndResumeRetries() {
        ReportStepOutcome mismatch = success(RESTORE, "s2.0", Map.of("checksum", "sha256:other"));
        fixture.givenCommands(restoreUpTo(2))
                .when(mismatch)
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        matches(p -> p instanceof StepFailed failed && failed.code().equals("checksum-mismatch")
                                && failed.message().contains("sha256:other") && failed.message().contains(EXPORTED)),
                        matches(p -> p instanceof UpgradePaused paused && paused.stepId().equals("s2.0")),
                        andNoMore())));
        List<Object> given = restoreUpTo(2);
        given.add(mismatch);
        fixture.givenCommands(given)
                .when(new ResumeUpgrade(ID, RESTORE))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        matches(p -> p instanceof UpgradeResumed),
                        matches(p -> p instanceof StepStarted started && started.stepId().equals("s2.0")
                                && started.attempt() == 2),
                        andNoMore())));
        given.add(new ResumeUpgrade(ID, RESTORE));
        fixture.givenCommands(given)
                .when(new ReportStepOutcome(ID, RESTORE, "s2.0", 2, 0,
                        new StepOutcome.Succeeded(Map.of("checksum", EXPORTED))))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        matches(p -> p instanceof StateImported imported && imported.checksum().equals(EXPORTED)),
                        matches(p -> p instanceof StepStarted started && started.action() == StepAction.UPGRADE_NODE
                                && started.nodeId().equals(NodeId.of("peer-1"))),
                        andNoMore())));
    }

    @Test
    @DisplayName("a set-up records the export's version on the peer")
    void theSetUpRecordsThePeersVersion() {
        fixture.givenCommands(restoreUpTo(1))
                .when(success(RESTORE, "s1.0", Map.of("version", "1.0.7")))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        matches(p -> p instanceof PeerCleaned cleaned && cleaned.nodeId().equals(NodeId.of("peer-1"))
                                && Version.of("1.0.7").equals(cleaned.version())),
                        matches(p -> p instanceof StepStarted started && started.action() == StepAction.IMPORT_STATE),
                        andNoMore())));
    }

    private static org.hamcrest.Matcher<Throwable> refusal(java.util.function.Predicate<ClusterRefusal> check) {
        return new org.hamcrest.BaseMatcher<>() {
            @Override
            public boolean matches(Object actual) {
                return actual instanceof ClusterRefusal refusal && check.test(refusal);
            }

            @Override
            public void describeTo(org.hamcrest.Description description) {
                description.appendText("a refusal as expected");
            }
        };
    }

    /** A REJOIN that exported the state (checksum EXPORTED on 1.0.7), removed the peers, then was aborted. */
    private static List<Object> aborted() {
        return new ArrayList<>(List.of(register(), bootstrap(),
                success(BOOTSTRAP, "s0.0", Map.of("checksum", EXPORTED, "dumpRef", "sim://k-1")),
                new AbortUpgrade(ID, BOOTSTRAP, "the survivor's disk failed")));
    }

    /** The aborted REJOIN, the RESTORE and the successes of its stages before {@code stage}. */
    private static List<Object> restoreUpTo(int stage) {
        List<Object> given = aborted();
        given.add(restore(BOOTSTRAP));
        for (int i = 0; i < stage; i++) {
            if (i == 0) {
                for (int n = 0; n < 3; n++) {
                    given.add(success(RESTORE, "s0." + n, Map.of()));
                }
            } else if (i == 1) {
                given.add(success(RESTORE, "s1.0", Map.of("version", "1.0.7")));
            } else {
                given.add(success(RESTORE, "s" + i + ".0", i == 2 ? Map.of("checksum", EXPORTED) : Map.of()));
            }
        }
        return given;
    }

    private static ReportStepOutcome success(UpgradeId upgrade, String stepId, Map<String, String> facts) {
        return new ReportStepOutcome(ID, upgrade, stepId, 1, 0, new StepOutcome.Succeeded(facts));
    }

    private static RegisterCluster register() {
        return new RegisterCluster(ID, "ipfs-lab", Version.of("1.0.7"), Version.of("1"),
                List.of(new NodeSpec(NodeId.of("peer-1"), "10.0.4.1:9094", null),
                        new NodeSpec(NodeId.of("peer-2"), "10.0.4.2:9094", null),
                        new NodeSpec(NodeId.of("peer-3"), "10.0.4.3:9094", null)), null, null);
    }

    private static RequestUpgrade bootstrap() {
        return new RequestUpgrade(ID, BOOTSTRAP, Version.of("1.0.8"), null, UpgradeStrategy.REJOIN, SchemaChange.NONE,
                true, null, false, null, null, false, false, 3, Duration.ofMinutes(10));
    }

    private static RequestUpgrade restore(UpgradeId from) {
        return new RequestUpgrade(ID, RESTORE, Version.of("1.0.8"), null, UpgradeStrategy.RESTORE, SchemaChange.NONE,
                true, null, false, null, null, false, false, 3, Duration.ofMinutes(10), null, null, null, from);
    }
}
