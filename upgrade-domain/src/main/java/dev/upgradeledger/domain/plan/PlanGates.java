package dev.upgradeledger.domain.plan;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.PlannedStage;
import dev.upgradeledger.events.PlannedStep;
import dev.upgradeledger.events.Rule;
import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.events.UpgradePlan;
import dev.upgradeledger.events.UpgradeStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The human gates of a plan: {@code APPROVAL} stages and the soak between rolling batches, put into a strategy's plan
 * after it was made (the strategies stay as they are).
 *
 * <ul>
 *   <li>The product profile's approval ({@code approvalBeforeFirstStep}: Backend.AI and Replicante "read the notes")
 *   is the first stage of every hop.</li>
 *   <li>{@code approvalBefore}: an approval right before batch {@code n} of a ROLLING plan (its isolate stage), or
 *   before the first step ({@code 1}) of any plan. Batch 1 of a profile with its own approval gets no second one.</li>
 *   <li>{@code soakTime}: between two rolling batches, a {@code SOAK} stage keeps the batch just reintegrated in service
 *   for that long, then its nodes are verified again before the next batch (or its approval) starts.</li>
 * </ul>
 * Stages are numbered again from 0 and their steps {@code s<stage>.<n>}; an approval step carries {@code what} and
 * {@code timeout}, a soak step {@code soakTime} and {@code batch}.
 *
 * @param soakTime        null: no soak
 * @param approvalBefore  batch numbers from 1, sorted, no duplicates
 * @param approvalTimeout how long an approval waits; null: {@link #DEFAULT_APPROVAL_TIMEOUT}
 */
public record PlanGates(Duration soakTime, List<Integer> approvalBefore, Duration approvalTimeout) {

    // before NONE: NONE's constructor reads it (static fields are initialised in this order)
    public static final Duration DEFAULT_APPROVAL_TIMEOUT = Duration.ofHours(24);
    public static final PlanGates NONE = new PlanGates(null, List.of(), null);
    /** {@code what} of an approval an operator asked for before a batch. */
    static final String OPERATOR_APPROVAL = "approve batch %d of %d before it starts";

    public PlanGates {
        approvalBefore = approvalBefore == null ? List.of() : List.copyOf(new TreeSet<>(approvalBefore));
        approvalTimeout = approvalTimeout == null ? DEFAULT_APPROVAL_TIMEOUT : approvalTimeout;
    }

    /** An approval before a batch the plan does not have, or empty when the gates fit the plan. */
    Optional<PlanResult.Refused> refusal(UpgradeStrategy strategy, UpgradePlan plan) {
        int batches = strategy == UpgradeStrategy.ROLLING ? batchStarts(plan).size() : 1;
        for (int batch : approvalBefore) {
            if (batch > Math.max(batches, 1)) {
                return Optional.of(new PlanResult.Refused(Rule.APPROVAL_BEFORE_UNKNOWN_BATCH.id(),
                        "an approval was asked before batch " + batch + " but the plan has " + batches
                                + (batches == 1 ? " batch" : " batches")));
            }
        }
        return Optional.empty();
    }

    /** The plan with the gates put in; the same plan when there are none. */
    UpgradePlan apply(UpgradeStrategy strategy, UpgradePlan plan, ClusterId cluster, String profileApproval) {
        boolean rolling = strategy == UpgradeStrategy.ROLLING;
        List<Integer> starts = rolling ? batchStarts(plan) : List.of();
        if (profileApproval == null && approvalBefore.isEmpty() && (soakTime == null || starts.size() < 2)) {
            return plan;
        }
        List<Draft> drafts = new ArrayList<>();
        if (profileApproval != null) {
            drafts.add(approval(cluster, profileApproval));
        } else if (approvalBefore.contains(1) && starts.isEmpty()) {
            drafts.add(approval(cluster, String.format(OPERATOR_APPROVAL, 1, Math.max(1, starts.size()))));
        }
        List<PlannedStage> stages = plan.stages();
        PlannedStage lastVerify = null;
        for (int index = 0; index < stages.size(); index++) {
            int batch = starts.indexOf(index) + 1;
            if (batch >= 2 && soakTime != null && lastVerify != null) {
                drafts.add(new Draft("batch " + (batch - 1) + " of " + starts.size() + ": soak " + soakTime
                        + " in service", List.of(new Draft.Step(StepAction.SOAK, cluster, null,
                        Map.of("soakTime", soakTime.toString(), "batch", String.valueOf(batch - 1))))));
                drafts.add(new Draft(lastVerify.description() + " again after the soak", lastVerify.steps().stream()
                        .map(step -> new Draft.Step(step.action(), step.clusterId(), step.nodeId(),
                                withAfterSoak(step.parameters()))).toList()));
            }
            if (batch >= 1 && approvalBefore.contains(batch) && !(batch == 1 && profileApproval != null)) {
                drafts.add(approval(cluster, String.format(OPERATOR_APPROVAL, batch, starts.size())));
            }
            PlannedStage stage = stages.get(index);
            if (stage.steps().get(0).action() == StepAction.VERIFY_NODE) {
                lastVerify = stage;
            }
            drafts.add(new Draft(stage.description(), stage.steps().stream()
                    .map(step -> new Draft.Step(step.action(), step.clusterId(), step.nodeId(), step.parameters()))
                    .toList()));
        }
        List<PlannedStage> numbered = new ArrayList<>(drafts.size());
        for (Draft draft : drafts) {
            int stage = numbered.size();
            List<PlannedStep> steps = new ArrayList<>(draft.steps().size());
            for (Draft.Step step : draft.steps()) {
                steps.add(new PlannedStep(PlanBuilder.stepId(stage, steps.size()), step.action(), step.cluster(),
                        step.node(), step.parameters()));
            }
            numbered.add(new PlannedStage(stage, draft.description(), steps));
        }
        return new UpgradePlan(numbered);
    }

    private Draft approval(ClusterId cluster, String what) {
        return new Draft("approval: " + what, List.of(new Draft.Step(StepAction.APPROVAL, cluster, null,
                Map.of("what", what, "timeout", approvalTimeout.toString()))));
    }

    private static Map<String, String> withAfterSoak(Map<String, String> parameters) {
        Map<String, String> copy = new LinkedHashMap<>(parameters);
        copy.put("afterSoak", "true");
        return copy;
    }

    /** The index of each rolling batch's first stage (its isolate stage), in order. */
    static List<Integer> batchStarts(UpgradePlan plan) {
        List<Integer> starts = new ArrayList<>();
        for (PlannedStage stage : plan.stages()) {
            if (stage.steps().get(0).action() == StepAction.ISOLATE_NODE) {
                starts.add(stage.index());
            }
        }
        return starts;
    }

    private record Draft(String description, List<Step> steps) {

        private record Step(StepAction action, ClusterId cluster, dev.upgradeledger.events.NodeId node,
                            Map<String, String> parameters) {
        }
    }
}
