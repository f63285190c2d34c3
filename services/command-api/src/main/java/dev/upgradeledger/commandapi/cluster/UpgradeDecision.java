package dev.upgradeledger.commandapi.cluster;

import dev.upgradeledger.domain.decide.UncheckedRule;
import dev.upgradeledger.domain.decide.UpgradeVerdict;
import dev.upgradeledger.events.UpgradePlan;
import dev.upgradeledger.events.Version;
import java.util.List;

/**
 * The answer to an upgrade request: accepted with the plan of every hop and the rules that could not be checked (or
 * are switched off), or refused with the rule it breaks, the reason, the way out (when there is one) and the shortest
 * allowed path (the versions from the current one to the target, empty when there is none).
 */
public record UpgradeDecision(boolean accepted, boolean dryRun, String rule, String reason,
                              List<Version> allowedPath, List<HopPlan> hops, String wayOut,
                              List<UncheckedRule> uncheckedRules) {

    public UpgradeDecision {
        allowedPath = List.copyOf(allowedPath);
        hops = List.copyOf(hops);
        uncheckedRules = uncheckedRules == null ? List.of() : List.copyOf(uncheckedRules);
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

    /** One hop of the upgrade and its plan. */
    public record HopPlan(Version from, Version to, Version toSchema, UpgradePlan plan) {
    }
}
