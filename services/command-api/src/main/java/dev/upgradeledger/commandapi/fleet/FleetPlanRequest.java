package dev.upgradeledger.commandapi.fleet;

import dev.upgradeledger.domain.fleet.Amount;
import dev.upgradeledger.domain.fleet.FailureBudget;
import dev.upgradeledger.domain.fleet.FleetSelector;
import dev.upgradeledger.domain.fleet.MaintenanceWindow;
import dev.upgradeledger.domain.fleet.MaintenanceWindows;
import dev.upgradeledger.domain.fleet.UpgradeSettings;
import dev.upgradeledger.domain.fleet.VersionRange;
import dev.upgradeledger.domain.fleet.WaveGates;
import dev.upgradeledger.domain.fleet.WavePlan;
import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.ClusterLabels;
import dev.upgradeledger.events.FailurePolicy;
import dev.upgradeledger.events.InvalidValueException;
import dev.upgradeledger.events.MaxUnavailable;
import dev.upgradeledger.events.SchemaChange;
import dev.upgradeledger.events.UpgradeStrategy;
import dev.upgradeledger.events.Version;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.DateTimeException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of a fleet upgrade plan: which clusters, to which version, with which per-cluster settings, in which waves,
 * with which failure budget, gates and maintenance windows. Every value is checked here, at the edge.
 *
 * @param estimatedClusterTime how long one cluster's upgrade is expected to take, for the expected start times
 *                             (ISO-8601, e.g. {@code PT10M}; default 10 minutes)
 */
public record FleetPlanRequest(Selector selector, String targetVersion, Settings upgrade, Waves waves,
                               String failureBudget, Gates gates, Windows windows, String estimatedClusterTime) {

    private static final int MAX_NAMED = 10_000;

    /** Which clusters: every criterion given must hold. */
    @Schema(name = "FleetSelectorBody")
    public record Selector(String product, String versions, Map<String, String> labels, List<String> clusters) {
    }

    /** The settings of each cluster's upgrade, as for one cluster's upgrade request (no MIGRATION). */
    @Schema(name = "FleetUpgradeSettingsBody")
    public record Settings(UpgradeStrategy strategy, SchemaChange schemaChange, Boolean stateFormatChange,
                           String maxUnavailable, Boolean byGroup, FailurePolicy failurePolicy, Integer maxAttempts,
                           String stepTimeout) {
    }

    /** The canary (a count or named clusters), the later waves' size, the clusters upgrading at once. */
    @Schema(name = "FleetWavesBody")
    public record Waves(String canary, List<String> canaryClusters, String waveSize, Integer maxConcurrent) {
    }

    /** Between waves: a soak time (ISO-8601), a check's query, an approval. */
    @Schema(name = "FleetGatesBody")
    public record Gates(String soak, String check, Boolean approval) {
    }

    /** Maintenance windows per cluster id and per label. */
    @Schema(name = "FleetWindowsBody")
    public record Windows(Map<String, Window> clusters, List<LabelWindow> labels) {
    }

    /** A cron expression (five fields), a duration (ISO-8601) and a time zone id. */
    @Schema(name = "FleetWindowBody")
    public record Window(String cron, String duration, String zone) {
    }

    @Schema(name = "FleetLabelWindowBody")
    public record LabelWindow(String key, String value, String cron, String duration, String zone) {
    }

    FleetSelector fleetSelector() {
        require(selector != null, "selector is required: a product, versions, labels or clusters");
        require(selector.clusters() == null || selector.clusters().size() <= MAX_NAMED,
                "selector.clusters names at most " + MAX_NAMED + " clusters");
        return new FleetSelector(selector.product(),
                selector.versions() == null ? null : VersionRange.parse(selector.versions()),
                labels(selector.labels()),
                selector.clusters() == null ? null
                        : selector.clusters().stream().map(ClusterId::of).collect(java.util.stream.Collectors.toSet()));
    }

    Version target() {
        require(targetVersion != null, "targetVersion is required");
        return Version.of(targetVersion);
    }

    UpgradeSettings settings() {
        require(upgrade != null && upgrade.strategy() != null,
                "upgrade.strategy is required: ROLLING, OFFLINE or REJOIN");
        require(upgrade.strategy() != UpgradeStrategy.ROLLING || upgrade.maxUnavailable() != null,
                "a ROLLING fleet upgrade needs upgrade.maxUnavailable, a count such as 1 or a percentage such as 33%");
        int attempts = upgrade.maxAttempts() == null ? 0 : upgrade.maxAttempts();
        require(attempts >= 0 && attempts <= 10, "upgrade.maxAttempts must be 1 to 10");
        Duration timeout = upgrade.stepTimeout() == null ? null : duration("upgrade.stepTimeout", upgrade.stepTimeout());
        require(timeout == null || (timeout.compareTo(Duration.ofSeconds(1)) >= 0
                && timeout.compareTo(Duration.ofHours(24)) <= 0), "upgrade.stepTimeout must be 1 second to 24 hours");
        return new UpgradeSettings(upgrade.strategy(), upgrade.schemaChange(),
                Boolean.TRUE.equals(upgrade.stateFormatChange()),
                upgrade.maxUnavailable() == null ? null : MaxUnavailable.of(upgrade.maxUnavailable()),
                Boolean.TRUE.equals(upgrade.byGroup()),
                upgrade.failurePolicy(), attempts, timeout);
    }

    WavePlan wavePlan() {
        require(waves != null && waves.waveSize() != null && waves.maxConcurrent() != null,
                "waves.waveSize (a count or a percentage) and waves.maxConcurrent are required");
        List<ClusterId> named = waves.canaryClusters() == null ? List.of()
                : waves.canaryClusters().stream().map(ClusterId::of).toList();
        return new WavePlan(waves.canary() == null ? null : Amount.of(waves.canary()), named,
                Amount.of(waves.waveSize()), waves.maxConcurrent());
    }

    FailureBudget budget() {
        require(failureBudget != null, "failureBudget is required: a count such as 2 or a percentage such as 5%");
        return FailureBudget.of(failureBudget);
    }

    WaveGates waveGates() {
        return gates == null ? WaveGates.NONE
                : new WaveGates(gates.soak() == null ? null : duration("gates.soak", gates.soak()), gates.check(),
                Boolean.TRUE.equals(gates.approval()));
    }

    MaintenanceWindows maintenanceWindows() {
        if (windows == null) {
            return MaintenanceWindows.NONE;
        }
        Map<ClusterId, MaintenanceWindow> byCluster = new LinkedHashMap<>();
        if (windows.clusters() != null) {
            require(windows.clusters().size() <= MAX_NAMED, "windows.clusters has at most " + MAX_NAMED + " entries");
            windows.clusters().forEach((id, window) -> {
                require(window != null, "windows.clusters." + id + " needs cron, duration and zone");
                byCluster.put(ClusterId.of(id), MaintenanceWindow.of(window.cron(), window.duration(), window.zone()));
            });
        }
        List<MaintenanceWindows.LabelWindow> byLabel = windows.labels() == null ? List.of()
                : windows.labels().stream().map(window -> {
                    require(window != null && window.key() != null && window.value() != null,
                            "a label window needs key, value, cron, duration and zone");
                    ClusterLabels.requireLabel(window.key(), window.value());
                    return new MaintenanceWindows.LabelWindow(window.key(), window.value(),
                            MaintenanceWindow.of(window.cron(), window.duration(), window.zone()));
                }).toList();
        require(byLabel.size() <= 100, "windows.labels has at most 100 entries");
        return new MaintenanceWindows(byCluster, byLabel);
    }

    Duration clusterEstimate() {
        Duration estimate = estimatedClusterTime == null ? Duration.ofMinutes(10)
                : duration("estimatedClusterTime", estimatedClusterTime);
        require(!estimate.isNegative() && !estimate.isZero() && estimate.compareTo(Duration.ofDays(7)) <= 0,
                "estimatedClusterTime must be more than 0 and at most 7 days");
        return estimate;
    }

    private static Map<String, String> labels(Map<String, String> labels) {
        try {
            return ClusterLabels.of(labels);
        } catch (InvalidValueException e) {
            throw new InvalidValueException("selector.labels: " + e.getMessage());
        }
    }

    private static Duration duration(String field, String text) {
        try {
            return Duration.parse(text);
        } catch (DateTimeException e) {
            throw new InvalidValueException(field + " is an ISO-8601 duration such as PT30M");
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new InvalidValueException(message);
        }
    }
}
