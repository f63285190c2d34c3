package dev.upgradeledger.projection.history.web;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.InvalidValueException;
import dev.upgradeledger.projection.history.HistoryFilter;
import dev.upgradeledger.projection.history.HistoryQueries;
import dev.upgradeledger.projection.history.HistoryQueries.HistoryPage;
import dev.upgradeledger.support.web.NextPage;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/clusters/{clusterId}/history")
class HistoryController {

    private final HistoryQueries queries;

    HistoryController(HistoryQueries queries) {
        this.queries = queries;
    }

    /**
     * The cluster's events in order, filtered by {@code type} (repeatable), {@code from}/{@code to} (ISO-8601
     * instants), {@code upgradeId}, {@code nodeId} and {@code actor}; paged with {@code after} (the {@code next} of the
     * previous page) and {@code limit} (1-500, default 100); the next page's link in the {@code Link} header
     * ({@code rel="next"}) and its cursor in {@code next} and {@value NextPage#HEADER}.
     */
    @ApiResponse(responseCode = "200", description = "a page of the history; next is the after of the following page,"
            + " null on the last", headers = {
            @Header(name = "Link", description = "<...&after=SEQUENCE>; rel=\"next\" when there are more events"),
            @Header(name = NextPage.HEADER, description = "the after of the next page, when there is one")})
    @GetMapping
    ResponseEntity<HistoryPage> history(@PathVariable String clusterId,
                        @RequestParam(required = false) List<String> type,
                        @RequestParam(required = false) String from,
                        @RequestParam(required = false) String to,
                        @RequestParam(required = false) String upgradeId,
                        @RequestParam(required = false) String nodeId,
                        @RequestParam(required = false) String actor,
                        @RequestParam(defaultValue = "-1") long after,
                        @RequestParam(defaultValue = "100") int limit) {
        HistoryPage page = queries.history(ClusterId.of(clusterId), new HistoryFilter(type, instant("from", from),
                instant("to", to), upgradeId, nodeId, actor, after, limit));
        return NextPage.ok(page, page.next());
    }

    private static Instant instant(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidValueException(name + " must be an ISO-8601 instant such as 2026-11-21T10:42:00Z, was "
                    + value);
        }
    }
}
