package dev.upgradeledger.domain.decide;

import java.util.List;

/** The decider's answer to an upgrade request. */
public sealed interface UpgradeVerdict {

    /** Accepted: the plan of every hop, and the rules that could not be checked (or are switched off). */
    record Accepted(List<HopPlan> hops, List<UncheckedRule> uncheckedRules) implements UpgradeVerdict {

        public Accepted {
            hops = List.copyOf(hops);
            uncheckedRules = List.copyOf(uncheckedRules);
        }
    }

    /** Refused, with the rule and the way out. */
    record Refused(Refusal refusal) implements UpgradeVerdict {
    }
}
