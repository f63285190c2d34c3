package dev.upgradeledger.domain.plan;

import dev.upgradeledger.events.UpgradePlan;
import java.util.Objects;

/** The planner's answer: a plan, or a refusal naming the rule the request breaks. */
public sealed interface PlanResult {

    /** The request can be carried out as {@code plan}. */
    record Planned(UpgradePlan plan) implements PlanResult {

        public Planned {
            Objects.requireNonNull(plan, "plan");
        }
    }

    /**
     * The request cannot be carried out.
     *
     * @param rule   a stable id, one of the {@code UpgradePlanner} rule constants
     * @param reason why, for a person
     */
    record Refused(String rule, String reason) implements PlanResult {

        public Refused {
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
