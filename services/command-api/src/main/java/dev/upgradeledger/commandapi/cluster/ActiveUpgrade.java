package dev.upgradeledger.commandapi.cluster;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.upgradeledger.events.PlannedStep;
import dev.upgradeledger.events.UpgradePlan;
import dev.upgradeledger.events.UpgradeRequested;
import dev.upgradeledger.events.Version;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The upgrade a cluster is running: its request, the current hop's plan and how far each step has come. */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
class ActiveUpgrade {

    UpgradeRequested request;
    Version from;
    Version to;
    Version toSchema;
    List<Version> remainingHops = new ArrayList<>();
    UpgradePlan plan;
    Map<String, StepRun> steps = new LinkedHashMap<>();
    boolean paused;
    boolean rollingBack;
    boolean destructiveSchemaApplied;
    String exportChecksum;
    int quarantined;
    List<String> upgradedNodes = new ArrayList<>();

    ActiveUpgrade() {
    }

    ActiveUpgrade(UpgradeRequested request) {
        this.request = request;
    }

    void beginHop(Version from, Version to, Version toSchema, UpgradePlan plan, List<Version> remainingHops) {
        this.from = from;
        this.to = to;
        this.toSchema = toSchema;
        this.plan = plan;
        this.remainingHops = new ArrayList<>(remainingHops);
        this.steps = new LinkedHashMap<>();
    }

    void replacePlan(UpgradePlan newPlan) {
        this.plan = newPlan;
        this.steps = new LinkedHashMap<>();
        this.remainingHops = new ArrayList<>();
    }

    Optional<PlannedStep> step(String stepId) {
        return plan.stages().stream().flatMap(stage -> stage.steps().stream())
                .filter(step -> step.stepId().equals(stepId)).findFirst();
    }

    StepRun run(String stepId) {
        return steps.get(stepId);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ActiveUpgrade that && java.util.Objects.equals(request, that.request)
                && java.util.Objects.equals(from, that.from)
                && java.util.Objects.equals(to, that.to)
                && java.util.Objects.equals(toSchema, that.toSchema)
                && java.util.Objects.equals(remainingHops, that.remainingHops)
                && java.util.Objects.equals(plan, that.plan)
                && java.util.Objects.equals(steps, that.steps)
                && java.util.Objects.equals(paused, that.paused)
                && java.util.Objects.equals(rollingBack, that.rollingBack)
                && java.util.Objects.equals(destructiveSchemaApplied, that.destructiveSchemaApplied)
                && java.util.Objects.equals(exportChecksum, that.exportChecksum)
                && java.util.Objects.equals(quarantined, that.quarantined)
                && java.util.Objects.equals(upgradedNodes, that.upgradedNodes);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(request, from, to, toSchema, remainingHops, plan, steps, paused, rollingBack, destructiveSchemaApplied, exportChecksum, quarantined, upgradedNodes);
    }
}
