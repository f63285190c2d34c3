package dev.upgradeledger.projection.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.events.ApprovalRejected;
import dev.upgradeledger.events.BatchSoaked;
import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.events.StepStarted;
import dev.upgradeledger.events.UpgradeApproved;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.events.LedgerEvent;
import dev.upgradeledger.events.UpgradeAborted;
import dev.upgradeledger.events.UpgradePaused;
import dev.upgradeledger.events.UpgradeResumed;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the read side makes of approvals and soaks: the AWAITING_APPROVAL status and the steps they settle. */
class ApprovalLifecycleTest {

    private static final ClusterId CLUSTER = ClusterId.of("replicante-eu");
    private static final UpgradeId UPGRADE = UpgradeId.of("u-1");

    private static StepStarted started(StepAction action) {
        return new StepStarted(CLUSTER, UPGRADE, "s0.0", action, CLUSTER,
                action.perNode() ? NodeId.of("node-1") : null, Map.of(), 1, Instant.parse("2026-12-01T00:00:00Z"), 0);
    }

    @Test
    void anApprovalStepMakesTheUpgradeAwaitApprovalUntilItIsApproved() {
        String waiting = UpgradeLifecycle.after("RUNNING", false, started(StepAction.APPROVAL));
        assertThat(waiting).isEqualTo("AWAITING_APPROVAL");
        assertThat(UpgradeLifecycle.ACTIVE).contains(waiting);
        assertThat(UpgradeLifecycle.after(waiting, false, new UpgradeApproved(CLUSTER, UPGRADE, "s0.0",
                "read the notes", "alice", null))).isEqualTo("RUNNING");
        assertThat(UpgradeLifecycle.after(waiting, false, UpgradePaused.byOperator(CLUSTER, UPGRADE, "hold")))
                .isEqualTo("PAUSED");
        assertThat(UpgradeLifecycle.after("RUNNING", false, started(StepAction.UPGRADE_NODE)))
                .as("other steps leave the status").isEqualTo("RUNNING");
        assertThat(UpgradeLifecycle.after("PAUSED", false, started(StepAction.APPROVAL))).isEqualTo("PAUSED");
    }

    @Test
    void anUpgradePausedWhileAwaitingAnApprovalAwaitsItAgainWhenResumed() {
        UpgradeApproved approved = new UpgradeApproved(CLUSTER, UPGRADE, "s0.0", "read the notes", "alice", null);
        UpgradeResumed resumed = new UpgradeResumed(CLUSTER, UPGRADE);
        assertThat(statuses(started(StepAction.APPROVAL), UpgradePaused.byOperator(CLUSTER, UPGRADE, "lunch"),
                resumed, resumed))
                .as("the second resume is a duplicate").containsExactly("AWAITING_APPROVAL", "PAUSED",
                        "AWAITING_APPROVAL", "AWAITING_APPROVAL");
        assertThat(statuses(started(StepAction.APPROVAL), UpgradePaused.byOperator(CLUSTER, UPGRADE, "lunch"),
                approved, resumed, UpgradePaused.byOperator(CLUSTER, UPGRADE, "again"), resumed))
                .as("approved while paused: nothing pending after").containsExactly("AWAITING_APPROVAL", "PAUSED",
                        "PAUSED", "RUNNING", "PAUSED", "RUNNING");
        assertThat(statuses(started(StepAction.APPROVAL), approved, started(StepAction.UPGRADE_NODE),
                UpgradePaused.byOperator(CLUSTER, UPGRADE, "hold"), resumed))
                .containsExactly("AWAITING_APPROVAL", "RUNNING", "RUNNING", "PAUSED", "RUNNING");
        assertThat(UpgradeLifecycle.approvalPendingAfter(true, new UpgradeAborted(CLUSTER, UPGRADE, "no")))
                .as("an ended upgrade awaits nothing").isFalse();
        assertThat(UpgradeLifecycle.approvalPendingAfter(true, new ApprovalRejected(CLUSTER, UPGRADE, "s0.0",
                "read the notes", "carol", "no"))).isFalse();
    }

    /** The statuses one after another, from RUNNING, as the read models fold them. */
    private static List<String> statuses(LedgerEvent... events) {
        List<String> statuses = new ArrayList<>();
        String status = "RUNNING";
        boolean pending = false;
        for (LedgerEvent event : events) {
            status = UpgradeLifecycle.after(status, false, pending, event);
            pending = UpgradeLifecycle.approvalPendingAfter(pending, event);
            statuses.add(status);
        }
        return statuses;
    }

    @Test
    void anApprovalAndASoakSettleTheirClusterWideSteps() {
        assertThat(StepFact.of(new UpgradeApproved(CLUSTER, UPGRADE, "s0.0", "read the notes", "alice", "ok")))
                .hasValueSatisfying(fact -> {
                    assertThat(fact.action()).isEqualTo(StepAction.APPROVAL);
                    assertThat(fact.stepId()).isEqualTo("s0.0");
                    assertThat(fact.nodeId()).isNull();
                });
        assertThat(StepFact.of(new BatchSoaked(CLUSTER, UPGRADE, "s5.0", Duration.ofMinutes(5))))
                .hasValueSatisfying(fact -> assertThat(fact.action()).isEqualTo(StepAction.SOAK));
        ApprovalRejected rejected = new ApprovalRejected(CLUSTER, UPGRADE, "s0.0", "read the notes", "carol", "no");
        assertThat(StepFact.of(rejected)).as("a rejection settles nothing: the abort follows").isEmpty();
        assertThat(Subject.of(rejected)).satisfies(subject -> {
            assertThat(subject.upgradeId()).isEqualTo("u-1");
            assertThat(subject.stepId()).isEqualTo("s0.0");
        });
    }
}
