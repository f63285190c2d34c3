package dev.upgradeledger.projection.clusterstatus;

import dev.upgradeledger.events.ClusterId;
import java.util.List;
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

    public ClusterDetail cluster(ClusterId clusterId) {
        ClusterSummary summary = repository.find(clusterId)
                .orElseThrow(() -> new ClusterNotFoundException(clusterId));
        return new ClusterDetail(summary, repository.nodes(clusterId));
    }

    /** The cluster's nodes with the event its row includes. */
    public ClusterNodes nodes(ClusterId clusterId) {
        ClusterSummary summary = repository.find(clusterId)
                .orElseThrow(() -> new ClusterNotFoundException(clusterId));
        return new ClusterNodes(summary.clusterId(), summary.lastSequence(), summary.lastPosition(),
                repository.nodes(clusterId));
    }

    public record ClusterDetail(ClusterSummary cluster, List<NodeStatus> nodes) {
    }

    /** @param next the {@code after} of the next page, null on the last one */
    public record ClusterPage(List<ClusterSummary> clusters, String next) {
    }

    /** @param lastSequence the sequence of the cluster's last event the projection applied */
    public record ClusterNodes(String clusterId, long lastSequence, long lastPosition, List<NodeStatus> nodes) {
    }
}
