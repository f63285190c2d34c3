package dev.upgradeledger.domain.decide;

import dev.upgradeledger.events.UpgradePlan;
import dev.upgradeledger.events.Version;

/** One hop of an accepted upgrade and its plan. */
public record HopPlan(Version from, Version to, Version toSchema, UpgradePlan plan) {
}
