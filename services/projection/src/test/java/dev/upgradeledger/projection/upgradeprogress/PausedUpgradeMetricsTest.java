package dev.upgradeledger.projection.upgradeprogress;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PausedUpgradeMetricsTest {

    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

    private final AtomicReference<Optional<Instant>> oldest = new AtomicReference<>(Optional.empty());
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void reportsHowLongTheLongestPausedUpgradeHasBeenPausedAndZeroWhenNoneIs() {
        new PausedUpgradeMetrics(oldest::get, Clock.fixed(NOW, ZoneOffset.UTC)).bindTo(meters);

        assertThat(gauge()).isZero();

        oldest.set(Optional.of(NOW.minusSeconds(2 * 3600 + 30)));
        assertThat(gauge()).isEqualTo(7230.0);
        assertThat(meters.get("ledger.projection.upgrades.paused.oldest").gauge().getId().getBaseUnit())
                .isEqualTo("seconds");
    }

    @Test
    void aPauseStampedAfterTheLocalClockCountsAsJustPaused() {
        oldest.set(Optional.of(NOW.plusSeconds(5)));
        new PausedUpgradeMetrics(oldest::get, Clock.fixed(NOW, ZoneOffset.UTC)).bindTo(meters);

        assertThat(gauge()).isZero();
    }

    private double gauge() {
        return meters.get("ledger.projection.upgrades.paused.oldest").gauge().value();
    }
}
