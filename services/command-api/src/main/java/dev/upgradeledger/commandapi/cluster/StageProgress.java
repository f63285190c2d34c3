package dev.upgradeledger.commandapi.cluster;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.PlannedStage;
import dev.upgradeledger.events.PlannedStep;
import java.util.List;
import java.util.Map;

/**
 * Where the active upgrade's current plan stands, read from the aggregate's recorded state only (so it reads the same
 * after a replay or a snapshot): the current stage (the first one not done), its steps, and which steps are skipped.
 */
final class StageProgress {

    private final ClusterId cluster;
    private final Map<String, ClusterNode> nodes;
    private final ActiveUpgrade upgrade;

    StageProgress(ClusterId cluster, Map<String, ClusterNode> nodes, ActiveUpgrade upgrade) {
        this.cluster = cluster;
        this.nodes = nodes;
        this.upgrade = upgrade;
    }

    /** The index of the first stage with a step neither succeeded nor skipped, or -1 when every stage is done. */
    int currentStage() {
        List<PlannedStage> stages = upgrade.plan.stages();
        // Stages before upgrade.settledStages, and the first upgrade.settledSteps steps of that stage, were found
        // settled before and stay so within one plan (see ActiveUpgrade).
        for (int index = upgrade.settledStages; index < stages.size(); index++) {
            List<PlannedStep> steps = stages.get(index).steps();
            int step = index == upgrade.settledStages ? upgrade.settledSteps : 0;
            while (step < steps.size() && settled(steps.get(step))) {
                step++;
            }
            if (step < steps.size()) {
                upgrade.settledStages = index;
                upgrade.settledSteps = step;
                return index;
            }
        }
        upgrade.settledStages = stages.size();
        upgrade.settledSteps = 0;
        return -1;
    }

    /** The steps of the current stage; none when every stage is done. */
    List<PlannedStep> currentSteps() {
        int current = currentStage();
        return current < 0 ? List.of() : upgrade.plan.stages().get(current).steps();
    }

    /**
     * The index of the first step of stage {@code stage} neither started nor skipped (its size when there is none),
     * searched from where the last search of that stage stopped: what {@code advance} must still start.
     */
    int firstNotStarted(int stage) {
        List<PlannedStep> steps = upgrade.plan.stages().get(stage).steps();
        int step = upgrade.startedStage == stage ? upgrade.startedSteps : 0;
        while (step < steps.size() && (skipped(steps.get(step)) || upgrade.run(steps.get(step).stepId()) != null)) {
            step++;
        }
        upgrade.startedStage = stage;
        upgrade.startedSteps = step;
        return step;
    }

    /** Steps on a quarantined node of this cluster are not run. */
    boolean skipped(PlannedStep step) {
        return step.nodeId() != null && step.clusterId().equals(cluster)
                && nodes.containsKey(step.nodeId().value())
                && nodes.get(step.nodeId().value()).state == NodeState.QUARANTINED;
    }

    private boolean settled(PlannedStep step) {
        StepRun run = upgrade.run(step.stepId());
        return skipped(step) || (run != null && run.status == StepRun.Status.SUCCEEDED);
    }
}
