package dev.upgradeledger.commandapi.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.InvalidValueException;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.PlannedStage;
import dev.upgradeledger.events.PlannedStep;
import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.events.UpgradePlan;
import dev.upgradeledger.events.Version;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class UpgradeDecisionTest {

    private static final ClusterId CLUSTER = ClusterId.of("ipfs-eu");

    @Test
    void aDecisionWithinTheLimitIsAnsweredWhole() {
        UpgradeDecision decision = accepted(hop("0.13", "0.14", 3, 2), hop("0.14", "0.15", 2, 1));

        UpgradeDecision shown = decision.shown(5);

        assertThat(shown).isSameAs(decision);
        assertThat(shown.planComplete()).isTrue();
        assertThat(shown.hops()).extracting(UpgradeDecision.HopPlan::stageCount).containsExactly(3, 2);
        assertThat(shown.hops()).extracting(UpgradeDecision.HopPlan::stepCount).containsExactly(6, 2);
    }

    @Test
    void aLargerDecisionShowsTheFirstStagesOfItsHopsInOrderWithTheWholePlansCounts() {
        UpgradeDecision decision = accepted(hop("0.13", "0.14", 3, 2), hop("0.14", "0.15", 4, 5));

        UpgradeDecision shown = decision.shown(4);

        assertThat(shown.planComplete()).isFalse();
        assertThat(shown.accepted()).isTrue();
        UpgradeDecision.HopPlan first = shown.hops().get(0);
        UpgradeDecision.HopPlan second = shown.hops().get(1);
        assertThat(first.plan().stages()).extracting(PlannedStage::index).containsExactly(0, 1, 2);
        assertThat(second.plan().stages()).extracting(PlannedStage::index).containsExactly(0);
        assertThat(second.plan().stages().get(0).steps()).hasSize(5);
        assertThat(List.of(first.stageCount(), first.stepCount(), second.stageCount(), second.stepCount()))
                .containsExactly(3, 6, 4, 20);
        assertThat(second.from()).isEqualTo(Version.of("0.14"));
        // the aggregate's own decision keeps every stage
        assertThat(decision.hops().get(1).plan().stages()).hasSize(4);
        assertThat(decision.planComplete()).isTrue();
    }

    @Test
    void aLimitOfNoStageKeepsTheCountsOnly() {
        UpgradeDecision shown = accepted(hop("0.13", "0.14", 3, 2)).shown(0);

        assertThat(shown.planComplete()).isFalse();
        assertThat(shown.hops().get(0).plan()).isNull();
        assertThat(shown.hops().get(0).stageCount()).isEqualTo(3);
        assertThat(shown.hops().get(0).stepCount()).isEqualTo(6);
    }

    @Test
    void aRefusalHasNoStagesToCut() {
        UpgradeDecision refused = new UpgradeDecision(false, false, "no-line-skipping", "7.4 -> 7.6 skips 7.5",
                List.of(Version.of("7.4"), Version.of("7.5")), List.of(), null, List.of());

        assertThat(refused.shown(0)).isSameAs(refused);
    }

    @Test
    void theRequestedLimitIsCheckedAndTheSettingIsTheDefault() {
        DecisionAnswers answers = new DecisionAnswers(1000);

        assertThat(answers.stageLimit(null)).isEqualTo(1000);
        assertThat(answers.stageLimit(0)).isZero();
        assertThat(answers.stageLimit(DecisionAnswers.MAX_STAGE_LIMIT)).isEqualTo(100_000);
        assertThatThrownBy(() -> answers.stageLimit(-1)).isInstanceOf(InvalidValueException.class)
                .hasMessage("stageLimit must be 0 to 100000, was -1");
        assertThatThrownBy(() -> answers.stageLimit(100_001)).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new DecisionAnswers(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ledger.upgrades.answer-stage-limit");
        assertThat(new DecisionAnswers(2).shown(accepted(hop("0.13", "0.14", 3, 1))).hops().get(0).plan()
                .stages()).hasSize(2);
    }

    private static UpgradeDecision accepted(UpgradeDecision.HopPlan... hops) {
        return new UpgradeDecision(true, true, null, null, List.of(), List.of(hops), null, List.of());
    }

    private static UpgradeDecision.HopPlan hop(String from, String to, int stages, int stepsPerStage) {
        List<PlannedStage> planned = IntStream.range(0, stages).mapToObj(stage -> new PlannedStage(stage,
                "stage " + stage, IntStream.range(0, stepsPerStage).mapToObj(step -> new PlannedStep(
                        "s" + stage + "." + step, StepAction.UPGRADE_NODE, CLUSTER, NodeId.of("peer-" + step),
                        Map.of("version", to))).toList())).toList();
        return new UpgradeDecision.HopPlan(Version.of(from), Version.of(to), Version.of(to), new UpgradePlan(planned));
    }
}
