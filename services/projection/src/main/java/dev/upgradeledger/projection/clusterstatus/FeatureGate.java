package dev.upgradeledger.projection.clusterstatus;

import java.time.Instant;
import java.util.List;

/**
 * Whether clients may use the features of the version a cluster runs (Camunda: "during the whole process of the
 * rolling upgrade it is not permitted to use new features"), why, and since when.
 *
 * @param newFeaturesAllowed true when every node runs one version and no upgrade is running or waiting to be finalized
 * @param why                a sentence for people
 * @param rule               the rule that keeps the gate closed ({@code finalize-before-next-upgrade},
 *                           {@code single-version}), null when it is open
 * @param upgradeId          the upgrade that closed the gate or last opened it, null when there is none
 * @param versions           the versions the nodes run
 * @param since              when the gate took this state: the time of the event that decided it
 * @param sinceSequence      that event's sequence in the cluster's history
 */
public record FeatureGate(String clusterId, boolean newFeaturesAllowed, String why, String rule, String upgradeId,
                          List<String> versions, Instant since, long sinceSequence) {

    /** The events that can open or close the gate (a registration opens it). */
    public static final List<String> DECIDING_EVENTS = List.of("ClusterRegistered", "UpgradeRequested",
            "UpgradeCompleted", "UpgradeFinalized", "UpgradeAbandoned", "UpgradeAborted", "UpgradeFailed");
    /** The events the live stream follows with the gate: the deciding ones after the registration. */
    public static final List<String> CHANGING_EVENTS = DECIDING_EVENTS.subList(1, DECIDING_EVENTS.size());
}
