package dev.upgradeledger.commandapi.publishing;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.Test;

class SkimmingTokenStoreTest {

    private static final String PUBLISHER = "kafka-publisher";

    private final TokenStore jdbc = mock(TokenStore.class);
    private final MutableClock clock = new MutableClock();
    private final SkimmingTokenStore store = new SkimmingTokenStore(jdbc, PUBLISHER, Duration.ofSeconds(1), clock);

    @Test
    void aSegmentSkimmingOtherSegmentsEventsWritesItsTokenOncePerIntervalAndWhenItExtendsItsClaim() {
        store.fetchToken(PUBLISHER, 2);
        store.storeToken(at(10), PUBLISHER, 2);
        verify(jdbc).storeToken(at(10), PUBLISHER, 2);

        store.storeToken(at(11), PUBLISHER, 2);
        store.storeToken(at(12), PUBLISHER, 2);
        verify(jdbc, never()).storeToken(at(11), PUBLISHER, 2);
        verify(jdbc, never()).storeToken(at(12), PUBLISHER, 2);

        clock.advance(Duration.ofMillis(1_000));
        store.storeToken(at(13), PUBLISHER, 2);
        verify(jdbc).storeToken(at(13), PUBLISHER, 2);

        store.storeToken(at(14), PUBLISHER, 2);
        store.extendClaim(PUBLISHER, 2);
        verify(jdbc).storeToken(at(14), PUBLISHER, 2);
        verify(jdbc, never()).extendClaim(anyString(), anyInt());

        store.extendClaim(PUBLISHER, 2);
        verify(jdbc).extendClaim(PUBLISHER, 2);
    }

    @Test
    void aBatchTheSegmentPublishedStoresItsTokenAtOnceInItsUnitOfWork() {
        store.fetchToken(PUBLISHER, 0);
        store.storeToken(at(10), PUBLISHER, 0);
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        try {
            store.storeToken(at(11), PUBLISHER, 0);
        } finally {
            batch.rollback();
        }
        verify(jdbc).storeToken(at(11), PUBLISHER, 0);
    }

    @Test
    void aResetAndOtherProcessorsAreNeverHeldBack() {
        store.fetchToken(PUBLISHER, 1);
        store.storeToken(at(50), PUBLISHER, 1);
        TrackingToken reset = ReplayToken.createReplayToken(at(50), null);
        store.storeToken(reset, PUBLISHER, 1);
        verify(jdbc).storeToken(reset, PUBLISHER, 1);

        store.storeToken(at(10), "fleet-process", 0);
        store.storeToken(at(11), "fleet-process", 0);
        verify(jdbc).storeToken(at(11), "fleet-process", 0);
    }

    @Test
    void aReleasedClaimWritesTheTokenKeptFirst() {
        store.fetchToken(PUBLISHER, 3);
        store.storeToken(at(20), PUBLISHER, 3);
        store.storeToken(at(25), PUBLISHER, 3);

        store.releaseClaim(PUBLISHER, 3);

        verify(jdbc).storeToken(at(25), PUBLISHER, 3);
        verify(jdbc).releaseClaim(PUBLISHER, 3);
    }

    @Test
    void aClaimTakenAgainStartsFromTheStoredTokenAndWritesItsFirstTokenAtOnce() {
        store.fetchToken(PUBLISHER, 1);
        store.storeToken(at(30), PUBLISHER, 1);
        store.storeToken(at(31), PUBLISHER, 1);
        verify(jdbc).fetchToken(PUBLISHER, 1);
        verify(jdbc).storeToken(at(30), PUBLISHER, 1);

        store.fetchToken(PUBLISHER, 1);
        store.storeToken(at(32), PUBLISHER, 1);

        verify(jdbc, org.mockito.Mockito.times(2)).fetchToken(PUBLISHER, 1);
        verify(jdbc).storeToken(at(32), PUBLISHER, 1);
        verify(jdbc, never()).storeToken(at(31), PUBLISHER, 1);
        verifyNoMoreInteractions(jdbc);
    }

    private static GapAwareTrackingToken at(long index) {
        return GapAwareTrackingToken.newInstance(index, List.of());
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-12-07T12:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
