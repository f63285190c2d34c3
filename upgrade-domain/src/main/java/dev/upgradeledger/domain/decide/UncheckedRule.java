package dev.upgradeledger.domain.decide;

/**
 * A rule a plan could not check, or that is switched off, and why: plans list them so that no rule is ever silently
 * off.
 */
public record UncheckedRule(String rule, String why) {
}
