package dev.upgradeledger.projection.upgradeprogress.web;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.InvalidValueException;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.projection.upgradeprogress.UpgradeFilter;
import dev.upgradeledger.projection.upgradeprogress.UpgradeProgress;
import dev.upgradeledger.projection.upgradeprogress.UpgradeProgressQueries.UpgradePage;
import dev.upgradeledger.projection.upgradeprogress.UpgradeProgressQueries;
import dev.upgradeledger.projection.upgradeprogress.StepPage;
import dev.upgradeledger.projection.upgradeprogress.UpgradeStatus;
import dev.upgradeledger.support.web.EnumValues;
import dev.upgradeledger.support.web.NextPage;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class UpgradeProgressController {

    private final UpgradeProgressQueries queries;

    UpgradeProgressController(UpgradeProgressQueries queries) {
        this.queries = queries;
    }

    @Operation(summary = "One upgrade's progress: status, timestamps, current stage and batch, counts, last failure,"
            + " durations, every plan with its stages (with their step counts), and a page of their steps in plan,"
            + " stage and step order (limit, default " + StepPage.DEFAULT_LIMIT + "; the next page's link in the Link"
            + " header, rel=next, and its cursor in next and X-Next-After)")
    @ApiResponse(responseCode = "200", description = "the upgrade with a page of its steps", headers = {
            @Header(name = "Link", description = "<...&after=CURSOR>; rel=\"next\" when there are more steps"),
            @Header(name = NextPage.HEADER, description = "the after of the next page of steps, when there is one")})
    @ApiResponse(responseCode = "400", description = "a malformed upgrade or cluster id, cursor or limit"
            + " (invalid-request)", content = @Content(mediaType = "application/problem+json",
            schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "no such upgrade (upgrade-not-found)",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "the id names upgrades of several clusters and clusterId is"
            + " missing (upgrade-ambiguous)", content = @Content(mediaType = "application/problem+json",
            schema = @Schema(implementation = ProblemDetail.class)))
    @GetMapping("/api/v1/upgrades/{upgradeId}")
    ResponseEntity<UpgradeProgress> upgrade(@PathVariable String upgradeId,
                                            @Parameter(description = "the cluster, when several clusters used the"
                                                    + " same upgrade id")
                                            @RequestParam(required = false) String clusterId,
                                            @Parameter(description = "the steps after this one (the previous page's"
                                                    + " next, plan.stage.step)")
                                            @RequestParam(required = false) String after,
                                            @Parameter(description = "steps per page, 1-" + StepPage.MAX_LIMIT
                                                    + " (default " + StepPage.DEFAULT_LIMIT + ")")
                                            @RequestParam(required = false) Integer limit) {
        StepPage page = StepPage.of(after, limit);
        UpgradeProgress progress = queries.upgrade(UpgradeId.of(upgradeId),
                clusterId == null ? null : ClusterId.of(clusterId), page);
        return NextPage.ok(progress, progress.next());
    }

    @Operation(summary = "One upgrade of one cluster, as /api/v1/upgrades/{upgradeId} (a page of its steps)")
    @ApiResponse(responseCode = "200", description = "the upgrade with a page of its steps", headers = {
            @Header(name = "Link", description = "<...&after=CURSOR>; rel=\"next\" when there are more steps"),
            @Header(name = NextPage.HEADER, description = "the after of the next page of steps, when there is one")})
    @ApiResponse(responseCode = "400", description = "a malformed cursor or limit (invalid-request)",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "no such upgrade on the cluster (upgrade-not-found)",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = ProblemDetail.class)))
    @GetMapping("/api/v1/clusters/{clusterId}/upgrades/{upgradeId}")
    ResponseEntity<UpgradeProgress> clusterUpgrade(@PathVariable String clusterId, @PathVariable String upgradeId,
                                                   @Parameter(description = "the steps after this one (the previous"
                                                           + " page's next, plan.stage.step)")
                                                   @RequestParam(required = false) String after,
                                                   @Parameter(description = "steps per page, 1-" + StepPage.MAX_LIMIT
                                                           + " (default " + StepPage.DEFAULT_LIMIT + ")")
                                                   @RequestParam(required = false) Integer limit) {
        StepPage page = StepPage.of(after, limit);
        UpgradeProgress progress = queries.upgrade(UpgradeId.of(upgradeId), ClusterId.of(clusterId), page);
        return NextPage.ok(progress, progress.next());
    }

    @Operation(summary = "The cluster's upgrades (rejected requests included), newest first, without their steps")
    @ApiResponse(responseCode = "200", description = "a page; next is the after of the following page, null on the"
            + " last")
    @ApiResponse(responseCode = "400", description = "a bad filter or page value (invalid-request)",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "unknown cluster (cluster-not-found)",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = ProblemDetail.class)))
    @GetMapping("/api/v1/clusters/{clusterId}/upgrades")
    UpgradePage clusterUpgrades(@PathVariable String clusterId,
                                @Parameter(description = "only upgrades in this status",
                                        schema = @Schema(implementation = UpgradeStatus.class))
                                @RequestParam(required = false) String status,
                                @Parameter(description = "the next of the previous page")
                                @RequestParam(required = false) String after,
                                @Parameter(description = "page size, 1-500")
                                @RequestParam(defaultValue = "50") int limit) {
        return queries.upgrades(ClusterId.of(clusterId), new UpgradeFilter(
                status == null ? null : EnumValues.named(UpgradeStatus.class, "status", status), cursor(after),
                limit));
    }

    private static Long cursor(String after) {
        if (after == null) {
            return null;
        }
        try {
            return Long.parseLong(after);
        } catch (NumberFormatException e) {
            throw new InvalidValueException("after must be the next value of a previous page, was " + after);
        }
    }
}
