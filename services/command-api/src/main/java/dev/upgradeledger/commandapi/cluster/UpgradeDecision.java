package dev.upgradeledger.commandapi.cluster;

import dev.upgradeledger.domain.decide.UncheckedRule;
import dev.upgradeledger.domain.decide.UpgradeVerdict;
import dev.upgradeledger.events.PlannedStage;
import dev.upgradeledger.events.UpgradePlan;
import dev.upgradeledger.events.Version;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer to an upgrade request: accepted with the plan of every hop and the rules that could not be checked (or
 * are switched off), or refused with the rule it breaks, the reason, the way out (when there is one) and the shortest
 * allowed path (the versions from the current one to the target, empty when there is none).
 *
 * <p>The decision the aggregate returns holds every stage of every hop ({@code planComplete}); what a client is answered
 * is {@link #shown(int)}: the stages up to a limit, each hop with its whole plan's counts, so that a 10,000-peer
 * {@code REJOIN} (40,004 stages) is not answered with megabytes.
 *
 * @param planComplete whether {@code hops} hold every stage of every hop; when false, the first ones only (the whole
 *                     plan is paged by the projection's {@code GET .../upgrades/{upgradeId}}, or asked with a larger
 *                     {@code stageLimit})
 */
public record UpgradeDecision(boolean accepted, boolean dryRun, String rule, String reason,
                              List<Version> allowedPath, List<HopPlan> hops, String wayOut,
                              List<UncheckedRule> uncheckedRules, boolean planComplete) {

    public UpgradeDecision {
        allowedPath = List.copyOf(allowedPath);
        hops = List.copyOf(hops);
        uncheckedRules = uncheckedRules == null ? List.of() : List.copyOf(uncheckedRules);
    }

    /** A decision with every stage of every hop. */
    public UpgradeDecision(boolean accepted, boolean dryRun, String rule, String reason, List<Version> allowedPath,
                           List<HopPlan> hops, String wayOut, List<UncheckedRule> uncheckedRules) {
        this(accepted, dryRun, rule, reason, allowedPath, hops, wayOut, uncheckedRules, true);
    }

    static UpgradeDecision of(UpgradeVerdict verdict, boolean dryRun) {
        if (verdict instanceof UpgradeVerdict.Accepted accepted) {
            return new UpgradeDecision(true, dryRun, null, null, List.of(), accepted.hops().stream()
                    .map(hop -> new HopPlan(hop.from(), hop.to(), hop.toSchema(), hop.plan())).toList(), null,
                    accepted.uncheckedRules());
        }
        var refusal = ((UpgradeVerdict.Refused) verdict).refusal();
        return new UpgradeDecision(false, false, refusal.rule().id(), refusal.detail(), refusal.allowedPath(),
                List.of(), refusal.wayOut(), List.of());
    }

    /**
     * The same decision with at most {@code stageLimit} stages in all (0: none), the hops' stages in order, whole
     * stages only; every hop keeps its whole plan's counts. The decision itself when it has no more stages than that.
     */
    public UpgradeDecision shown(int stageLimit) {
        if (stageLimit < 0) {
            throw new IllegalArgumentException("stageLimit " + stageLimit);
        }
        int total = hops.stream().mapToInt(HopPlan::stageCount).sum();
        if (total <= stageLimit || !planComplete) {
            return this;
        }
        List<HopPlan> shown = new ArrayList<>(hops.size());
        int left = stageLimit;
        for (HopPlan hop : hops) {
            List<PlannedStage> stages = hop.plan().stages();
            List<PlannedStage> kept = stages.subList(0, Math.min(left, stages.size()));
            left -= kept.size();
            shown.add(new HopPlan(hop.from(), hop.to(), hop.toSchema(),
                    kept.isEmpty() ? null : new UpgradePlan(kept), hop.stageCount(), hop.stepCount()));
        }
        return new UpgradeDecision(accepted, dryRun, rule, reason, allowedPath, shown, wayOut, uncheckedRules, false);
    }

    /**
     * One hop of the upgrade and its plan.
     *
     * @param plan       the hop's stages (in an answer, possibly its first ones only; null when none is shown)
     * @param stageCount how many stages the hop's whole plan has
     * @param stepCount  how many steps the hop's whole plan has
     */
    public record HopPlan(Version from, Version to, Version toSchema, UpgradePlan plan, int stageCount,
                          int stepCount) {

        /** A hop with its whole plan. */
        public HopPlan(Version from, Version to, Version toSchema, UpgradePlan plan) {
            this(from, to, toSchema, plan, plan.stages().size(), plan.stepCount());
        }
    }
}
