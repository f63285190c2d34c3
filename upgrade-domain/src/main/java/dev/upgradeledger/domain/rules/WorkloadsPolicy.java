package dev.upgradeledger.domain.rules;

import dev.upgradeledger.domain.profile.ProductProfile;
import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.PlannedStage;
import dev.upgradeledger.events.PlannedStep;
import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.events.UpgradePlan;
import dev.upgradeledger.events.UpgradeStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Workloads and downtime: Backend.AI asks to shut mission-critical workloads down for a rolling minor upgrade too.
 * With a profile that says so ({@link ProductProfile#haltWorkloadsOnRolling()}), a ROLLING plan halts workloads
 * first and resumes them last, and its stages say so in their descriptions. (OFFLINE and MIGRATION halt already.)
 */
public final class WorkloadsPolicy {

    public UpgradePlan apply(ProductProfile profile, UpgradeStrategy strategy, ClusterId cluster, UpgradePlan plan) {
        if (profile == null || !profile.haltWorkloadsOnRolling() || strategy != UpgradeStrategy.ROLLING) {
            return plan;
        }
        String why = " (" + profile.product() + ": shut mission-critical workloads down for a rolling upgrade too)";
        List<PlannedStage> stages = new ArrayList<>();
        stages.add(clusterStage(0, "halt workloads" + why, StepAction.HALT_WORKLOADS, cluster));
        for (PlannedStage stage : plan.stages()) {
            int index = stages.size();
            List<PlannedStep> steps = new ArrayList<>();
            for (PlannedStep step : stage.steps()) {
                steps.add(new PlannedStep("s" + index + "." + steps.size(), step.action(), step.clusterId(),
                        step.nodeId(), step.parameters()));
            }
            stages.add(new PlannedStage(index, stage.description(), steps));
        }
        stages.add(clusterStage(stages.size(), "resume workloads" + why, StepAction.RESUME_WORKLOADS, cluster));
        return new UpgradePlan(stages);
    }

    private static PlannedStage clusterStage(int index, String description, StepAction action, ClusterId cluster) {
        return new PlannedStage(index, description,
                List.of(new PlannedStep("s" + index + ".0", action, cluster, null, Map.of())));
    }
}
