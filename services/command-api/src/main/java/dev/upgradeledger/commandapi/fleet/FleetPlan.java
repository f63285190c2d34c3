package dev.upgradeledger.commandapi.fleet;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A fleet upgrade's plan (its dry run): every wave with its clusters, each one's path and expected start, the
 * clusters selected but skipped with the rule, the budget and the gates.
 *
 * @param clusters    the number of clusters the upgrade takes
 * @param expectedEnd when the last cluster is expected to end; null when a cluster's window never opens
 */
public record FleetPlan(String targetVersion, int clusters, List<Wave> waves, List<Skipped> skipped, Budget failureBudget,
                        int maxConcurrent, Gates gates, String estimatedClusterTime, Instant plannedAt,
                        Instant expectedEnd) {

    @Schema(name = "FleetWave")
    public record Wave(int index, boolean canary, List<Cluster> clusters) {
    }

    /**
     * One cluster taken.
     *
     * @param path           the versions it goes through, from its current one
     * @param uncheckedRules ids of the rules its plan could not check
     * @param window         its maintenance window ({@code cron for duration in zone}; its own, else its label's), or
     *                       null
     * @param labels         its labels (what the selector and the label windows matched)
     */
    @Schema(name = "FleetPlanCluster")
    public record Cluster(String clusterId, String currentVersion, List<String> path, List<String> uncheckedRules,
                          String window, Instant expectedStart, Instant expectedEnd, Map<String, String> labels) {
    }

    /** A cluster selected but skipped, with the rule that keeps it out and the way out. */
    @Schema(name = "FleetSkippedCluster")
    public record Skipped(String clusterId, String currentVersion, String rule, String detail, String wayOut,
                          List<String> allowedPath) {
    }

    /** The budget as given and the failures it tolerates among the clusters taken. */
    @Schema(name = "FleetFailureBudget")
    public record Budget(String max, int allowed) {
    }

    @Schema(name = "FleetGates")
    public record Gates(String soak, String check, boolean approval) {
    }
}
