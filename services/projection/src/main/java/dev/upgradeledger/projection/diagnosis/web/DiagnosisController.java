package dev.upgradeledger.projection.diagnosis.web;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.InvalidValueException;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.projection.diagnosis.Diagnoses;
import dev.upgradeledger.projection.diagnosis.UpgradeDiagnosis;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "time travel and diagnosis")
class DiagnosisController {

    private final Diagnoses diagnoses;

    DiagnosisController(Diagnoses diagnoses) {
        this.diagnoses = diagnoses;
    }

    @Operation(summary = "Why an upgrade failed",
            description = "From the cluster's recorded history: whether and how the upgrade failed, the node, step,"
                    + " attempt and error, every attempt of that step, the causal chain from the request to the"
                    + " failure (correlation and causation ids, actors), each step's attempts and durations, the"
                    + " cluster just before the failure and its last good state. An upgrade that did not fail is"
                    + " answered too, with `failed: false`.")
    @ApiResponse(responseCode = "200", description = "the diagnosis")
    @ApiResponse(responseCode = "400", description = "`invalid-request`: a malformed upgrade or cluster id, or"
            + " chainLimit",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "`upgrade-not-found`: no recorded event names the upgrade",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "`upgrade-ambiguous`: several clusters used the id, name one"
            + " with `clusterId`; `history-incomplete`: the recorded history has a gap",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = ProblemDetail.class)))
    @GetMapping("/api/v1/upgrades/{upgradeId}/diagnosis")
    UpgradeDiagnosis diagnosis(@PathVariable String upgradeId,
                               @Parameter(description = "the cluster the upgrade ran on, when several used the id")
                               @RequestParam(required = false) String clusterId,
                               @Parameter(description = "at most this many events of the causal chain (1-10000): the"
                                       + " request and the last ones before the failure")
                               @RequestParam(defaultValue = "200") String chainLimit) {
        return diagnoses.diagnose(UpgradeId.of(upgradeId), clusterId == null ? null : ClusterId.of(clusterId),
                number(chainLimit));
    }

    private static int number(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new InvalidValueException("chainLimit must be a whole number, was " + value);
        }
    }
}
