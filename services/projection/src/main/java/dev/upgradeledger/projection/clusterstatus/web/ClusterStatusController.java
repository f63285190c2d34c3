package dev.upgradeledger.projection.clusterstatus.web;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.projection.clusterstatus.ClusterStatusQueries;
import dev.upgradeledger.projection.clusterstatus.ClusterStatusQueries.ClusterDetail;
import dev.upgradeledger.projection.clusterstatus.ClusterSummary;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/clusters")
class ClusterStatusController {

    private final ClusterStatusQueries queries;

    ClusterStatusController(ClusterStatusQueries queries) {
        this.queries = queries;
    }

    /** Every cluster the projection knows, by id; optionally only those of one product. */
    @GetMapping
    List<ClusterSummary> clusters(@RequestParam(required = false) String product) {
        return queries.clusters(product);
    }

    /** One cluster with its nodes; 404 {@code cluster-not-found} when the projection has not seen it. */
    @GetMapping("/{clusterId}")
    ClusterDetail cluster(@PathVariable String clusterId) {
        return queries.cluster(ClusterId.of(clusterId));
    }
}
