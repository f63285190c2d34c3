package dev.upgradeledger.projection.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Event times as the read models keep them: PostgreSQL's microseconds, the nanoseconds rounded half up (as the JDBC
 * driver sends them), and durations between them in milliseconds rounded half away from zero (as
 * {@code round(extract(epoch from b - a) * 1000)} computes them). Computing in memory with these gives the values the
 * database would have computed.
 */
public final class EventTime {

    private EventTime() {
    }

    /** The instant as a {@code timestamptz} column holds it; null stays null. */
    public static Instant of(Instant instant) {
        return instant == null ? null : instant.plusNanos(500).truncatedTo(ChronoUnit.MICROS);
    }

    /** Milliseconds from {@code from} to {@code to} (both as stored), null when either is null. */
    public static Long millisBetween(Instant from, Instant to) {
        if (from == null || to == null) {
            return null;
        }
        long micros = ChronoUnit.MICROS.between(of(from), of(to));
        return BigDecimal.valueOf(micros, 3).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }
}
