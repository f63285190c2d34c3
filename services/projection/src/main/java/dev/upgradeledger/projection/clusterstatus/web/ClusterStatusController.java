package dev.upgradeledger.projection.clusterstatus.web;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.ClusterLabels;
import dev.upgradeledger.events.InvalidValueException;
import dev.upgradeledger.events.Version;
import dev.upgradeledger.projection.clusterstatus.ClusterFilter;
import dev.upgradeledger.projection.clusterstatus.ClusterStatus;
import dev.upgradeledger.projection.clusterstatus.ClusterStatusQueries.ClusterDetail;
import dev.upgradeledger.projection.clusterstatus.ClusterStatusQueries.ClusterNodes;
import dev.upgradeledger.projection.clusterstatus.ClusterStatusQueries.ClusterPage;
import dev.upgradeledger.projection.clusterstatus.ClusterStatusQueries;
import dev.upgradeledger.projection.clusterstatus.FeatureGate;
import dev.upgradeledger.projection.clusterstatus.NodePage;
import dev.upgradeledger.projection.clusterstatus.ClusterSummary;
import dev.upgradeledger.support.web.EnumValues;
import dev.upgradeledger.support.web.NextPage;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/clusters")
class ClusterStatusController {

    /** The header that carries the cursor of the next page (also in the {@code Link} header, as RFC 8288 asks). */
    static final String NEXT = NextPage.HEADER;

    private final ClusterStatusQueries queries;

    ClusterStatusController(ClusterStatusQueries queries) {
        this.queries = queries;
    }

    /**
     * Every cluster the projection knows, by id, filtered and paged. The body stays the array it always was; the next
     * page is in the {@code Link} header ({@code rel="next"}) and its cursor in {@value #NEXT}.
     */
    @Operation(summary = "Clusters by id, filtered by product, status, a version present on a node and labels; paged"
            + " with after and limit (the next page's link in the Link header, rel=next, and its cursor in X-Next-After)")
    @ApiResponse(responseCode = "200", description = "the clusters of this page", headers = {
            @Header(name = "Link", description = "<...&after=ID>; rel=\"next\" when there is a next page"),
            @Header(name = NEXT, description = "the after of the next page, when there is one")})
    @ApiResponse(responseCode = "400", description = "an unknown status, a malformed version, label, cluster id or"
            + " limit (invalid-request)", content = @Content(mediaType = "application/problem+json",
            schema = @Schema(implementation = ProblemDetail.class)))
    @GetMapping
    ResponseEntity<List<ClusterSummary>> clusters(
            @Parameter(description = "only clusters of this product") @RequestParam(required = false) String product,
            @Parameter(description = "only clusters in this status", schema = @Schema(implementation =
                    ClusterStatus.class)) @RequestParam(required = false) String status,
            @Parameter(description = "only clusters with a node on this version")
            @RequestParam(required = false) String version,
            @Parameter(description = "only clusters carrying this label, written key=value (region=eu); repeatable,"
                    + " every one must match; at most 20")
            @RequestParam(name = "label", required = false) List<String> labels,
            @Parameter(description = "the clusters after this id (the previous page's next)")
            @RequestParam(required = false) String after,
            @Parameter(description = "page size, 1-500; without it, every cluster")
            @RequestParam(required = false) Integer limit) {
        ClusterPage page = queries.clusters(new ClusterFilter(product,
                status == null ? null : EnumValues.named(ClusterStatus.class, "status", status),
                version == null ? null : Version.of(version), labels(labels),
                after == null ? null : ClusterId.of(after), limit));
        return NextPage.ok(page.clusters(), page.next());
    }

    /** The {@code label=key=value} parameters as one map; a key given twice with two values can match nothing. */
    private static Map<String, String> labels(List<String> labels) {
        if (labels == null || labels.isEmpty()) {
            return Map.of();
        }
        if (labels.size() > ClusterLabels.MAX_LABELS) {
            throw new InvalidValueException("at most " + ClusterLabels.MAX_LABELS + " label parameters, were "
                    + labels.size());
        }
        Map<String, String> wanted = new LinkedHashMap<>();
        for (String text : labels) {
            Map.Entry<String, String> label = ClusterLabels.parse(text);
            String before = wanted.putIfAbsent(label.getKey(), label.getValue());
            if (before != null && !before.equals(label.getValue())) {
                throw new InvalidValueException("label " + label.getKey() + " is asked for twice with different"
                        + " values; a cluster carries one value per key");
            }
        }
        return wanted;
    }

    /**
     * One cluster with a page of its nodes; 404 {@code cluster-not-found} when the projection has not seen it. The
     * summary (node count, versions) is whole whichever page of nodes comes with it.
     */
    @Operation(summary = "One cluster with a page of its nodes, by id (limit, default " + NodePage.DEFAULT_LIMIT
            + "; the next page's link in the Link header, rel=next, and its cursor in next and X-Next-After)")
    @ApiResponse(responseCode = "200", description = "the cluster", headers = {
            @Header(name = "Link", description = "<...&after=NODE>; rel=\"next\" when there are more nodes"),
            @Header(name = NEXT, description = "the after of the next page of nodes, when there is one")})
    @ApiResponse(responseCode = "400", description = "a malformed cluster id, node id or limit (invalid-request)",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "unknown cluster (cluster-not-found)",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = ProblemDetail.class)))
    @GetMapping("/{clusterId}")
    ResponseEntity<ClusterDetail> cluster(@PathVariable String clusterId,
                                          @Parameter(description = "the nodes after this node id (the previous"
                                                  + " page's next)")
                                          @RequestParam(required = false) String after,
                                          @Parameter(description = "nodes per page, 1-" + NodePage.MAX_LIMIT
                                                  + " (default " + NodePage.DEFAULT_LIMIT + ")")
                                          @RequestParam(required = false) Integer limit) {
        NodePage page = NodePage.of(after, limit);
        ClusterDetail detail = queries.cluster(ClusterId.of(clusterId), page);
        return NextPage.ok(detail, detail.next());
    }

    /** The feature gate: whether the new version's features may be used, why, and since when. */
    @Operation(summary = "Whether clients may use the new version's features (the finalize gate), why, and since when;"
            + " its changes come on the live stream as feature-gate events")
    @ApiResponse(responseCode = "200", description = "the gate")
    @ApiResponse(responseCode = "404", description = "unknown cluster (cluster-not-found)",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = ProblemDetail.class)))
    @GetMapping("/{clusterId}/feature-gate")
    FeatureGate featureGate(@PathVariable String clusterId) {
        return queries.featureGate(ClusterId.of(clusterId));
    }

    @Operation(summary = "A page of the cluster's nodes by id: version, state, group, and the last upgrade and step"
            + " that touched each (limit, default " + NodePage.DEFAULT_LIMIT + "; the next page's link in the Link"
            + " header, rel=next, and its cursor in next and X-Next-After)")
    @ApiResponse(responseCode = "200", description = "the nodes, by id", headers = {
            @Header(name = "Link", description = "<...&after=NODE>; rel=\"next\" when there are more nodes"),
            @Header(name = NEXT, description = "the after of the next page of nodes, when there is one")})
    @ApiResponse(responseCode = "400", description = "a malformed cluster id, node id or limit (invalid-request)",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "unknown cluster (cluster-not-found)",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = ProblemDetail.class)))
    @GetMapping("/{clusterId}/nodes")
    ResponseEntity<ClusterNodes> nodes(@PathVariable String clusterId,
                                       @Parameter(description = "the nodes after this node id (the previous page's"
                                               + " next)")
                                       @RequestParam(required = false) String after,
                                       @Parameter(description = "nodes per page, 1-" + NodePage.MAX_LIMIT
                                               + " (default " + NodePage.DEFAULT_LIMIT + ")")
                                       @RequestParam(required = false) Integer limit) {
        NodePage page = NodePage.of(after, limit);
        ClusterNodes nodes = queries.nodes(ClusterId.of(clusterId), page);
        return NextPage.ok(nodes, nodes.next());
    }
}
