package dev.upgradeledger.projection.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
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

    /**
     * The instant as a {@code timestamptz} column holds it (rounded to microseconds); null stays null. An instant
     * already in whole microseconds (as events carry them) is returned as it is, without new instants.
     */
    public static Instant of(Instant instant) {
        if (instant == null || instant.getNano() % 1_000 == 0) {
            return instant;
        }
        return instant.plusNanos(500).truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * The instant as ISO-8601 text in UTC with six fraction digits ({@code 2026-12-06T15:49:00.123456Z}), for
     * PostgreSQL to read as a {@code timestamptz}: the same instant {@link Instant#toString} gives (fraction digits
     * beyond microseconds dropped, so pass instants {@link #of as stored}), written without a
     * {@link java.time.format.DateTimeFormatter} (several times cheaper, and a batch writes several per row); null stays
     * null. Years outside 0-9999 are written by {@link Instant#toString}.
     */
    public static String text(Instant instant) {
        if (instant == null) {
            return null;
        }
        long seconds = instant.getEpochSecond();
        if (seconds < MIN_FAST || seconds > MAX_FAST) {
            return instant.toString();
        }
        LocalDateTime time = LocalDateTime.ofEpochSecond(seconds, instant.getNano(), ZoneOffset.UTC);
        char[] text = new char[27];
        digits(text, 0, time.getYear(), 4);
        text[4] = '-';
        digits(text, 5, time.getMonthValue(), 2);
        text[7] = '-';
        digits(text, 8, time.getDayOfMonth(), 2);
        text[10] = 'T';
        digits(text, 11, time.getHour(), 2);
        text[13] = ':';
        digits(text, 14, time.getMinute(), 2);
        text[16] = ':';
        digits(text, 17, time.getSecond(), 2);
        text[19] = '.';
        digits(text, 20, instant.getNano() / 1000, 6);
        text[26] = 'Z';
        return new String(text);
    }

    /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z. */
    private static final long MIN_FAST = -62167219200L;
    private static final long MAX_FAST = 253402300799L;

    private static void digits(char[] into, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            into[i] = (char) ('0' + value % 10);
            value /= 10;
        }
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
