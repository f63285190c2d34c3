package dev.upgradeledger.projection.clusterstatus;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.Rule;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
@Transactional(readOnly = true)
public class ClusterStatusQueries {

    private final ClusterStatusRepository repository;

    ClusterStatusQueries(ClusterStatusRepository repository) {
        this.repository = repository;
    }

    /** The clusters that pass the filter, by id, one page of them. */
    public ClusterPage clusters(ClusterFilter filter) {
        List<ClusterSummary> rows = repository.findAll(filter);
        boolean more = filter.limit() != null && rows.size() > filter.limit();
        List<ClusterSummary> page = more ? rows.subList(0, filter.limit()) : rows;
        return new ClusterPage(List.copyOf(page), more ? page.get(page.size() - 1).clusterId() : null);
    }

    /** The cluster (its summary whole: node count, versions) with one page of its nodes, by id. */
    public ClusterDetail cluster(ClusterId clusterId, NodePage page) {
        ClusterSummary summary = repository.find(clusterId)
                .orElseThrow(() -> new ClusterNotFoundException(clusterId));
        List<NodeStatus> nodes = repository.nodes(clusterId, page.after(), page.limit() + 1);
        return new ClusterDetail(summary, onPage(nodes, page), next(nodes, page));
    }

    /** One page of the cluster's nodes, by id, with the event each row includes. */
    public ClusterNodes nodes(ClusterId clusterId, NodePage page) {
        ClusterSummary summary = repository.find(clusterId)
                .orElseThrow(() -> new ClusterNotFoundException(clusterId));
        List<NodeStatus> nodes = repository.nodes(clusterId, page.after(), page.limit() + 1);
        return new ClusterNodes(summary.clusterId(), summary.lastSequence(), summary.lastPosition(),
                onPage(nodes, page), next(nodes, page));
    }

    private static List<NodeStatus> onPage(List<NodeStatus> nodes, NodePage page) {
        return nodes.size() > page.limit() ? List.copyOf(nodes.subList(0, page.limit())) : nodes;
    }

    private static String next(List<NodeStatus> nodes, NodePage page) {
        return nodes.size() > page.limit() ? nodes.get(page.limit() - 1).nodeId() : null;
    }

    /**
     * The cluster's feature gate (see {@link FeatureGate}): closed while an upgrade runs or waits to be finalized
     * ({@code finalize-before-next-upgrade}) and while the nodes run different versions ({@code single-version});
     * since the event of {@link FeatureGate#DECIDING_EVENTS} that gave it its state.
     */
    public FeatureGate featureGate(ClusterId clusterId) {
        ClusterSummary summary = repository.find(clusterId)
                .orElseThrow(() -> new ClusterNotFoundException(clusterId));
        ClusterSummary.Upgrade upgrade = summary.upgrade();
        String status = upgrade == null ? null : upgrade.status();
        String upgradeId = upgrade == null ? null : upgrade.upgradeId();
        String why;
        String rule = null;
        Optional<ClusterStatusRepository.DecidingEvent> since;
        if (status != null && OPEN_UPGRADE.contains(status)) {
            why = "upgrade " + upgradeId + " to " + upgrade.targetVersion() + " is " + status.toLowerCase(Locale.ROOT)
                    + "; new features wait until every node runs " + upgrade.targetVersion()
                    + " and the upgrade is finalized";
            rule = Rule.FINALIZE_BEFORE_NEXT_UPGRADE.id();
            since = repository.decidingEvent(clusterId, upgradeId, List.of("UpgradeRequested"));
        } else if ("COMPLETED".equals(status) && summary.mixedVersionWindow()) {
            why = "upgrade " + upgradeId + " to " + upgrade.targetVersion() + " completed but is not finalized;"
                    + " finalize it (or abandon it) to allow new features";
            rule = Rule.FINALIZE_BEFORE_NEXT_UPGRADE.id();
            since = repository.decidingEvent(clusterId, upgradeId, List.of("UpgradeRequested"));
        } else if (summary.versions().size() > 1) {
            why = "the nodes run different versions " + summary.versions() + "; converge them first";
            rule = Rule.SINGLE_VERSION.id();
            since = repository.decidingEvent(clusterId, null, FeatureGate.DECIDING_EVENTS);
        } else {
            why = status == null ? "no upgrade yet; every node runs " + summary.version()
                    : "every node runs " + summary.version() + " and no upgrade runs or waits to be finalized";
            since = repository.decidingEvent(clusterId, null, FeatureGate.DECIDING_EVENTS);
        }
        return new FeatureGate(summary.clusterId(), rule == null, why, rule, upgradeId, summary.versions(),
                since.map(ClusterStatusRepository.DecidingEvent::at).orElse(summary.registeredAt()),
                since.map(ClusterStatusRepository.DecidingEvent::sequence).orElse(0L));
    }

    private static final Set<String> OPEN_UPGRADE = Set.of("REQUESTED", "RUNNING", "AWAITING_APPROVAL", "PAUSED", "ROLLING_BACK");

    /** @param next the {@code after} of the next page of nodes, null on the last one */
    public record ClusterDetail(ClusterSummary cluster, List<NodeStatus> nodes, String next) {
    }

    /** @param next the {@code after} of the next page, null on the last one */
    public record ClusterPage(List<ClusterSummary> clusters, String next) {
    }

    /**
     * @param lastSequence the sequence of the cluster's last event the projection applied
     * @param next         the {@code after} of the next page of nodes, null on the last one
     */
    public record ClusterNodes(String clusterId, long lastSequence, long lastPosition, List<NodeStatus> nodes,
                               String next) {
    }
}
