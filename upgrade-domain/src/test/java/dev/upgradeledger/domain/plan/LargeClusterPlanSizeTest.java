package dev.upgradeledger.domain.plan;

import static dev.upgradeledger.domain.plan.PlanFixtures.node;
import static dev.upgradeledger.domain.plan.PlanFixtures.planned;
import static dev.upgradeledger.domain.plan.PlanFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.RegisterCluster;
import dev.upgradeledger.events.SchemaChange;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.events.UpgradePlan;
import dev.upgradeledger.events.UpgradePlanned;
import dev.upgradeledger.events.UpgradeStrategy;
import dev.upgradeledger.events.Version;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The plan of the largest cluster the ledger takes (10,000 nodes with ids like {@code engine-00042}) fits in one 1 MB
 * record in the JSON form events are published in, and reads back as the same plan, for every strategy: large stages
 * are written compactly ({@code PlannedStageJson}), and REJOIN's some 30,000 one-peer stages (about 7 MB written out)
 * as one run of a pattern over the peers ({@code UpgradePlanJson}).
 */
class LargeClusterPlanSizeTest {

    private static final long ONE_MEGABYTE = 1024 * 1024;

    private final UpgradePlanner planner = new UpgradePlanner();
    private final JsonMapper json = JsonMapper.builder().build();

    @ParameterizedTest
    @EnumSource(value = UpgradeStrategy.class, names = {"ROLLING", "OFFLINE", "REJOIN"})
    void theLargestClustersPlanFitsInOneRecord(UpgradeStrategy strategy) {
        List<PlanNode> nodes = IntStream.rangeClosed(1, RegisterCluster.MAX_NODES)
                .mapToObj(i -> node("engine-%05d".formatted(i), "zone-" + i % 3, "7.5")).toList();
        PlanFixtures.RequestBuilder request = request("camunda-large", strategy, "7.6")
                .schema("7.5", "7.6", SchemaChange.ADDITIVE).nodes(nodes);
        if (strategy == UpgradeStrategy.ROLLING) {
            request.maxUnavailable("10%");
        }
        UpgradePlan plan = planned(planner.plan(request.build()));

        UpgradePlanned event = new UpgradePlanned(ClusterId.of("camunda-large"), UpgradeId.of("u-1"),
                Version.of("7.5"), Version.of("7.6"), Version.of("7.6"), strategy, plan, List.of());
        byte[] written = json.writeValueAsString(event).getBytes(StandardCharsets.UTF_8);

        assertThat(plan.stepCount()).isGreaterThanOrEqualTo(RegisterCluster.MAX_NODES * 2);
        assertThat((long) written.length).as("%s plan of %d steps", strategy, plan.stepCount())
                .isLessThan(ONE_MEGABYTE * 3 / 4);
        assertThat(json.readValue(written, UpgradePlanned.class).plan()).isEqualTo(plan);
    }
}
