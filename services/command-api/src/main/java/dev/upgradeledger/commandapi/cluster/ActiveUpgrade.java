package dev.upgradeledger.commandapi.cluster;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.upgradeledger.events.PlannedStep;
import dev.upgradeledger.events.ProfileUsed;
import dev.upgradeledger.events.UpgradePlan;
import dev.upgradeledger.events.UpgradeRequested;
import dev.upgradeledger.events.Version;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
    /** The state checksums recorded by CHECK_STATE steps, by node id (IPFS bootstrap: the survivor's is the reference). */
    Map<String, String> stateChecksums = new HashMap<>();
    int quarantined;
    /** The nodes this hop upgraded, in order (a set: checked for every node upgraded; JSON an array, as before). */
    LinkedHashSet<String> upgradedNodes = new LinkedHashSet<>();
    /** The profile version the upgrade was planned with (null: planned before profiles had versions). */
    ProfileUsed profile;

    /*
     * Derived from the plan and the runs, never stored (a snapshot or a replay rebuilds them on first use), so that a
     * command on a cluster of thousands of nodes does not walk the whole plan: the plan's steps by id, how many
     * leading stages are settled, how many leading steps of the first stage not settled are, and how many leading
     * steps of a stage were started or skipped. Within one plan a settled step stays settled (a succeeded run is final,
     * a quarantined node stays quarantined) and a started one started (runs are only added), so each search can start
     * where the last one stopped.
     */
    @JsonIgnore
    private transient Map<String, PlannedStep> stepsById;
    @JsonIgnore
    transient int settledStages;
    /** Leading steps of stage {@link #settledStages} found settled. */
    @JsonIgnore
    transient int settledSteps;
    /** The stage {@link #startedSteps} counts for (-1: none yet). */
    @JsonIgnore
    transient int startedStage = -1;
    /** Leading steps of stage {@link #startedStage} found started or skipped. */
    @JsonIgnore
    transient int startedSteps;

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
        planChanged();
    }

    void replacePlan(UpgradePlan newPlan) {
        this.plan = newPlan;
        this.steps = new LinkedHashMap<>();
        this.remainingHops = new ArrayList<>();
        planChanged();
    }

    private void planChanged() {
        stepsById = null;
        settledStages = 0;
        settledSteps = 0;
        startedStage = -1;
        startedSteps = 0;
    }

    Optional<PlannedStep> step(String stepId) {
        if (stepsById == null) {
            Map<String, PlannedStep> index = new HashMap<>();
            plan.stages().forEach(stage -> stage.steps().forEach(step -> index.putIfAbsent(step.stepId(), step)));
            stepsById = index;
        }
        return Optional.ofNullable(stepsById.get(stepId));
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
                && java.util.Objects.equals(stateChecksums, that.stateChecksums)
                && java.util.Objects.equals(quarantined, that.quarantined)
                && java.util.Objects.equals(upgradedNodes, that.upgradedNodes);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(request, from, to, toSchema, remainingHops, plan, steps, paused, rollingBack, destructiveSchemaApplied, exportChecksum, stateChecksums, quarantined, upgradedNodes);
    }
}
