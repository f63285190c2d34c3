package dev.upgradeledger.projection.stream.web;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.InvalidValueException;
import dev.upgradeledger.projection.stream.StreamBroadcaster;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
class StreamController {

    private final StreamBroadcaster broadcaster;

    StreamController(StreamBroadcaster broadcaster) {
        this.broadcaster = broadcaster;
    }

    /**
     * Every event of every cluster as server-sent events ({@code id}: stream id, {@code event}: event type,
     * {@code data}: the event with its cluster). Resume with the {@code Last-Event-ID} header (browsers send it
     * themselves) or {@code ?after=}; without either, only new events come.
     */
    @GetMapping(path = "/api/v1/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter all(@RequestHeader(value = "Last-Event-ID", required = false) String lastEventId,
                   @RequestParam(required = false) Long after) {
        return broadcaster.subscribe(null, resumeAfter(lastEventId, after));
    }

    /** The same for one cluster. */
    @GetMapping(path = "/api/v1/clusters/{clusterId}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter cluster(@PathVariable String clusterId,
                       @RequestHeader(value = "Last-Event-ID", required = false) String lastEventId,
                       @RequestParam(required = false) Long after) {
        return broadcaster.subscribe(ClusterId.of(clusterId).value(), resumeAfter(lastEventId, after));
    }

    static Long resumeAfter(String lastEventId, Long after) {
        if (lastEventId != null) {
            try {
                return Long.parseLong(lastEventId.trim());
            } catch (NumberFormatException e) {
                throw new InvalidValueException("Last-Event-ID must be a stream id, was " + lastEventId);
            }
        }
        return after;
    }
}
