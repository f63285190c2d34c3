package dev.upgradeledger.projection.stream;

import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.projection.fleet.FleetEventsApplied;
import dev.upgradeledger.projection.fleet.FleetQueries;
import dev.upgradeledger.projection.fleet.FleetStreamEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The fleets' live stream: every fleet event the read models applied, as a server-sent event named by its type whose
 * id is its fleet stream id, to each stream that follows its fleet (one fleet's, or all fleets') and whose caller may
 * view every cluster of that fleet. A stream resumed with {@code Last-Event-ID} gets what it missed from
 * {@code fleet_event} first (at most {@code max-replay} events, else one {@value StreamBroadcaster#REPLAY_TRUNCATED}
 * event), then the live events, each once: it subscribes before reading what it missed and drops the live events it
 * already got. A redelivered fleet event is never applied again, so it is never streamed again.
 */
@Component
public class FleetStreamBroadcaster implements DisposableBean {

    private static final Duration TIMEOUT = Duration.ofMinutes(30);

    private final JdbcClient jdbc;
    private final FleetQueries fleets;
    private final int maxReplay;
    private final Map<String, List<FleetQueries.Member>> members = new ConcurrentHashMap<>();
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final ExecutorService sender = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ledger-fleet-stream-sender");
        thread.setDaemon(true);
        return thread;
    });
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ledger-fleet-stream-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    FleetStreamBroadcaster(JdbcClient jdbc, StreamProperties properties, FleetQueries fleets) {
        this.jdbc = jdbc;
        this.fleets = fleets;
        this.maxReplay = properties.maxReplay();
        long every = properties.heartbeat().toMillis();
        heartbeats.scheduleAtFixedRate(() -> sender.execute(() -> subscribers.forEach(Subscriber::heartbeat)),
                every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * A stream of one fleet's events or (null) of every fleet's the caller may view: those after fleet stream id
     * {@code resumeAfter}, or (null) only those applied from now on.
     */
    public SseEmitter subscribe(@Nullable String fleetId, Authentication actor, @Nullable Long resumeAfter) {
        long after = resumeAfter != null ? resumeAfter : head();
        SseEmitter emitter = new SseEmitter(TIMEOUT.toMillis());
        Subscriber subscriber = new Subscriber(emitter, fleetId, actor, after);
        subscribers.add(subscriber);
        emitter.onCompletion(() -> subscribers.remove(subscriber));
        emitter.onTimeout(() -> subscribers.remove(subscriber));
        emitter.onError(error -> subscribers.remove(subscriber));
        subscriber.open();
        // one read answers both whether too many were missed and, in the usual case, what to replay
        List<FleetStreamEvent> page = missed(fleetId, after, maxReplay + 1);
        if (resumeAfter != null && page.size() > maxReplay) {
            long head = head();
            subscriber.truncated(new StreamBroadcaster.ReplayTruncated(after, head, maxReplay, "more than "
                    + maxReplay + " fleet events were applied after stream id " + after + "; they are not replayed:"
                    + " read the fleet upgrades; the live events follow"));
        } else {
            subscriber.replay(page);
            while (page.size() == maxReplay + 1) {
                page = missed(fleetId, page.get(page.size() - 1).streamId(), maxReplay + 1);
                subscriber.replay(page);
            }
        }
        subscriber.live();
        return emitter;
    }

    /** After the applying transaction committed, hands the events to one sending thread, which keeps their order. */
    @TransactionalEventListener
    void on(FleetEventsApplied applied) {
        if (subscribers.isEmpty()) {
            return;
        }
        sender.execute(() -> applied.events().forEach(event -> subscribers.forEach(s -> s.offer(event))));
    }

    @Override
    public void destroy() {
        heartbeats.shutdownNow();
        sender.shutdownNow();
    }

    private long head() {
        return jdbc.sql("select coalesce(max(stream_id), 0) from fleet_event").query(Long.class).single();
    }

    private List<FleetStreamEvent> missed(@Nullable String fleetId, long after, int limit) {
        return jdbc.sql("select " + FleetStreamEvent.COLUMNS + " from fleet_event where stream_id > ?"
                        + " and (cast(? as varchar) is null or fleet_id = ?) order by stream_id limit ?")
                .params(after, fleetId, fleetId, limit)
                .query((rs, n) -> FleetStreamEvent.read(rs)).list();
    }

    /** Whether the caller may view every cluster the fleet took (the members of a started fleet never change). */
    private boolean visible(Authentication actor, String fleetId) {
        return fleets.mayViewAll(actor, members.computeIfAbsent(fleetId, id -> fleets.members(UpgradeId.of(id))));
    }

    private final class Subscriber {

        private final SseEmitter emitter;
        private final @Nullable String fleetId;
        private final Authentication actor;
        private final Map<String, Boolean> visible = new HashMap<>();
        private final List<FleetStreamEvent> buffered = new ArrayList<>();
        private long lastSent;
        private boolean live;
        /** Whether the opening comment went out: a heartbeat due before it (the subscriber is listed first) is skipped. */
        private boolean opened;

        Subscriber(SseEmitter emitter, @Nullable String fleetId, Authentication actor, long after) {
            this.emitter = emitter;
            this.fleetId = fleetId;
            this.actor = actor;
            this.lastSent = after;
        }

        synchronized void open() {
            opened = true;
            emit(SseEmitter.event().comment("upgrade-ledger fleet stream after " + lastSent));
        }

        /** Skipped before the opening comment (the subscriber is listed before it is opened). */
        synchronized void heartbeat() {
            if (opened) {
                emit(SseEmitter.event().comment("heartbeat"));
            }
        }

        synchronized void replay(List<FleetStreamEvent> missed) {
            missed.forEach(this::send);
        }

        synchronized void truncated(StreamBroadcaster.ReplayTruncated notice) {
            if (emit(SseEmitter.event().id(String.valueOf(notice.resumedAfter()))
                    .name(StreamBroadcaster.REPLAY_TRUNCATED).data(notice, MediaType.APPLICATION_JSON))) {
                lastSent = notice.resumedAfter();
            }
        }

        synchronized void live() {
            live = true;
            buffered.stream().sorted(Comparator.comparingLong(FleetStreamEvent::streamId)).forEach(this::send);
            buffered.clear();
        }

        synchronized void offer(FleetStreamEvent event) {
            if (fleetId != null && !fleetId.equals(event.fleetId())) {
                return;
            }
            if (live) {
                send(event);
            } else {
                buffered.add(event);
            }
        }

        private void send(FleetStreamEvent event) {
            if (event.streamId() <= lastSent || !visible.computeIfAbsent(event.fleetId(), id -> visible(actor, id))) {
                return;
            }
            if (emit(SseEmitter.event().id(String.valueOf(event.streamId())).name(event.eventType())
                    .data(event, MediaType.APPLICATION_JSON))) {
                lastSent = event.streamId();
            }
        }

        private boolean emit(SseEmitter.SseEventBuilder event) {
            try {
                emitter.send(event);
                return true;
            } catch (IOException | IllegalStateException e) {
                subscribers.remove(this);
                emitter.completeWithError(e);
                return false;
            }
        }
    }
}
