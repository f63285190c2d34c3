package dev.upgradeledger.commandapi.publishing;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * Axon's token store, writing less for the publisher's segments that only move past other segments' events.
 *
 * <p>Every publishing segment reads the whole event store. When one reads a batch of events that are all another
 * segment's, Axon's tracking processor stores its token anyway, in a transaction of its own: with four segments, three
 * more commits per event published once the publisher is caught up. Here such a token (stored outside a unit of work, moving forward from the last one stored) is kept in
 * memory and written at most once per {@link #interval} per segment, and when the processor next extends its claim
 * (about every second while idle) or releases it. Tokens of batches the segment handled (stored in the batch's unit
 * of work, with its Kafka acknowledgements) and every other write (a reset, a split, a claim) go straight through.
 *
 * <p>Safe because the events between a segment's stored token and the one kept in memory are all other segments':
 * a segment that restarts from its stored token (a crash, a claim taken over) reads them again and skips them again,
 * publishing nothing twice. The claim stays fresh: a segment's token is written at least once per {@code interval}
 * while events flow, and its claim extended while they do not.
 */
public final class SkimmingTokenStore implements TokenStore {

    private final TokenStore delegate;
    private final String processorName;
    private final Duration interval;
    private final Clock clock;
    private final Map<Integer, Long> lastWritten = new ConcurrentHashMap<>();
    private final Map<Integer, TrackingToken> pending = new ConcurrentHashMap<>();

    SkimmingTokenStore(TokenStore delegate, String processorName, Duration interval, Clock clock) {
        this.delegate = delegate;
        this.processorName = processorName;
        this.interval = interval;
        this.clock = clock;
    }

    public TokenStore delegate() {
        return delegate;
    }

    @Override
    public void storeToken(TrackingToken token, String processor, int segment) {
        if (processorName.equals(processor)) {
            long now = clock.millis();
            TrackingToken kept = pending.get(segment);
            Long written = lastWritten.get(segment);
            if (!CurrentUnitOfWork.isStarted() && token instanceof GapAwareTrackingToken forward
                    && written != null && now - written < interval.toMillis()
                    && (kept == null || forward.covers(kept))) {
                pending.put(segment, token);
                return;
            }
            pending.remove(segment);
            delegate.storeToken(token, processor, segment);
            lastWritten.put(segment, now);
            return;
        }
        delegate.storeToken(token, processor, segment);
    }

    @Override
    public void extendClaim(String processor, int segment) {
        TrackingToken kept = processorName.equals(processor) ? pending.remove(segment) : null;
        if (kept != null) {
            delegate.storeToken(kept, processor, segment);
            lastWritten.put(segment, clock.millis());
        } else {
            delegate.extendClaim(processor, segment);
        }
    }

    @Override
    public void releaseClaim(String processor, int segment) {
        if (processorName.equals(processor)) {
            TrackingToken kept = pending.get(segment);
            forget(processor, segment);
            if (kept != null) {
                try {
                    delegate.storeToken(kept, processor, segment);
                } catch (RuntimeException e) {
                    // the claim is gone already: the stored token is behind only by other segments' events
                }
            }
        }
        delegate.releaseClaim(processor, segment);
    }

    @Override
    public TrackingToken fetchToken(String processor, int segment) {
        forget(processor, segment);
        return delegate.fetchToken(processor, segment);
    }

    @Override
    public TrackingToken fetchToken(String processor, Segment segment) {
        forget(processor, segment.getSegmentId());
        return delegate.fetchToken(processor, segment);
    }

    /** Drops what is known of a segment whose claim is taken, released or deleted: it starts from its stored token. */
    private void forget(String processor, int segment) {
        if (processorName.equals(processor)) {
            pending.remove(segment);
            lastWritten.remove(segment);
        }
    }

    @Override
    public void initializeTokenSegments(String processor, int segmentCount) {
        delegate.initializeTokenSegments(processor, segmentCount);
    }

    @Override
    public void initializeTokenSegments(String processor, int segmentCount, TrackingToken initialToken) {
        delegate.initializeTokenSegments(processor, segmentCount, initialToken);
    }

    @Override
    public void initializeSegment(TrackingToken token, String processor, int segment) {
        delegate.initializeSegment(token, processor, segment);
    }

    @Override
    public void deleteToken(String processor, int segment) {
        forget(processor, segment);
        delegate.deleteToken(processor, segment);
    }

    @Override
    public boolean requiresExplicitSegmentInitialization() {
        return delegate.requiresExplicitSegmentInitialization();
    }

    @Override
    public int[] fetchSegments(String processor) {
        return delegate.fetchSegments(processor);
    }

    @Override
    public List<Segment> fetchAvailableSegments(String processor) {
        return delegate.fetchAvailableSegments(processor);
    }

    @Override
    public Optional<String> retrieveStorageIdentifier() {
        return delegate.retrieveStorageIdentifier();
    }
}
