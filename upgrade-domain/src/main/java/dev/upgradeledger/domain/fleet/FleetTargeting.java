package dev.upgradeledger.domain.fleet;

import dev.upgradeledger.domain.decide.ClusterSnapshot;
import dev.upgradeledger.domain.decide.HopPlan;
import dev.upgradeledger.domain.decide.Refusal;
import dev.upgradeledger.domain.decide.UncheckedRule;
import dev.upgradeledger.domain.decide.UpgradeDecider;
import dev.upgradeledger.domain.decide.UpgradeVerdict;
import dev.upgradeledger.domain.rules.FinalizeGate;
import dev.upgradeledger.events.InvalidValueException;
import dev.upgradeledger.events.Rule;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.events.Version;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Decides the target of a fleet upgrade: the selector's clusters, ordered by id, each asked of the
 * {@link UpgradeDecider} as its own upgrade request (path followed) would be. A cluster the decider refuses, or that
 * the cluster's own guards would refuse now (retired, an upgrade running, the last one not finalized), is listed as
 * skipped with the rule; one already on the target is skipped as {@code same-version}.
 */
public final class FleetTargeting {

    /** At most this many clusters in one fleet upgrade. */
    public static final int MAX_CLUSTERS = 10_000;

    private final UpgradeDecider decider;
    private final FinalizeGate finalizeGate = new FinalizeGate();

    public FleetTargeting() {
        this(new UpgradeDecider());
    }

    public FleetTargeting(UpgradeDecider decider) {
        this.decider = decider;
    }

    public FleetTarget target(List<FleetMember> fleet, FleetSelector selector, Version target,
                              UpgradeSettings settings) {
        List<FleetMember> selected = fleet.stream().filter(selector::selects)
                .sorted(Comparator.comparing(member -> member.id().value())).toList();
        if (selected.size() > MAX_CLUSTERS) {
            throw new InvalidValueException("a fleet upgrade takes at most " + MAX_CLUSTERS + " clusters; the selector"
                    + " takes " + selected.size());
        }
        List<FleetTarget.Included> included = new ArrayList<>();
        List<FleetTarget.Skipped> skipped = new ArrayList<>();
        for (FleetMember member : selected) {
            ClusterSnapshot cluster = member.cluster();
            Optional<Refusal> guard = guard(cluster, target);
            if (guard.isPresent()) {
                skipped.add(skipped(cluster, guard.get()));
                continue;
            }
            UpgradeVerdict verdict = decider.decide(cluster,
                    settings.request(cluster.id(), UpgradeId.of("fleet-dry-run"), target), Optional.empty());
            if (verdict instanceof UpgradeVerdict.Refused refused) {
                skipped.add(skipped(cluster, refused.refusal()));
            } else {
                UpgradeVerdict.Accepted accepted = (UpgradeVerdict.Accepted) verdict;
                List<Version> path = new ArrayList<>();
                path.add(cluster.version());
                accepted.hops().stream().map(HopPlan::to).forEach(path::add);
                included.add(new FleetTarget.Included(cluster.id(), cluster.version(), path,
                        accepted.uncheckedRules().stream().map(UncheckedRule::rule).distinct().toList()));
            }
        }
        return new FleetTarget(target, included, skipped);
    }

    private Optional<Refusal> guard(ClusterSnapshot cluster, Version target) {
        if (cluster.retired()) {
            return Optional.of(Refusal.of(Rule.CLUSTER_RETIRED, cluster.id() + " is retired"));
        }
        if (cluster.activeUpgrade() != null) {
            return Optional.of(Refusal.of(Rule.UPGRADE_IN_PROGRESS, cluster.id() + " is running upgrade "
                    + cluster.activeUpgrade(), "let it finish, then start another fleet upgrade for it"));
        }
        Optional<Refusal> unfinalized = finalizeGate.nextUpgrade(cluster);
        if (unfinalized.isPresent()) {
            return unfinalized;
        }
        if (cluster.version().equals(target) && !cluster.diverged()) {
            return Optional.of(Refusal.of(Rule.SAME_VERSION, cluster.id() + " already runs " + target));
        }
        return Optional.empty();
    }

    private static FleetTarget.Skipped skipped(ClusterSnapshot cluster, Refusal refusal) {
        return new FleetTarget.Skipped(cluster.id(), cluster.version(), refusal.rule().id(), refusal.detail(),
                refusal.wayOut(), refusal.allowedPath());
    }
}
