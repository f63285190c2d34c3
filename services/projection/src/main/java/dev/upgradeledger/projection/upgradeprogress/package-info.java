/** The upgrade-progress read model: each upgrade with its plans, steps, counts, failures and timings. */
package dev.upgradeledger.projection.upgradeprogress;
