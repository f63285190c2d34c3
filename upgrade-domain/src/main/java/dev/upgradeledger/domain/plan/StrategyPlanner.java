package dev.upgradeledger.domain.plan;

import dev.upgradeledger.events.UpgradePlan;
import java.util.Optional;

/** Plans one {@link dev.upgradeledger.events.UpgradeStrategy}. Implementations are stateless. */
interface StrategyPlanner {

    /** The rule of this strategy the request breaks, if any; checked before anything is planned. */
    default Optional<PlanResult.Refused> refusal(UpgradeScope scope) {
        return Optional.empty();
    }

    /** The plan of a request that {@link #refusal} accepted and that has something to do. */
    UpgradePlan plan(UpgradeScope scope);
}
