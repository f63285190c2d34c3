package dev.upgradeledger.projection.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EventTimeTest {

    @Test
    void textIsTheSameInstantAsInstantToStringGives() {
        SplittableRandom random = new SplittableRandom(16);
        for (int i = 0; i < 20_000; i++) {
            Instant stored = EventTime.of(Instant.ofEpochSecond(random.nextLong(-62167219200L, 253402300800L),
                    random.nextInt(1_000_000_000)));
            assertThat(Instant.parse(EventTime.text(stored))).isEqualTo(stored);
        }
    }

    @Test
    void ofRoundsToMicrosecondsAndKeepsWholeMicroseconds() {
        SplittableRandom random = new SplittableRandom(25);
        for (int i = 0; i < 20_000; i++) {
            int nanos = i % 2 == 0 ? random.nextInt(1_000_000) * 1_000 : random.nextInt(1_000_000_000);
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62167219200L, 253402300800L), nanos);
            assertThat(EventTime.of(instant)).isEqualTo(instant.plusNanos(500).truncatedTo(ChronoUnit.MICROS));
        }
        Instant whole = Instant.parse("2026-12-07T01:08:00.123456Z");
        assertThat(EventTime.of(whole)).isSameAs(whole);
        assertThat(EventTime.of(Instant.parse("2026-12-07T01:08:00.1234565Z")))
                .isEqualTo(Instant.parse("2026-12-07T01:08:00.123457Z"));
        assertThat(EventTime.of(Instant.parse("2026-12-07T01:08:00.9999995Z")))
                .isEqualTo(Instant.parse("2026-12-07T01:08:01Z"));
        assertThat(EventTime.of(null)).isNull();
    }

    @Test
    void textHasSixFractionDigitsInUtc() {
        assertThat(EventTime.text(Instant.parse("2026-12-06T15:49:00Z"))).isEqualTo("2026-12-06T15:49:00.000000Z");
        assertThat(EventTime.text(Instant.parse("2024-02-29T23:59:59.000001Z")))
                .isEqualTo("2024-02-29T23:59:59.000001Z");
        assertThat(EventTime.text(Instant.parse("0000-01-01T00:00:00Z"))).isEqualTo("0000-01-01T00:00:00.000000Z");
        assertThat(EventTime.text(Instant.parse("1969-12-31T23:59:59.999999Z")))
                .isEqualTo("1969-12-31T23:59:59.999999Z");
    }

    @Test
    void yearsOutsideFourDigitsAndNullAreWrittenAsBefore() {
        Instant far = Instant.parse("+10000-01-01T00:00:00Z");
        assertThat(EventTime.text(far)).isEqualTo(far.toString());
        assertThat(EventTime.text(null)).isNull();
    }
}
