package dev.upgradeledger.projection.diagnosis.web;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.InvalidValueException;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.projection.diagnosis.Diagnoses;
import dev.upgradeledger.projection.diagnosis.DiagnosisPage;
import dev.upgradeledger.projection.diagnosis.UpgradeDiagnosis;
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
                    + " answered too, with `failed: false`. The summary, the failure, the causal chain and the counts"
                    + " are whole on every page; the steps (by the sequence of their first start), failed attempts and"
                    + " quarantined nodes (by their sequence) come in pages of at most `limit` entries of the three"
                    + " (default " + DiagnosisPage.DEFAULT_LIMIT + "; the next page's link in the Link header,"
                    + " rel=next, and its cursor in next and X-Next-After); each state carries its first `limit`"
                    + " nodes, the rest from time travel at its sequence.")
    @ApiResponse(responseCode = "200", description = "the diagnosis with a page of its lists", headers = {
            @Header(name = "Link", description = "<...&after=SEQUENCE>; rel=\"next\" when there are more entries"),
            @Header(name = NextPage.HEADER, description = "the after of the next page, when there is one")})
    @ApiResponse(responseCode = "400", description = "`invalid-request`: a malformed upgrade or cluster id,"
            + " chainLimit, cursor or limit",
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
    ResponseEntity<UpgradeDiagnosis> diagnosis(@PathVariable String upgradeId,
                                               @Parameter(description = "the cluster the upgrade ran on, when several"
                                                       + " used the id")
                                               @RequestParam(required = false) String clusterId,
                                               @Parameter(description = "at most this many events of the causal chain"
                                                       + " (1-10000): the request and the last ones before the"
                                                       + " failure")
                                               @RequestParam(defaultValue = "200") String chainLimit,
                                               @Parameter(description = "the entries after this sequence (the"
                                                       + " previous page's next)")
                                               @RequestParam(required = false) String after,
                                               @Parameter(description = "entries per page, 1-"
                                                       + DiagnosisPage.MAX_LIMIT + " (default "
                                                       + DiagnosisPage.DEFAULT_LIMIT + ")")
                                               @RequestParam(required = false) String limit) {
        DiagnosisPage page = DiagnosisPage.of(after, limit == null ? null : number("limit", limit));
        UpgradeDiagnosis diagnosis = diagnoses.diagnose(UpgradeId.of(upgradeId),
                clusterId == null ? null : ClusterId.of(clusterId), number("chainLimit", chainLimit), page);
        return NextPage.ok(diagnosis, diagnosis.next());
    }

    private static int number(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new InvalidValueException(name + " must be a whole number, was "
                    + (value.length() > 40 ? value.substring(0, 40) + "..." : value));
        }
    }
}
