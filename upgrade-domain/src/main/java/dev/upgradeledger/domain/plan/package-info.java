/** Upgrade planning: the deterministic plan of stages and steps for each strategy. */
package dev.upgradeledger.domain.plan;
