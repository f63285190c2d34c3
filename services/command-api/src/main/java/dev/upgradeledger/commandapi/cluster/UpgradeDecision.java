package dev.upgradeledger.commandapi.cluster;

import dev.upgradeledger.events.UpgradePlan;
import dev.upgradeledger.events.Version;
import java.util.List;

/**
 * The answer to an upgrade request: accepted with the plan of every hop, or refused with the rule it breaks, the
 * reason and the shortest allowed path (the versions from the current one to the target, empty when there is none).
 */
public record UpgradeDecision(boolean accepted, boolean dryRun, String rule, String reason,
                              List<Version> allowedPath, List<HopPlan> hops) {

    public UpgradeDecision {
        allowedPath = List.copyOf(allowedPath);
        hops = List.copyOf(hops);
    }

    static UpgradeDecision accepted(List<HopPlan> hops, boolean dryRun) {
        return new UpgradeDecision(true, dryRun, null, null, List.of(), hops);
    }

    static UpgradeDecision rejected(String rule, String reason, List<Version> allowedPath) {
        return new UpgradeDecision(false, false, rule, reason, allowedPath, List.of());
    }

    /** One hop of the upgrade and its plan. */
    public record HopPlan(Version from, Version to, Version toSchema, UpgradePlan plan) {
    }
}
