package dev.upgradeledger.domain.fleet;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.FailurePolicy;
import dev.upgradeledger.events.InvalidValueException;
import dev.upgradeledger.events.MaxUnavailable;
import dev.upgradeledger.events.RequestUpgrade;
import dev.upgradeledger.events.SchemaChange;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.events.UpgradeStrategy;
import dev.upgradeledger.events.Version;
import java.time.Duration;

/**
 * The upgrade settings every cluster of a fleet upgrade gets: those of {@link RequestUpgrade} but the cluster, its
 * target cluster and the dry run. MIGRATION and LIVE_MOVE are not offered (each cluster would need a target cluster of its own); a
 * cluster's path is always followed, hop by hop.
 */
public record UpgradeSettings(UpgradeStrategy strategy, SchemaChange schemaChange, boolean stateFormatChange,
                              MaxUnavailable maxUnavailable, boolean byGroup, FailurePolicy failurePolicy,
                              int maxAttempts, Duration stepTimeout) {

    public UpgradeSettings {
        if (strategy != null && strategy.movesToAnotherCluster()) {
            throw new InvalidValueException("a fleet upgrade runs ROLLING, OFFLINE or REJOIN upgrades; migrate"
                    + " clusters one by one");
        }
        maxAttempts = maxAttempts == 0 ? RequestUpgrade.DEFAULT_MAX_ATTEMPTS : maxAttempts;
    }

    /** The upgrade request of one cluster; the request's own checks apply (a ROLLING one needs maxUnavailable). */
    public RequestUpgrade request(ClusterId cluster, UpgradeId upgrade, Version target) {
        return new RequestUpgrade(cluster, upgrade, target, null, strategy, schemaChange, stateFormatChange,
                maxUnavailable, byGroup, null, failurePolicy, true, false, maxAttempts, stepTimeout);
    }
}
