package dev.upgradeledger.projection;

import static dev.upgradeledger.events.StepAction.ISOLATE_NODE;
import static dev.upgradeledger.events.StepAction.REINTEGRATE_NODE;
import static dev.upgradeledger.events.StepAction.UPGRADE_NODE;
import static dev.upgradeledger.events.StepAction.VERIFY_NODE;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.ManagementClaimed;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.NodeIsolated;
import dev.upgradeledger.events.NodeReintegrated;
import dev.upgradeledger.events.NodeUpgraded;
import dev.upgradeledger.events.NodeVerified;
import dev.upgradeledger.events.PlannedStep;
import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.events.StepFailed;
import dev.upgradeledger.events.UpgradeCompleted;
import dev.upgradeledger.events.UpgradeFinalized;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.events.UpgradePaused;
import dev.upgradeledger.events.UpgradeResumed;
import dev.upgradeledger.events.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Recorded upgrades as command-api records them, for the tests of time travel and diagnosis.
 *
 * <p>{@link #verificationFailure}: camunda 7.5 -> 7.6 on engine-1..3, rolling one node at a time (isolate, upgrade,
 * verify, reintegrate per node). engine-1 goes through; engine-2's upgrade fails once (retryable, retried, succeeds),
 * then its verification fails for good (not retryable) and the upgrade pauses at sequence 20. Optionally sre-bob
 * resumes it and it completes and is finalized.
 */
public final class RecordedUpgrades {

    /** Sequences of the verification-failure history. */
    public static final long REQUESTED = 2;
    public static final long ENGINE_2_UPGRADE_FAILED = 15;
    public static final long ENGINE_2_UPGRADED = 17;
    public static final long ENGINE_2_VERIFY_STARTED = 18;
    public static final long ENGINE_2_VERIFY_FAILED = 19;
    public static final long PAUSED = 20;

    private RecordedUpgrades() {
    }

    public static HistoryFixture verificationFailure(String clusterId, Instant start, boolean resumedToTheEnd) {
        HistoryFixture h = HistoryFixture.of(clusterId, start);
        ClusterId id = h.clusterId();
        h.registered("camunda", "7.5", "engine-1", "engine-2", "engine-3");                        // 0
        h.message("sre-alice", "req-claim").add(new ManagementClaimed(id, "ledger-eu", 1));       // 1
        List<PlannedStep> plan = new ArrayList<>();
        int stage = 0;
        for (String node : List.of("engine-1", "engine-2", "engine-3")) {
            for (StepAction action : List.of(ISOLATE_NODE, UPGRADE_NODE, VERIFY_NODE, REINTEGRATE_NODE)) {
                plan.add(h.step("s" + stage++ + ".0", action, node, "7.6"));
            }
        }
        h.requested("u-" + clusterId, "7.6", 3, plan);                                              // 2, 3
        UpgradeId upgrade = h.upgradeId();
        h.started("s0.0", ISOLATE_NODE, "engine-1", 1);                                             // 4
        runNode(h, 0, "engine-1", true);                                                            // 5..11, s4.0 started at 12
        h.report().add(new NodeIsolated(id, upgrade, "s4.0", NodeId.of("engine-2")))               // 13
                .started("s5.0", UPGRADE_NODE, "engine-2", 1);                                      // 14
        h.report().add(new StepFailed(id, upgrade, "s5.0", 1, "http-5xx", "agent answered 503", true, true)); // 15
        h.deadline().started("s5.0", UPGRADE_NODE, "engine-2", 2);                                  // 16
        h.report().add(new NodeUpgraded(id, upgrade, "s5.0", NodeId.of("engine-2"), Version.of("7.5"),
                Version.of("7.6")))                                                                 // 17
                .started("s6.0", VERIFY_NODE, "engine-2", 1);                                       // 18
        h.report().add(new StepFailed(id, upgrade, "s6.0", 1, "verify-failed", "health check answered 500", false,
                        false))                                                                     // 19
                .add(new UpgradePaused(id, upgrade, "step s6.0 (VERIFY_NODE on engine-2) failed: verify-failed:"
                        + " health check answered 500"));                                           // 20
        if (!resumedToTheEnd) {
            return h;
        }
        h.message("sre-bob", "req-resume").add(new UpgradeResumed(id, upgrade))                    // 21
                .started("s6.0", VERIFY_NODE, "engine-2", 2);                                       // 22
        h.report().add(new NodeVerified(id, upgrade, "s6.0", NodeId.of("engine-2")))               // 23
                .started("s7.0", REINTEGRATE_NODE, "engine-2", 1);                                  // 24
        h.report().add(new NodeReintegrated(id, upgrade, "s7.0", NodeId.of("engine-2")))           // 25
                .started("s8.0", ISOLATE_NODE, "engine-3", 1);                                      // 26
        runNode(h, 8, "engine-3", false);                                                           // 27..33
        h.add(new UpgradeCompleted(id, upgrade, Version.of("7.6"), Version.of("7.5"), false));     // 34
        h.message("sre-alice", "req-finalize").add(new UpgradeFinalized(id, upgrade, Version.of("7.6"))); // 35
        return h;
    }

    /** From the isolation of a node (its StepStarted recorded) to its reintegration, and the next node's isolation. */
    private static void runNode(HistoryFixture h, int firstStage, String node, boolean startNext) {
        ClusterId id = h.clusterId();
        UpgradeId upgrade = h.upgradeId();
        NodeId nodeId = NodeId.of(node);
        h.report().add(new NodeIsolated(id, upgrade, "s" + firstStage + ".0", nodeId))
                .started("s" + (firstStage + 1) + ".0", UPGRADE_NODE, node, 1);
        h.report().add(new NodeUpgraded(id, upgrade, "s" + (firstStage + 1) + ".0", nodeId, Version.of("7.5"),
                Version.of("7.6"))).started("s" + (firstStage + 2) + ".0", VERIFY_NODE, node, 1);
        h.report().add(new NodeVerified(id, upgrade, "s" + (firstStage + 2) + ".0", nodeId))
                .started("s" + (firstStage + 3) + ".0", REINTEGRATE_NODE, node, 1);
        h.report().add(new NodeReintegrated(id, upgrade, "s" + (firstStage + 3) + ".0", nodeId));
        if (startNext) {
            h.started("s" + (firstStage + 4) + ".0", ISOLATE_NODE, "engine-" + (firstStage / 4 + 2), 1);
        }
    }
}
