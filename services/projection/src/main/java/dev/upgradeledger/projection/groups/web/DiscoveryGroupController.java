package dev.upgradeledger.projection.groups.web;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.projection.groups.DiscoveryGroups;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/clusters")
class DiscoveryGroupController {

    private final DiscoveryGroups groups;

    DiscoveryGroupController(DiscoveryGroups groups) {
        this.groups = groups;
    }

    @Operation(summary = "Which cluster manages each discovery group of the cluster (one manager per group, with its"
            + " epoch), and the groups of other clusters it manages (Replicante live move)")
    @ApiResponse(responseCode = "200", description = "the cluster's groups and the groups it manages elsewhere")
    @ApiResponse(responseCode = "404", description = "unknown cluster (cluster-not-found)",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = ProblemDetail.class)))
    @GetMapping("/{clusterId}/groups")
    DiscoveryGroups.ClusterGroups groups(@PathVariable String clusterId) {
        return groups.of(ClusterId.of(clusterId));
    }
}
