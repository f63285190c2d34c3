package dev.upgradeledger.projection.timetravel.web;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.InvalidValueException;
import dev.upgradeledger.projection.clusterstatus.NodePage;
import dev.upgradeledger.projection.timetravel.ClusterState;
import dev.upgradeledger.projection.timetravel.TimeTravel;
import dev.upgradeledger.support.web.NextPage;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "time travel and diagnosis")
class TimeTravelController {

    private final TimeTravel timeTravel;

    TimeTravelController(TimeTravel timeTravel) {
        this.timeTravel = timeTravel;
    }

    @Operation(summary = "The state of a cluster as of an instant or a sequence in its history",
            description = "Rebuilt by folding the cluster's recorded events up to and including the last one stored at"
                    + " or before `at`, or up to event `sequence`; give exactly one of them. The summary (node count,"
                    + " versions, the upgrade and its running-step count) is whole; the nodes come in pages by id"
                    + " (limit, default " + NodePage.DEFAULT_LIMIT + "), each with the running steps on its nodes"
                    + " (the first page also those on no node); the next page's link in the Link header, rel=next,"
                    + " and its cursor in next and X-Next-After.")
    @ApiResponse(responseCode = "200", description = "the state, with the sequence, position and time of the last"
            + " event it includes, and a page of its nodes", headers = {
            @Header(name = "Link", description = "<...&after=NODE>; rel=\"next\" when there are more nodes"),
            @Header(name = NextPage.HEADER, description = "the after of the next page of nodes, when there is one")})
    @ApiResponse(responseCode = "400", description = "neither or both of `at` and `sequence`, a malformed one, or a"
            + " malformed node id or limit",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "`cluster-not-found`: the cluster is unknown; `not-in-history`:"
            + " it was not registered yet at `at`, or `sequence` is not recorded",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "`history-incomplete`: the recorded history has a gap",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = ProblemDetail.class)))
    @GetMapping("/api/v1/clusters/{clusterId}/state")
    ResponseEntity<StateAnswer> state(@PathVariable String clusterId,
                                      @Parameter(description = "an ISO-8601 instant, e.g. 2026-11-21T10:42:00Z")
                                      @RequestParam(required = false) String at,
                                      @Parameter(description = "a sequence in the cluster's history (0 is its"
                                              + " registration)")
                                      @RequestParam(required = false) String sequence,
                                      @Parameter(description = "the nodes after this node id (the previous page's"
                                              + " next)")
                                      @RequestParam(required = false) String after,
                                      @Parameter(description = "nodes per page, 1-" + NodePage.MAX_LIMIT
                                              + " (default " + NodePage.DEFAULT_LIMIT + ")")
                                      @RequestParam(required = false) Integer limit) {
        ClusterId id = ClusterId.of(clusterId);
        if ((at == null) == (sequence == null)) {
            throw new InvalidValueException("give exactly one of at (an ISO-8601 instant) and sequence (a position in"
                    + " the cluster's history)");
        }
        NodePage page = NodePage.of(after, limit);
        StateAnswer answer;
        if (at != null) {
            Instant instant = instant(at);
            answer = new StateAnswer(new AsOf(instant, null), timeTravel.at(id, instant).page(page));
        } else {
            long position = sequence(sequence);
            answer = new StateAnswer(new AsOf(null, position), timeTravel.atSequence(id, position).page(page));
        }
        return NextPage.ok(answer, answer.state().next());
    }

    private static Instant instant(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidValueException("at must be an ISO-8601 instant such as 2026-11-21T10:42:00Z, was " + value);
        }
    }

    private static long sequence(String value) {
        try {
            long sequence = Long.parseLong(value);
            if (sequence >= 0) {
                return sequence;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidValueException("sequence must be a whole number from 0, was " + value);
    }

    /** What was asked: one of the two is set. */
    record AsOf(Instant at, Long sequence) {
    }

    /** The state of the cluster as of {@code asOf}. */
    record StateAnswer(AsOf asOf, ClusterState state) {
    }
}
