package dev.upgradeledger.domain.plan;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.PlannedStage;
import dev.upgradeledger.events.PlannedStep;
import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.events.UpgradePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Appends stages in order and numbers their steps {@code s<stage>.<n>}, both counted from 0. */
final class PlanBuilder {

    private final List<PlannedStage> stages = new ArrayList<>();

    static String stepId(int stage, int step) {
        return "s" + stage + '.' + step;
    }

    /** A stage of one cluster-wide step. */
    PlanBuilder clusterStage(String description, StepAction action, ClusterId cluster, Map<String, String> parameters) {
        int index = stages.size();
        stages.add(new PlannedStage(index, description,
                List.of(new PlannedStep(stepId(index, 0), action, cluster, null, parameters))));
        return this;
    }

    /** A stage of one step per node, in the order given; no stage at all when {@code nodes} is empty. */
    PlanBuilder nodeStage(String description, StepAction action, ClusterId cluster, List<PlanNode> nodes,
                          Function<PlanNode, Map<String, String>> parameters) {
        if (nodes.isEmpty()) {
            return this;
        }
        int index = stages.size();
        List<PlannedStep> steps = new ArrayList<>(nodes.size());
        for (PlanNode node : nodes) {
            steps.add(new PlannedStep(stepId(index, steps.size()), action, cluster, node.id(),
                    parameters.apply(node)));
        }
        stages.add(new PlannedStage(index, description, steps));
        return this;
    }

    UpgradePlan build() {
        return new UpgradePlan(stages);
    }
}
