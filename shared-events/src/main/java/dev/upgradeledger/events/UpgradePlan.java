package dev.upgradeledger.events;

import java.util.List;

/** The deterministic plan of an upgrade: its stages in order. The same cluster and request give the same plan. */
public record UpgradePlan(List<PlannedStage> stages) {

    public UpgradePlan {
        Validation.require(stages != null && !stages.isEmpty(), "a plan has at least one stage");
        stages = List.copyOf(stages);
    }

    public int stepCount() {
        return stages.stream().mapToInt(stage -> stage.steps().size()).sum();
    }
}
