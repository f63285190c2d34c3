package dev.upgradeledger.projection.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.domain.plan.PlanNode;
import dev.upgradeledger.domain.plan.PlanRequest;
import dev.upgradeledger.domain.plan.PlanResult;
import dev.upgradeledger.domain.plan.UpgradePlanner;
import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.MaxUnavailable;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.PlannedStage;
import dev.upgradeledger.events.SchemaChange;
import dev.upgradeledger.events.UpgradePlan;
import dev.upgradeledger.events.UpgradeStrategy;
import dev.upgradeledger.events.Version;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StageBatchTest {

    @Test
    void readsTheBatchOfEveryBatchStageTheRollingPlannerMakes() {
        UpgradePlan plan = plan(UpgradeStrategy.ROLLING, 7, "3");

        List<PlannedStage> batchStages = plan.stages().subList(1, plan.stages().size());
        assertThat(StageBatch.of(plan.stages().get(0).description())).as("the schema migration").isEmpty();
        assertThat(batchStages).hasSize(3 * 4);
        for (int i = 0; i < batchStages.size(); i++) {
            assertThat(StageBatch.of(batchStages.get(i).description())).as(batchStages.get(i).description())
                    .contains(new StageBatch(i / 4 + 1, 3));
        }
    }

    @Test
    void stagesOfOtherStrategiesBelongToNoBatch() {
        UpgradePlan plan = plan(UpgradeStrategy.OFFLINE, 3, null);

        assertThat(plan.stages()).allSatisfy(stage -> assertThat(StageBatch.of(stage.description())).isEmpty());
    }

    @Test
    void descriptionsThatOnlyLookLikeABatchAreNone() {
        assertThat(StageBatch.of(null)).isEmpty();
        assertThat(StageBatch.of("verify batch 1 of 2: peer-1")).isEmpty();
        assertThat(StageBatch.of("batch 3 of 2: isolate peer-1")).isEmpty();
        assertThat(StageBatch.of("batch 0 of 2: isolate peer-1")).isEmpty();
        assertThat(StageBatch.of("batch 99999999999 of 2: isolate")).isEmpty();
        assertThat(StageBatch.of("batch 2 of 2: reintegrate peer-9")).contains(new StageBatch(2, 2));
    }

    private static UpgradePlan plan(UpgradeStrategy strategy, int nodes, String maxUnavailable) {
        List<PlanNode> planNodes = IntStream.rangeClosed(1, nodes)
                .mapToObj(i -> new PlanNode(NodeId.of("engine-" + i), null, Version.of("7.5"))).toList();
        PlanResult result = new UpgradePlanner().plan(new PlanRequest(ClusterId.of("camunda-eu"), planNodes,
                Version.of("7.5"), strategy, Version.of("7.6"), Version.of("7.6"), SchemaChange.ADDITIVE, false,
                maxUnavailable == null ? null : MaxUnavailable.of(maxUnavailable), false, null, null));
        return ((PlanResult.Planned) result).plan();
    }
}
