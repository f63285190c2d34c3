package dev.upgradeledger.commandapi.fleet;

import dev.upgradeledger.commandapi.cluster.ClusterSnapshots;
import dev.upgradeledger.domain.decide.ClusterSnapshot;
import dev.upgradeledger.domain.fleet.FailureBudget;
import dev.upgradeledger.domain.fleet.FleetMember;
import dev.upgradeledger.domain.fleet.FleetSchedule;
import dev.upgradeledger.domain.fleet.FleetTarget;
import dev.upgradeledger.domain.fleet.FleetTargeting;
import dev.upgradeledger.domain.fleet.MaintenanceWindow;
import dev.upgradeledger.domain.fleet.MaintenanceWindows;
import dev.upgradeledger.domain.fleet.WaveGates;
import dev.upgradeledger.domain.fleet.WavePlan;
import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.Version;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Plans a fleet upgrade over the registered clusters the caller may operate: the selector's clusters, each one's path
 * or the rule that skips it ({@link FleetTargeting}), the waves ({@link WavePlan}) and each cluster's expected start
 * ({@link FleetSchedule}). Reads only; records nothing. A label criterion takes the clusters whose labels (their
 * {@link ClusterSnapshot#labels()}, as {@code RegisterCluster} and {@code SetClusterLabels} set them) carry every given
 * pair; a cluster's own maintenance window comes first, else the first window of a label it carries.
 */
@Component
class FleetPlanner {

    private final ClusterSnapshots clusters;
    private final FleetTargeting targeting = new FleetTargeting();
    private final Clock clock;

    FleetPlanner(ClusterSnapshots clusters, ObjectProvider<Clock> clock) {
        this.clusters = clusters;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    FleetPlan plan(FleetPlanRequest request, Predicate<ClusterSnapshot> mayOperate) {
        return planned(request, mayOperate).plan();
    }

    /** A plan with the product and the labels of each cluster it takes. */
    record Planned(FleetPlan plan, Map<String, String> products, Map<String, Map<String, String>> labels) {
    }

    Planned planned(FleetPlanRequest request, Predicate<ClusterSnapshot> mayOperate) {
        var selector = request.fleetSelector();
        Version target = request.target();
        var settings = request.settings();
        WavePlan wavePlan = request.wavePlan();
        FailureBudget budget = request.budget();
        WaveGates gates = request.waveGates();
        MaintenanceWindows windows = request.maintenanceWindows();
        Duration estimate = request.clusterEstimate();
        List<ClusterId> ids = selector.ids().isEmpty() ? clusters.ids(FleetTargeting.MAX_CLUSTERS + 1)
                : selector.ids().stream().sorted(java.util.Comparator.comparing(ClusterId::value)).toList();
        List<FleetMember> fleet = clusters.load(ids).stream().filter(mayOperate)
                .map(FleetMember::new).toList();
        FleetTarget fleetTarget = targeting.target(fleet, selector, target, settings);
        List<WavePlan.Wave> waves = wavePlan.waves(fleetTarget.includedIds());
        Instant now = clock.instant();
        Map<ClusterId, Optional<MaintenanceWindow>> windowOf = new HashMap<>();
        Map<ClusterId, Map<String, String>> labelsOf = new HashMap<>();
        fleet.forEach(member -> labelsOf.put(member.id(), member.labels()));
        fleetTarget.includedIds().forEach(id -> windowOf.put(id, windows.windowOf(id, labelsOf.get(id))));
        FleetSchedule.Forecast forecast = FleetSchedule.forecast(waves, wavePlan.maxConcurrent(), gates,
                windowOf::get, id -> estimate, now);
        Map<ClusterId, FleetSchedule.Expected> expected = new HashMap<>();
        forecast.clusters().forEach(e -> expected.put(e.cluster(), e));
        Map<ClusterId, FleetTarget.Included> included = new HashMap<>();
        fleetTarget.included().forEach(i -> included.put(i.cluster(), i));
        List<FleetPlan.Wave> waveViews = waves.stream().map(wave -> new FleetPlan.Wave(wave.index(), wave.canary(),
                wave.clusters().stream().map(id -> {
                    FleetTarget.Included taken = included.get(id);
                    FleetSchedule.Expected when = expected.get(id);
                    return new FleetPlan.Cluster(id.value(), taken.current().value(),
                            taken.path().stream().map(Version::value).toList(), taken.unchecked(),
                            windowOf.get(id).map(FleetPlanner::describe).orElse(null),
                            when.start().orElse(null), when.end().orElse(null), labelsOf.get(id));
                }).toList())).toList();
        List<FleetPlan.Skipped> skipped = fleetTarget.skipped().stream().map(s -> new FleetPlan.Skipped(
                s.cluster().value(), s.current().value(), s.rule(), s.detail(), s.wayOut(),
                s.allowedPath().stream().map(Version::value).toList())).toList();
        int taken = fleetTarget.included().size();
        Map<String, String> products = new HashMap<>();
        Map<String, Map<String, String>> labels = new HashMap<>();
        fleet.forEach(member -> {
            products.put(member.id().value(), member.cluster().product());
            labels.put(member.id().value(), member.labels());
        });
        return new Planned(new FleetPlan(target.value(), taken, waveViews, skipped,
                new FleetPlan.Budget(budget.max().value(), budget.allowed(taken)), wavePlan.maxConcurrent(),
                new FleetPlan.Gates(gates.soak().toString(), gates.check(), gates.approval()), estimate.toString(), now,
                forecast.end().orElse(null)), products, labels);
    }

    private static String describe(MaintenanceWindow window) {
        return window.cron() + " for " + window.duration() + " in " + window.zone();
    }
}
