package dev.upgradeledger.projection.upgradeprogress.web;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.InvalidValueException;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.projection.upgradeprogress.UpgradeFilter;
import dev.upgradeledger.projection.upgradeprogress.UpgradeProgress;
import dev.upgradeledger.projection.upgradeprogress.UpgradeProgressQueries.UpgradePage;
import dev.upgradeledger.projection.upgradeprogress.UpgradeProgressQueries;
import dev.upgradeledger.projection.upgradeprogress.UpgradeStatus;
import dev.upgradeledger.support.web.EnumValues;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.ProblemDetail;
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
            + " durations, and every plan with its stages and steps")
    @ApiResponse(responseCode = "200", description = "the upgrade")
    @ApiResponse(responseCode = "400", description = "a malformed upgrade or cluster id (invalid-request)",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "no such upgrade (upgrade-not-found)",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "the id names upgrades of several clusters and clusterId is"
            + " missing (upgrade-ambiguous)", content = @Content(mediaType = "application/problem+json",
            schema = @Schema(implementation = ProblemDetail.class)))
    @GetMapping("/api/v1/upgrades/{upgradeId}")
    UpgradeProgress upgrade(@PathVariable String upgradeId,
                            @Parameter(description = "the cluster, when several clusters used the same upgrade id")
                            @RequestParam(required = false) String clusterId) {
        return queries.upgrade(UpgradeId.of(upgradeId), clusterId == null ? null : ClusterId.of(clusterId));
    }

    @Operation(summary = "One upgrade of one cluster, as /api/v1/upgrades/{upgradeId}")
    @ApiResponse(responseCode = "200", description = "the upgrade")
    @ApiResponse(responseCode = "404", description = "no such upgrade on the cluster (upgrade-not-found)",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = ProblemDetail.class)))
    @GetMapping("/api/v1/clusters/{clusterId}/upgrades/{upgradeId}")
    UpgradeProgress clusterUpgrade(@PathVariable String clusterId, @PathVariable String upgradeId) {
        return queries.upgrade(UpgradeId.of(upgradeId), ClusterId.of(clusterId));
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
