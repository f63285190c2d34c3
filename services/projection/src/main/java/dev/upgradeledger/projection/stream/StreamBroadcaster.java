package dev.upgradeledger.projection.stream;

import dev.upgradeledger.projection.history.HistoryBatchRecorded;
import dev.upgradeledger.projection.history.HistoryRows;
import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.projection.clusterstatus.ClusterNotFoundException;
import dev.upgradeledger.projection.clusterstatus.ClusterStatusQueries;
import dev.upgradeledger.projection.clusterstatus.FeatureGate;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Sends every recorded event to the dashboards listening, as server-sent events whose id is the stream id. A client
 * that reconnects with {@code Last-Event-ID} gets what it missed from the history first, read and sent in pages of
 * {@value #REPLAY_PAGE}, then the live events, each once: it is subscribed before the history is read, and live events
 * it already got from the history are dropped. A client that missed more than {@code max-replay} events gets none of
 * them: one {@value #REPLAY_TRUNCATED} event (its id the newest stream id, so a reconnection does not ask again) says
 * so, and the live events follow; it reads what it needs from the read models or pages the history API.
 * Every {@code ledger.projection.stream.heartbeat} each stream gets a comment line, which clients ignore and which
 * keeps idle connections open through proxies.
 */
@Component
@EnableConfigurationProperties(StreamProperties.class)
public class StreamBroadcaster implements DisposableBean {

    /** Missed events are read and sent this many at a time. */
    static final int REPLAY_PAGE = 500;
    /** The SSE event name that replaces a replay of more than {@code max-replay} missed events. */
    public static final String REPLAY_TRUNCATED = "replay-truncated";
    /** The SSE event name of a cluster's feature gate, sent after each live event that can change it. */
    public static final String FEATURE_GATE = "feature-gate";
    private static final Duration TIMEOUT = Duration.ofMinutes(30);

    private final JdbcClient jdbc;
    private final ClusterStatusQueries clusters;
    private final int maxReplay;
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final ExecutorService sender = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ledger-stream-sender");
        thread.setDaemon(true);
        return thread;
    });

    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ledger-stream-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    StreamBroadcaster(JdbcClient jdbc, StreamProperties properties, ClusterStatusQueries clusters) {
        this.jdbc = jdbc;
        this.clusters = clusters;
        this.maxReplay = properties.maxReplay();
        long every = properties.heartbeat().toMillis();
        heartbeats.scheduleAtFixedRate(() -> sender.execute(() -> subscribers.forEach(Subscriber::heartbeat)),
                every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * A stream of one cluster's events or (null) of all clusters' events: those after stream id {@code after}, or
     * (null) only those recorded from now on.
     */
    public SseEmitter subscribe(String clusterId, Long resumeAfter) {
        long after = resumeAfter != null ? resumeAfter : head();
        SseEmitter emitter = new SseEmitter(TIMEOUT.toMillis());
        Subscriber subscriber = new Subscriber(emitter, clusterId, after);
        subscribers.add(subscriber);
        emitter.onCompletion(() -> subscribers.remove(subscriber));
        emitter.onTimeout(() -> subscribers.remove(subscriber));
        emitter.onError(error -> subscribers.remove(subscriber));
        subscriber.open();
        if (resumeAfter != null && missedMoreThanMaxReplay(clusterId, after)) {
            // read after subscribing: what is recorded after it comes live
            long head = head();
            subscriber.truncated(new ReplayTruncated(after, head, maxReplay, "more than " + maxReplay
                    + " events were recorded after stream id " + after + (clusterId == null ? ""
                    : " for cluster " + clusterId) + "; they are not replayed: read the current state (clusters,"
                    + " upgrades) or page the history API; the live events follow"));
        } else {
            long last = after;
            List<StreamEvent> page;
            do {
                page = missed(clusterId, last);
                subscriber.replay(page);
                last = page.isEmpty() ? last : page.get(page.size() - 1).streamId();
            } while (page.size() == REPLAY_PAGE);
        }
        subscriber.live();
        return emitter;
    }

    private long head() {
        return jdbc.sql("select value from stream_counter where id = 1").query(Long.class).single();
    }

    /**
     * The SSE event sent instead of more than {@code max-replay} missed events.
     *
     * @param after        the stream id the client resumed after
     * @param resumedAfter the stream id the live events go on after
     * @param maxReplay    the most missed events a resuming stream is sent
     */
    public record ReplayTruncated(long after, long resumedAfter, int maxReplay, String detail) {
    }

    /**
     * After the recording transaction committed, hands the event to one sending thread (which keeps stream order), so
     * that a slow dashboard never holds up the projection's Kafka listener.
     */
    @TransactionalEventListener
    void on(HistoryBatchRecorded batch) {
        if (subscribers.isEmpty()) {
            return;
        }
        List<StreamEvent> events = batch.recorded().stream()
                .map(recorded -> new StreamEvent(recorded.streamId(), recorded.clusterId(), recorded.entry())).toList();
        sender.execute(() -> events.forEach(event -> {
            subscribers.forEach(subscriber -> subscriber.offer(event));
            featureGateAfter(event).ifPresent(gate -> subscribers.forEach(subscriber -> subscriber.offerGate(gate)));
        }));
    }

    /**
     * After a live event that can open or close the cluster's feature gate, the gate as it is now: sent as an SSE
     * event {@code feature-gate} without an id (resuming with {@code Last-Event-ID} is by recorded events only).
     */
    private Optional<FeatureGate> featureGateAfter(StreamEvent event) {
        if (!FeatureGate.CHANGING_EVENTS.contains(event.event().eventType())) {
            return Optional.empty();
        }
        try {
            return Optional.of(clusters.featureGate(ClusterId.of(event.clusterId())));
        } catch (ClusterNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public void destroy() {
        heartbeats.shutdownNow();
        sender.shutdownNow();
    }

    private boolean missedMoreThanMaxReplay(String clusterId, long after) {
        return jdbc.sql("select count(*) from (select 1 from history_event where stream_id > ?"
                        + " and (cast(? as varchar) is null or cluster_id = ?) limit ?) missed")
                .params(after, clusterId, clusterId, maxReplay + 1).query(Integer.class).single() > maxReplay;
    }

    private List<StreamEvent> missed(String clusterId, long after) {
        return jdbc.sql("select stream_id, cluster_id, " + HistoryRows.COLUMNS + " from history_event"
                        + " where stream_id > ? and (cast(? as varchar) is null or cluster_id = ?)"
                        + " order by stream_id limit ?")
                .params(after, clusterId, clusterId, REPLAY_PAGE)
                .query((rs, row) -> new StreamEvent(rs.getLong("stream_id"), rs.getString("cluster_id"),
                        HistoryRows.entry(rs, row)))
                .list();
    }

    private final class Subscriber {

        private final SseEmitter emitter;
        private final String clusterId;
        private final List<StreamEvent> buffered = new ArrayList<>();
        private long lastSent;
        private boolean live;
        /** Whether the opening comment went out: a heartbeat due before it (the subscriber is listed first) is skipped. */
        private boolean opened;

        Subscriber(SseEmitter emitter, String clusterId, long after) {
            this.emitter = emitter;
            this.clusterId = clusterId;
            this.lastSent = after;
        }

        /** A comment first, so the response starts at once even when there is nothing to send yet. */
        synchronized void open() {
            opened = true;
            try {
                emitter.send(SseEmitter.event().comment("upgrade-ledger stream after " + lastSent));
            } catch (IOException e) {
                subscribers.remove(this);
                emitter.completeWithError(e);
            }
        }

        /** A comment line; sent on the sending thread, so it never splits an event. */
        synchronized void heartbeat() {
            if (!opened) {
                return;
            }
            try {
                emitter.send(SseEmitter.event().comment("heartbeat"));
            } catch (IOException | IllegalStateException e) {
                subscribers.remove(this);
                emitter.completeWithError(e);
            }
        }

        /** One page of missed events; live events wait in the buffer meanwhile. */
        synchronized void replay(List<StreamEvent> missed) {
            missed.forEach(this::send);
        }

        /** Instead of the missed events: the notice, and the live events from {@code resumedAfter} on. */
        synchronized void truncated(ReplayTruncated notice) {
            try {
                emitter.send(SseEmitter.event().id(String.valueOf(notice.resumedAfter())).name(REPLAY_TRUNCATED)
                        .data(notice, MediaType.APPLICATION_JSON));
                lastSent = notice.resumedAfter();
            } catch (IOException | IllegalStateException e) {
                subscribers.remove(this);
                emitter.completeWithError(e);
            }
        }

        /** The live events buffered while the missed ones were sent, then every live event as it comes. */
        synchronized void live() {
            live = true;
            buffered.stream().sorted(Comparator.comparingLong(StreamEvent::streamId)).forEach(this::send);
            buffered.clear();
        }

        synchronized void offer(StreamEvent event) {
            if (clusterId != null && !clusterId.equals(event.clusterId())) {
                return;
            }
            if (live) {
                send(event);
            } else {
                buffered.add(event);
            }
        }

        /** The gate of a cluster this stream follows, once the stream is live (it follows the events it decides). */
        synchronized void offerGate(FeatureGate gate) {
            if (!live || (clusterId != null && !clusterId.equals(gate.clusterId()))) {
                return;
            }
            try {
                emitter.send(SseEmitter.event().name(FEATURE_GATE).data(gate, MediaType.APPLICATION_JSON));
            } catch (IOException | IllegalStateException e) {
                subscribers.remove(this);
                emitter.completeWithError(e);
            }
        }

        private void send(StreamEvent event) {
            if (event.streamId() <= lastSent) {
                return;
            }
            try {
                emitter.send(SseEmitter.event().id(String.valueOf(event.streamId())).name(event.event().eventType())
                        .data(event, MediaType.APPLICATION_JSON));
                lastSent = event.streamId();
            } catch (IOException | IllegalStateException e) {
                subscribers.remove(this);
                emitter.completeWithError(e);
            }
        }
    }
}
