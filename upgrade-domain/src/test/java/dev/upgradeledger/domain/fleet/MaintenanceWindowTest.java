package dev.upgradeledger.domain.fleet;

import static dev.upgradeledger.domain.fleet.Fleets.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upgradeledger.events.InvalidValueException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Maintenance windows: cron-like openings in a time zone, each lasting its duration. */
class MaintenanceWindowTest {

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    @Test
    @DisplayName("weekdays 22:00-02:00 in Berlin: open at 23:30 on a Monday, closed at 02:00, next open Tuesday 22:00")
    void weekdayNightsInBerlin() {
        // given a window on weekdays at 22:00 Berlin time, four hours long (Berlin is UTC+1 in December)
        MaintenanceWindow window = MaintenanceWindow.of("0 22 * * MON-FRI", "PT4H", "Europe/Berlin");
        // then on Monday 7 December 2026 at 22:30 UTC (23:30 Berlin) it is open
        assertThat(window.isOpen(at("2026-12-07T22:30:00Z"))).isTrue();
        // and at 01:00 UTC (02:00 Berlin) it has just closed
        assertThat(window.isOpen(at("2026-12-08T01:00:00Z"))).isFalse();
        assertThat(window.isOpen(at("2026-12-08T00:59:59Z"))).isTrue();
        // and it opens again on Tuesday at 21:00 UTC
        assertThat(window.openAtOrAfter(at("2026-12-08T01:00:00Z"))).contains(at("2026-12-08T21:00:00Z"));
        // and a Saturday's night stays closed until Monday's
        assertThat(window.isOpen(at("2026-12-12T21:30:00Z"))).isFalse();
        assertThat(window.openAtOrAfter(at("2026-12-12T21:30:00Z"))).contains(at("2026-12-14T21:00:00Z"));
    }

    @Test
    @DisplayName("the same cron read in another zone opens at another instant")
    void zoneAware() {
        MaintenanceWindow tokyo = MaintenanceWindow.of("0 2 * * *", "PT1H", "Asia/Tokyo");
        MaintenanceWindow utc = MaintenanceWindow.of("0 2 * * *", "PT1H", "UTC");
        assertThat(tokyo.nextStartAfter(at("2026-12-06T00:00:00Z"))).contains(at("2026-12-06T17:00:00Z"));
        assertThat(utc.nextStartAfter(at("2026-12-06T00:00:00Z"))).contains(at("2026-12-06T02:00:00Z"));
    }

    @Test
    @DisplayName("daylight saving: 02:30 does not exist in Berlin on 29 March 2026; the window opens after the gap")
    void daylightSavingGap() {
        MaintenanceWindow window = MaintenanceWindow.of("30 2 * * *", "PT1H", "Europe/Berlin");
        // 28 March: 02:30 CET = 01:30 UTC; 29 March: the gap moves it to 03:30 CEST = 01:30 UTC
        assertThat(window.nextStartAfter(at("2026-03-28T12:00:00Z"))).contains(at("2026-03-29T01:30:00Z"));
        // 30 March: 02:30 CEST = 00:30 UTC
        assertThat(window.nextStartAfter(at("2026-03-29T12:00:00Z"))).contains(at("2026-03-30T00:30:00Z"));
    }

    @Test
    @DisplayName("cron fields: steps, lists, names, Sunday as 7, and day-of-month or day-of-week when both are given")
    void cronFields() {
        MaintenanceWindow every15 = MaintenanceWindow.of("*/15 * * * *", "PT1M", "UTC");
        assertThat(every15.nextStartAfter(at("2026-12-06T10:01:00Z"))).contains(at("2026-12-06T10:15:00Z"));
        MaintenanceWindow sundays = MaintenanceWindow.of("0 4 * * 7", "PT2H", "UTC");
        assertThat(sundays.nextStartAfter(at("2026-12-07T00:00:00Z"))).contains(at("2026-12-13T04:00:00Z"));
        // the 1st of the month or any Friday
        MaintenanceWindow either = MaintenanceWindow.of("0 0 1 * FRI", "PT1H", "UTC");
        assertThat(either.nextStartAfter(at("2026-12-06T00:00:00Z"))).contains(at("2026-12-11T00:00:00Z"));
        assertThat(either.nextStartAfter(at("2026-12-25T01:00:00Z"))).contains(at("2027-01-01T00:00:00Z"));
        MaintenanceWindow leap = MaintenanceWindow.of("0 0 29 FEB *", "PT1H", "UTC");
        assertThat(leap.nextStartAfter(at("2026-12-06T00:00:00Z"))).contains(at("2028-02-29T00:00:00Z"));
        assertThat(MaintenanceWindow.of("0 0 31 2 *", "PT1H", "UTC").nextStartAfter(at("2026-12-06T00:00:00Z")))
                .isEmpty();
    }

    @Test
    @DisplayName("invalid windows are refused with the reason: four fields, 60 minutes, no zone, 8 days, missing parts")
    void invalidWindows() {
        assertThatThrownBy(() -> MaintenanceWindow.of("0 22 * *", "PT1H", "UTC"))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("five fields");
        assertThatThrownBy(() -> MaintenanceWindow.of("60 22 * * *", "PT1H", "UTC"))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("outside 0-59");
        assertThatThrownBy(() -> MaintenanceWindow.of("0 22 * * *", "PT1H", "Mars/Olympus"))
                .isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> MaintenanceWindow.of("0 22 * * *", "P8D", "UTC"))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("7 days");
        assertThatThrownBy(() -> MaintenanceWindow.of("0 22 * * *", null, "UTC"))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("duration");
        assertThatThrownBy(() -> MaintenanceWindow.of(null, "PT1H", "UTC"))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("five fields");
        assertThatThrownBy(() -> MaintenanceWindow.of("0 22 * * XYZ", "PT1H", "UTC"))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("XYZ");
    }

    @Test
    @DisplayName("a cluster's own window comes before its label's; a cluster with neither has none")
    void windowsByClusterOrLabel() {
        MaintenanceWindow own = MaintenanceWindow.of("0 1 * * *", "PT1H", "UTC");
        MaintenanceWindow eu = MaintenanceWindow.of("0 22 * * *", "PT2H", "Europe/Berlin");
        MaintenanceWindows windows = new MaintenanceWindows(Map.of(id("eu-1"), own),
                List.of(new MaintenanceWindows.LabelWindow("region", "eu", eu)));
        assertThat(windows.windowOf(id("eu-1"), Map.of("region", "eu"))).contains(own);
        assertThat(windows.windowOf(id("eu-2"), Map.of("region", "eu"))).contains(eu);
        assertThat(windows.windowOf(id("us-1"), Map.of("region", "us"))).isEmpty();
    }
}
