package dev.upgradeledger.commandapi.cluster;

import static org.hamcrest.Matchers.instanceOf;

import dev.upgradeledger.events.ApprovalRejected;
import dev.upgradeledger.events.ApproveUpgrade;
import dev.upgradeledger.events.AuditMetadata;
import dev.upgradeledger.events.BatchSoaked;
import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.MaxUnavailable;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.NodeSpec;
import dev.upgradeledger.events.RegisterCluster;
import dev.upgradeledger.events.RejectUpgrade;
import dev.upgradeledger.events.ReportStepOutcome;
import dev.upgradeledger.events.RequestUpgrade;
import dev.upgradeledger.events.SchemaChange;
import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.events.StepOutcome;
import dev.upgradeledger.events.StepStarted;
import dev.upgradeledger.events.StepTimedOut;
import dev.upgradeledger.events.UpgradeAborted;
import dev.upgradeledger.events.UpgradeApproved;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.events.UpgradeStrategy;
import dev.upgradeledger.events.Version;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.matchers.Matchers;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * APPROVAL and SOAK steps, held by the aggregate itself: the upgrade waits for an approval (who and why recorded), a
 * repeat counts once, a rejection or an expiry by the deadline aborts, and a soak ends by its deadline.
 */
class ClusterApprovalsTest {

    private static final ClusterId REPLICANTE = ClusterId.of("replicante-eu");
    private static final UpgradeId UPGRADE = UpgradeId.of("u-approve");

    private AggregateTestFixture<Cluster> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Cluster.class);
        fixture.registerCommandTargetResolver(new ClusterConfiguration().clusterCommandTargetResolver());
        fixture.registerInjectableResource((ClusterDirectory) id -> java.util.Optional.empty());
    }

    private static RegisterCluster replicante(int nodes) {
        return new RegisterCluster(REPLICANTE, "replicante", Version.of("0.7.0"), Version.of("0.7.0"),
                IntStream.rangeClosed(1, nodes).mapToObj(i -> new NodeSpec(NodeId.of("node-" + i),
                        "10.0.2." + i + ":7000", null)).toList(), null, null);
    }

    private static RequestUpgrade rolling(Duration soakTime, List<Integer> approvalBefore, Duration approvalTimeout) {
        return new RequestUpgrade(REPLICANTE, UPGRADE, Version.of("0.7.1"), null, UpgradeStrategy.ROLLING,
                SchemaChange.NONE, false, MaxUnavailable.of("1"), false, null, null, false, false, 3,
                Duration.ofMinutes(10), soakTime, approvalBefore, approvalTimeout);
    }

    private static GenericCommandMessage<ApproveUpgrade> approveAs(String actor, String stepId, String reason) {
        return new GenericCommandMessage<>(new ApproveUpgrade(REPLICANTE, UPGRADE, stepId, reason),
                MetaData.with(AuditMetadata.ACTOR, actor));
    }

    private static ReportStepOutcome success(String stepId) {
        return new ReportStepOutcome(REPLICANTE, UPGRADE, stepId, 1, 0, new StepOutcome.Succeeded(Map.of()));
    }

    @Test
    @DisplayName("Replicante: \"read the upgrade notes\" first - the upgrade waits on an APPROVAL step, started with"
            + " its deadline; nothing else starts")
    void theUpgradeWaitsForTheProfilesApproval() {
        fixture.givenCommands(replicante(2))
                .when(rolling(null, null, Duration.ofHours(2)))
                .expectEventsMatching(Matchers.payloadsMatching(Matchers.exactSequenceOf(
                        instanceOf(dev.upgradeledger.events.UpgradeRequested.class),
                        instanceOf(dev.upgradeledger.events.UpgradePlanned.class),
                        started("s0.0", StepAction.APPROVAL), Matchers.andNoMore())))
                .expectScheduledDeadlineWithName(Duration.ofHours(2), Cluster.STEP_DEADLINE);
    }

    @Test
    @DisplayName("an approval records who and why, then the first batch starts; the same approval again counts once")
    void anApprovalIsRecordedWithWhoAndWhyAndCountsOnce() {
        fixture.givenCommands(replicante(2), rolling(null, null, null))
                .when(approveAs("alice", "s0.0", "notes read: no breaking change"))
                .expectEventsMatching(Matchers.payloadsMatching(Matchers.exactSequenceOf(
                        org.hamcrest.Matchers.equalTo(new UpgradeApproved(REPLICANTE, UPGRADE, "s0.0",
                                dev.upgradeledger.domain.profile.BuiltInProfiles.REPLICANTE.approvalBeforeFirstStep(),
                                "alice", "notes read: no breaking change")),
                        started("s1.0", StepAction.ISOLATE_NODE), Matchers.andNoMore())))
                .expectResultMessagePayload(StepReceipt.ACCEPTED);

        fixture.givenCommands(replicante(2), rolling(null, null, null))
                .andGivenCommands(approveAs("alice", "s0.0", "notes read").getPayload())
                .when(approveAs("bob", "s0.0", "the same approval over Kafka"))
                .expectNoEvents()
                .expectResultMessagePayload(StepReceipt.DUPLICATE);
    }

    @Test
    @DisplayName("an executor's outcome for an APPROVAL step decides nothing")
    void anOutcomeReportCannotApprove() {
        fixture.givenCommands(replicante(2), rolling(null, null, null))
                .when(success("s0.0"))
                .expectNoEvents()
                .expectResultMessagePayload(StepReceipt.STALE);
    }

    @Test
    @DisplayName("approving a step the upgrade does not wait for is refused (approval-not-pending)")
    void approvingAnotherStepIsRefused() {
        fixture.givenCommands(replicante(2), rolling(null, null, null))
                .when(approveAs("alice", "s1.0", null))
                .expectNoEvents()
                .expectException(ClusterRefusal.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("waits for approval s0.0"));
    }

    @Test
    @DisplayName("a rejection records who and why and aborts the upgrade")
    void aRejectionAbortsTheUpgrade() {
        fixture.givenCommands(replicante(2), rolling(null, null, null))
                .when(new GenericCommandMessage<>(new RejectUpgrade(REPLICANTE, UPGRADE, "s0.0", "breaking change"),
                        MetaData.with(AuditMetadata.ACTOR, "carol")))
                .expectEventsMatching(Matchers.payloadsMatching(Matchers.exactSequenceOf(
                        instanceOf(ApprovalRejected.class), reasonContains("rejected by carol: breaking change"),
                        Matchers.andNoMore())))
                .expectNoScheduledDeadlines();
    }

    @Test
    @DisplayName("an approval nobody gives expires by its deadline: the upgrade is aborted before any step ran")
    void anApprovalNobodyGivesExpires() {
        fixture.givenCommands(replicante(2), rolling(null, null, Duration.ofMinutes(30)))
                .whenThenTimeElapses(Duration.ofMinutes(31))
                .expectEventsMatching(Matchers.payloadsMatching(Matchers.exactSequenceOf(
                        instanceOf(StepTimedOut.class), reasonContains("expired"), Matchers.andNoMore())));
    }

    @Test
    @DisplayName("soakTime: after batch 1 the SOAK step ends by its deadline (BatchSoaked), then batch 1 is verified"
            + " again; an operator's approval waits before batch 2")
    void theSoakEndsByItsDeadlineThenTheBatchIsVerifiedAgain() {
        List<Object> given = new ArrayList<>(List.of(replicante(2),
                rolling(Duration.ofMinutes(5), List.of(2), null), approveAs("alice", "s0.0", null).getPayload()));
        // s1 to s4: isolate, upgrade, verify, reintegrate node-1; s5 the soak
        IntStream.rangeClosed(1, 4).forEach(stage -> given.add(success("s" + stage + ".0")));
        fixture.givenCommands(given)
                .whenThenTimeElapses(Duration.ofMinutes(5).plusSeconds(1))
                .expectEventsMatching(Matchers.payloadsMatching(Matchers.exactSequenceOf(
                        soaked("s5.0"), started("s6.0", StepAction.VERIFY_NODE), Matchers.andNoMore())));

        fixture.givenCommands(given)
                .andGiven(new BatchSoaked(REPLICANTE, UPGRADE, "s5.0", Duration.ofMinutes(5)),
                        new StepStarted(REPLICANTE, UPGRADE, "s6.0", StepAction.VERIFY_NODE, REPLICANTE,
                                NodeId.of("node-1"), Map.of("afterSoak", "true"), 1,
                                java.time.Instant.parse("2030-01-01T00:00:00Z"), 0))
                .when(success("s6.0"))
                .expectEventsMatching(Matchers.payloadsMatching(Matchers.exactSequenceOf(
                        instanceOf(dev.upgradeledger.events.NodeVerified.class), started("s7.0", StepAction.APPROVAL),
                        Matchers.andNoMore())));
    }

    private static Matcher<Object> started(String stepId, StepAction action) {
        return new TypeSafeMatcher<>(Object.class) {
            @Override
            protected boolean matchesSafely(Object item) {
                return item instanceof StepStarted started && started.stepId().equals(stepId)
                        && started.action() == action;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("StepStarted " + stepId + " " + action);
            }
        };
    }

    private static Matcher<Object> soaked(String stepId) {
        return new TypeSafeMatcher<>(Object.class) {
            @Override
            protected boolean matchesSafely(Object item) {
                return item instanceof BatchSoaked soaked && soaked.stepId().equals(stepId)
                        && soaked.soakTime().equals(Duration.ofMinutes(5));
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("BatchSoaked " + stepId + " PT5M");
            }
        };
    }

    private static Matcher<Object> reasonContains(String text) {
        return new TypeSafeMatcher<>(Object.class) {
            @Override
            protected boolean matchesSafely(Object item) {
                return item instanceof UpgradeAborted aborted && aborted.reason().contains(text);
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("UpgradeAborted with a reason containing \"" + text + "\"");
            }
        };
    }
}
