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

    public List<ClusterSummary> clusters(String product) {
        return repository.findAll(product);
    }

    public ClusterDetail cluster(ClusterId clusterId) {
        ClusterSummary summary = repository.find(clusterId)
                .orElseThrow(() -> new ClusterNotFoundException(clusterId));
        return new ClusterDetail(summary, repository.nodes(clusterId));
    }

    public record ClusterDetail(ClusterSummary cluster, List<NodeStatus> nodes) {
    }
}
