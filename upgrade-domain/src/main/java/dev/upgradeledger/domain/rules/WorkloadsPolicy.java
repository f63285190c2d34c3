package dev.upgradeledger.domain.rules;

import dev.upgradeledger.domain.profile.ProductProfile;
import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.PlannedStage;
import dev.upgradeledger.events.PlannedStep;
import dev.upgradeledger.events.Rule;
import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.events.UpgradePlan;
import dev.upgradeledger.events.UpgradeStrategy;
import dev.upgradeledger.events.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Workloads and downtime. Backend.AI asks to shut mission-critical workloads down for a rolling minor upgrade too:
 * with a profile that says so ({@link ProductProfile#haltWorkloadsOnRolling()}), a ROLLING plan halts workloads first
 * and resumes them last. A major upgrade halts workloads whatever the strategy ({@code major-halts-workloads}): a
 * ROLLING or REJOIN plan of a major hop gets the same two stages, and the halting stage of an OFFLINE or MIGRATION
 * plan (which halt already) says why; a LIVE_MOVE halts nothing (each group is managed by one running cluster at
 * every moment). The stages say so in their descriptions.
 */
public final class WorkloadsPolicy {

    /**
     * The plan of one hop with workloads halted where the profile or the hop asks for it.
     *
     * @param major whether the hop is a major upgrade of the product
     */
    public UpgradePlan apply(ProductProfile profile, UpgradeStrategy strategy, ClusterId cluster, Version from,
                             Version to, boolean major, UpgradePlan plan) {
        String why;
        if (major) {
            why = " (major upgrade " + from + " -> " + to + ": " + Rule.MAJOR_HALTS_WORKLOADS.sentence() + ")";
        } else if (profile != null && profile.haltWorkloadsOnRolling() && strategy == UpgradeStrategy.ROLLING) {
            why = " (" + profile.product() + ": shut mission-critical workloads down for a rolling upgrade too)";
        } else {
            return plan;
        }
        if (strategy == UpgradeStrategy.OFFLINE || strategy == UpgradeStrategy.MIGRATION) {
            return explained(plan, why);
        }
        if (strategy == UpgradeStrategy.LIVE_MOVE) {
            // the old cluster keeps managing every group until it is moved: nothing stops, nothing to halt
            return plan;
        }
        List<PlannedStage> stages = new ArrayList<>();
        // leading approvals (read the notes) come before anything stops
        int approvals = 0;
        while (approvals < plan.stages().size()
                && plan.stages().get(approvals).steps().get(0).action() == StepAction.APPROVAL) {
            stages.add(plan.stages().get(approvals++));
        }
        stages.add(clusterStage(stages.size(), "halt workloads" + why, StepAction.HALT_WORKLOADS, cluster));
        for (PlannedStage stage : plan.stages().subList(approvals, plan.stages().size())) {
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

    /** A plan that halts already: its halting stage says why. */
    private static UpgradePlan explained(UpgradePlan plan, String why) {
        List<PlannedStage> stages = new ArrayList<>();
        for (PlannedStage stage : plan.stages()) {
            boolean halts = stage.steps().stream().anyMatch(step -> step.action() == StepAction.HALT_WORKLOADS);
            stages.add(halts ? new PlannedStage(stage.index(), stage.description() + why, stage.steps()) : stage);
        }
        return new UpgradePlan(stages);
    }

    private static PlannedStage clusterStage(int index, String description, StepAction action, ClusterId cluster) {
        return new PlannedStage(index, description,
                List.of(new PlannedStep("s" + index + ".0", action, cluster, null, Map.of())));
    }
}
