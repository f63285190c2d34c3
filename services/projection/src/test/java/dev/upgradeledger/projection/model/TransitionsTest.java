package dev.upgradeledger.projection.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.StepFailed;
import dev.upgradeledger.events.StepStarted;
import dev.upgradeledger.projection.RecordedUpgrades;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The one interpretation of events, against a recorded upgrade: camunda 7.5 -> 7.6 on three nodes, engine-2's upgrade
 * failed once and was retried, its verification failed for good and paused the upgrade, which was resumed, completed
 * and finalized ({@link RecordedUpgrades#verificationFailure}). Both transitions run on full in-memory states, so the
 * counts kept by deltas can be checked against a recount of the steps at every event.
 */
class TransitionsTest {

    private static final Instant START = Instant.parse("2026-11-21T10:40:00Z");

    private final InMemoryClusterScope cluster = new InMemoryClusterScope();
    private final Upgrades upgrades = new Upgrades();
    private final List<Transition> transitions = new ArrayList<>();

    private void run(List<EventEnvelope> events, long upTo) {
        for (EventEnvelope event : events) {
            if (event.sequence() > upTo) {
                return;
            }
            transitions.add(ClusterTransition.apply(cluster, event));
            UpgradeTransition.apply(upgrades, event);
            upgrades.assertCountsAreARecount(event);
        }
    }

    private UpgradeRow upgrade() {
        return upgrades.rows.values().iterator().next();
    }

    @Test
    void thePauseAfterAFailureForGoodIsSeenByClusterNodeAndUpgrade() {
        run(RecordedUpgrades.verificationFailure("c1", START, false).events(), RecordedUpgrades.PAUSED);

        assertThat(cluster.cluster().upgradeStatus).isEqualTo("PAUSED");
        assertThat(cluster.cluster().mixedVersionWindow).isTrue();
        assertThat(cluster.cluster().managerId).isEqualTo("ledger-eu");
        NodeRow engine2 = cluster.node("engine-2");
        assertThat(engine2.version).isEqualTo("7.6");
        assertThat(engine2.state).isEqualTo("ISOLATED");
        assertThat(engine2.lastStepId).isEqualTo("s6.0");
        assertThat(engine2.lastStepStatus).isEqualTo("FAILED");
        assertThat(engine2.lastSequence).isEqualTo(RecordedUpgrades.ENGINE_2_VERIFY_FAILED);

        UpgradeRow upgrade = upgrade();
        assertThat(upgrade.status).isEqualTo("PAUSED");
        assertThat(upgrade.statusReason).startsWith("step s6.0 (VERIFY_NODE on engine-2) failed");
        assertThat(upgrade.stepsTotal).isEqualTo(12);
        assertThat(upgrade.stepsSucceeded).isEqualTo(6);
        assertThat(upgrade.stepsFailed).isEqualTo(1);
        assertThat(upgrade.stepsPending).isEqualTo(5);
        assertThat(upgrade.attempts).as("s0..s4 once, s5 twice, s6 once").isEqualTo(8);
        assertThat(upgrade.failures).isEqualTo(2);
        assertThat(upgrade.nodesUpgraded).isEqualTo(2);
        assertThat(upgrade.lastFailureNodeId).isEqualTo("engine-2");
        assertThat(upgrade.lastFailureAction).isEqualTo("VERIFY_NODE");
        assertThat(upgrade.lastFailureWillRetry).isFalse();
        assertThat(upgrades.steps.get("1/s6.0").durationMs).isEqualTo(250);
    }

    @Test
    void theWholeUpgradeEndsConvergedWithEveryCountFromDeltas() {
        run(RecordedUpgrades.verificationFailure("c1", START, true).events(), Long.MAX_VALUE);

        assertThat(cluster.cluster().version).isEqualTo("7.6");
        assertThat(cluster.cluster().upgradeStatus).isEqualTo("FINALIZED");
        assertThat(cluster.cluster().mixedVersionWindow).isFalse();
        assertThat(cluster.cluster().lastSequence).isEqualTo(35);
        assertThat(cluster.nodes()).allSatisfy(node -> {
            assertThat(node.version).isEqualTo("7.6");
            assertThat(node.state).isEqualTo("IN_SERVICE");
            assertThat(node.lastStepStatus).isEqualTo("SUCCEEDED");
        });
        UpgradeRow upgrade = upgrade();
        assertThat(upgrade.status).isEqualTo("FINALIZED");
        assertThat(upgrade.stepsSucceeded).isEqualTo(12);
        assertThat(upgrade.attempts).isEqualTo(14);
        assertThat(upgrade.failures).isEqualTo(2);
        assertThat(upgrade.nodesTotal).isEqualTo(3);
        assertThat(upgrade.nodesUpgraded).isEqualTo(3);
        assertThat(upgrade.pausedMs).as("paused at 20, resumed at 21, 250 ms apart").isEqualTo(250);
    }

    @Test
    void anAbandonedUpgradeClosesTheWindowForTheNextUpgradeAndIsSeenAsAbandoned() {
        dev.upgradeledger.projection.HistoryFixture h = RecordedUpgrades.verificationFailure("c1", START, true);
        List<EventEnvelope> events = new ArrayList<>(h.events().subList(0, 35));
        h.message("sre-alice", "req-abandon").add(new dev.upgradeledger.events.UpgradeAbandoned(h.clusterId(),
                h.upgradeId(), "new features not wanted"));
        events.add(h.events().get(h.events().size() - 1));
        run(events, Long.MAX_VALUE);

        assertThat(cluster.cluster().upgradeStatus).isEqualTo("ABANDONED");
        assertThat(cluster.cluster().mixedVersionWindow).isFalse();
        assertThat(upgrade().status).isEqualTo("ABANDONED");
        assertThat(upgrade().statusReason).isEqualTo("new features not wanted");
    }

    @Test
    void thePauseAfterAFailureForGoodCarriesItsTypedCause() {
        EventEnvelope paused = RecordedUpgrades.verificationFailure("c1", START, false).event(RecordedUpgrades.PAUSED);
        assertThat(((dev.upgradeledger.events.UpgradePaused) paused.payload()).cause())
                .as("a revision 1 pause is read with the cause its reason implies")
                .isEqualTo(dev.upgradeledger.events.PauseCause.STEP_FAILED);
    }

    @Test
    void eachFactSettlesItsStepAndEachStartIsAnAttempt() {
        List<EventEnvelope> events = RecordedUpgrades.verificationFailure("c1", START, true).events();
        run(events, Long.MAX_VALUE);

        for (int i = 0; i < events.size(); i++) {
            Transition transition = transitions.get(i);
            Object payload = events.get(i).payload();
            assertThat(transition.subject().settles()).as("sequence " + i)
                    .isEqualTo(StepFact.of(events.get(i).payload()));
            assertThat(transition.started() != null).as("sequence " + i).isEqualTo(payload instanceof StepStarted);
            if (payload instanceof StepFailed failed) {
                assertThat(transition.attemptEnded()).isEqualTo(failed.stepId());
            }
        }
        assertThat(transitions.get((int) RecordedUpgrades.ENGINE_2_UPGRADED).subject().settles().orElseThrow()
                .stepId()).isEqualTo("s5.0");
    }

    @Test
    void aClusterStartsWithItsRegistration() {
        List<EventEnvelope> events = RecordedUpgrades.verificationFailure("c1", START, false).events();

        assertThatThrownBy(() -> ClusterTransition.apply(new InMemoryClusterScope(), events.get(1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not with its registration");
    }

    @Test
    void eventTimesAreKeptAsTheDatabaseKeepsThem() {
        assertThat(EventTime.of(Instant.parse("2026-11-21T10:40:00.123456500Z")))
                .isEqualTo(Instant.parse("2026-11-21T10:40:00.123457Z"));
        assertThat(EventTime.of(Instant.parse("2026-11-21T10:40:00.123456499Z")))
                .isEqualTo(Instant.parse("2026-11-21T10:40:00.123456Z"));
        assertThat(EventTime.millisBetween(Instant.parse("2026-11-21T10:40:00Z"),
                Instant.parse("2026-11-21T10:40:00.0015Z"))).isEqualTo(2);
        assertThat(EventTime.millisBetween(Instant.parse("2026-11-21T10:40:00.0015Z"),
                Instant.parse("2026-11-21T10:40:00Z"))).as("half away from zero").isEqualTo(-2);
    }


    /** Every upgrade with all its steps (one cluster), keyed "plan/step". */
    private static final class Upgrades implements UpgradeScope {

        final Map<String, UpgradeRow> rows = new LinkedHashMap<>();
        final Map<String, StepRow> steps = new LinkedHashMap<>();

        @Override
        public UpgradeRow upgrade(String clusterId, String upgradeId) {
            return rows.get(upgradeId);
        }

        @Override
        public void open(UpgradeRow upgrade) {
            rows.put(upgrade.upgradeId, upgrade);
            steps.clear();
        }

        @Override
        public void changed(UpgradeRow upgrade) {
        }

        @Override
        public void planned(PlanRow plan, List<StepRow> planSteps) {
            planSteps.forEach(step -> steps.put(step.planNo + "/" + step.stepId, step));
        }

        @Override
        public StepRow step(UpgradeRow upgrade, int plan, String stepId) {
            return steps.get(plan + "/" + stepId);
        }

        @Override
        public Collection<StepRow> stepsOf(UpgradeRow upgrade, int plan, String nodeId) {
            return steps.values().stream().filter(s -> s.planNo == plan && nodeId.equals(s.nodeId)).toList();
        }

        @Override
        public Collection<StepRow> unsettled(UpgradeRow upgrade, int plan) {
            return steps.values().stream().filter(s -> s.planNo == plan && List.of("PENDING", "RUNNING",
                    "RETRYING").contains(s.status)).toList();
        }

        @Override
        public void changed(StepRow step) {
        }

        /** The counts kept by deltas are what counting the steps gives, after every event. */
        void assertCountsAreARecount(EventEnvelope event) {
            for (UpgradeRow upgrade : rows.values()) {
                Map<String, Integer> counted = new HashMap<>();
                int attempts = 0;
                for (StepRow step : steps.values()) {
                    counted.merge(step.status, 1, Integer::sum);
                    attempts += step.attempts;
                }
                String at = "after sequence " + event.sequence();
                assertThat(upgrade.stepsTotal).as(at).isEqualTo(steps.size());
                assertThat(upgrade.stepsPending).as(at).isEqualTo(counted.getOrDefault("PENDING", 0));
                assertThat(upgrade.stepsRunning).as(at).isEqualTo(counted.getOrDefault("RUNNING", 0));
                assertThat(upgrade.stepsRetrying).as(at).isEqualTo(counted.getOrDefault("RETRYING", 0));
                assertThat(upgrade.stepsSucceeded).as(at).isEqualTo(counted.getOrDefault("SUCCEEDED", 0));
                assertThat(upgrade.stepsFailed).as(at).isEqualTo(counted.getOrDefault("FAILED", 0));
                assertThat(upgrade.attempts).as(at).isEqualTo(attempts);
                assertThat(upgrade.nodesUpgraded).as(at).isEqualTo((int) steps.values().stream()
                        .filter(s -> s.planNo == upgrade.currentPlan && s.movesItsNode()
                                && "SUCCEEDED".equals(s.status)).map(s -> s.nodeId).distinct().count());
            }
        }
    }
}
