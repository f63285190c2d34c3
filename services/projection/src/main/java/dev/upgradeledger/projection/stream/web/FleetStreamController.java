package dev.upgradeledger.projection.stream.web;

import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.projection.fleet.FleetQueries;
import dev.upgradeledger.projection.stream.FleetStreamBroadcaster;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The fleets' live stream: fleet events as server-sent events ({@code id}: fleet stream id, {@code event}: the event
 * type, {@code data}: the event with its fleet and sequence). Resume with {@code Last-Event-ID} (browsers send it
 * themselves) or {@code ?after=}; without either, only new events come.
 */
@RestController
class FleetStreamController {

    private final FleetStreamBroadcaster broadcaster;
    private final FleetQueries fleets;

    FleetStreamController(FleetStreamBroadcaster broadcaster, FleetQueries fleets) {
        this.broadcaster = broadcaster;
        this.fleets = fleets;
    }

    /**
     * Every fleet's events whose every cluster the caller may view (needs {@code viewer} somewhere; this path is
     * matched before a fleet upgrade's id).
     */
    @GetMapping(path = "/api/v1/fleet-upgrades/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter all(@RequestHeader(value = "Last-Event-ID", required = false) String lastEventId,
                   @RequestParam(required = false) Long after, Authentication actor) {
        return broadcaster.subscribe(null, actor, StreamController.resumeAfter(lastEventId, after));
    }

    /** One fleet's events: needs {@code viewer} on every cluster it took (404 {@code fleet-not-found}, else 403). */
    @GetMapping(path = "/api/v1/fleet-upgrades/{fleetId}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter fleet(@PathVariable String fleetId,
                     @RequestHeader(value = "Last-Event-ID", required = false) String lastEventId,
                     @RequestParam(required = false) Long after, Authentication actor) {
        UpgradeId id = fleets.viewable(fleetId, actor);
        return broadcaster.subscribe(id.value(), actor, StreamController.resumeAfter(lastEventId, after));
    }
}
