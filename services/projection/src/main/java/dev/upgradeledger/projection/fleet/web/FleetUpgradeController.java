package dev.upgradeledger.projection.fleet.web;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.projection.fleet.FleetFilter;
import dev.upgradeledger.projection.fleet.FleetQueries;
import dev.upgradeledger.projection.fleet.FleetStatus;
import dev.upgradeledger.projection.fleet.FleetViews;
import dev.upgradeledger.support.web.EnumValues;
import dev.upgradeledger.support.web.NextPage;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Fleet upgrades as the projection has them. The list needs {@code viewer} on the cluster or product it filters by, or
 * on everything; one fleet upgrade (and its diagnosis) needs {@code viewer} on every cluster it took.
 */
@RestController
@RequestMapping("/api/v1/fleet-upgrades")
@Tag(name = "fleet upgrades")
class FleetUpgradeController {

    private final FleetQueries queries;

    FleetUpgradeController(FleetQueries queries) {
        this.queries = queries;
    }

    @Operation(summary = "Fleet upgrades by id, filtered by product, status and a cluster they took; paged with after"
            + " and limit (the next page's link in the Link header, rel=next, and its cursor in next and"
            + " X-Next-After)")
    @ApiResponse(responseCode = "200", description = "the fleet upgrades of this page", headers = {
            @Header(name = "Link", description = "<...&after=ID>; rel=\"next\" when there is a next page"),
            @Header(name = NextPage.HEADER, description = "the after of the next page, when there is one")})
    @ApiResponse(responseCode = "400", description = "an unknown status, a malformed fleet or cluster id, or limit"
            + " (invalid-request)", content = @Content(mediaType = "application/problem+json",
            schema = @Schema(implementation = ProblemDetail.class)))
    @GetMapping
    ResponseEntity<FleetViews.Page> list(
            @Parameter(description = "only fleet upgrades of this product") @RequestParam(required = false)
            String product,
            @Parameter(description = "only fleet upgrades in this status", schema = @Schema(implementation =
                    FleetStatus.class)) @RequestParam(required = false) String status,
            @Parameter(description = "only fleet upgrades that took this cluster") @RequestParam(required = false)
            String clusterId,
            @Parameter(description = "the fleet upgrades after this id (the previous page's next)")
            @RequestParam(required = false) String after,
            @Parameter(description = "page size, 1-" + FleetFilter.MAX_LIMIT + " (default "
                    + FleetFilter.DEFAULT_LIMIT + ")") @RequestParam(required = false) Integer limit) {
        FleetViews.Page page = queries.list(new FleetFilter(product,
                status == null ? null : EnumValues.named(FleetStatus.class, "status", status),
                clusterId == null ? null : ClusterId.of(clusterId), after == null ? null : UpgradeId.of(after),
                limit == null ? FleetFilter.DEFAULT_LIMIT : limit));
        return NextPage.ok(page, page.next());
    }

    @Operation(summary = "One fleet upgrade: its waves with each cluster's state and its own upgrade's status, the"
            + " skipped clusters with their rule, the failure budget against the failures counted now, the current"
            + " wave and the last halt")
    @ApiResponse(responseCode = "200", description = "the fleet upgrade")
    @ApiResponse(responseCode = "400", description = "a malformed fleet id (invalid-request)",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "403", description = "a cluster of the fleet upgrade you may not view (forbidden)",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "unknown fleet upgrade (fleet-not-found)",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = ProblemDetail.class)))
    @GetMapping("/{fleetId}")
    FleetViews.FleetUpgrade fleet(@PathVariable String fleetId, Authentication actor) {
        UpgradeId id = queries.viewable(fleetId, actor);
        return queries.fleet(id);
    }

    @Operation(summary = "Why a fleet upgrade stopped: the halt, and each cluster that used the failure budget with"
            + " the fleet's reason, its own upgrade's last failure and where to read that upgrade's diagnosis")
    @ApiResponse(responseCode = "200", description = "the diagnosis (a fleet that is not halted is answered too,"
            + " with halted false and the failures counted now)")
    @ApiResponse(responseCode = "400", description = "a malformed fleet id (invalid-request)",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "403", description = "a cluster of the fleet upgrade you may not view (forbidden)",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "unknown fleet upgrade (fleet-not-found)",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = ProblemDetail.class)))
    @GetMapping("/{fleetId}/diagnosis")
    FleetViews.Diagnosis diagnosis(@PathVariable String fleetId, Authentication actor) {
        UpgradeId id = queries.viewable(fleetId, actor);
        return queries.diagnosis(id);
    }

}
