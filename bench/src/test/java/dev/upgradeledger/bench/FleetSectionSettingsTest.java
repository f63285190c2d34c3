package dev.upgradeledger.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fleet section's settings from the environment: defaults, quick, and values refused at the edge. */
class FleetSectionSettingsTest {

    @Test
    void defaultsQuickAndGivenValues() {
        assertThat(FleetSection.Settings.resolve(Map.<String, String>of()::get, false))
                .isEqualTo(new FleetSection.Settings(1000, "1", "20%", 200, 300));
        assertThat(FleetSection.Settings.resolve(Map.<String, String>of()::get, true).clusters()).isEqualTo(20);
        assertThat(FleetSection.Settings.resolve(Map.of("LEDGER_BENCH_FLEET_CLUSTERS", "50",
                "LEDGER_BENCH_FLEET_WAVE_SIZE", "10", "LEDGER_BENCH_FLEET_MAX_CONCURRENT", "20")::get, false))
                .isEqualTo(new FleetSection.Settings(50, "1", "10", 20, 300));
    }

    @Test
    void aValueThatWouldReachTheRequestUncheckedIsRefused() {
        assertThatThrownBy(() -> FleetSection.Settings.resolve(Map.of("LEDGER_BENCH_FLEET_WAVE_SIZE",
                "20%\",\"x\":\"")::get, false)).isInstanceOf(BenchSettings.Invalid.class)
                .hasMessageContaining("LEDGER_BENCH_FLEET_WAVE_SIZE");
        assertThatThrownBy(() -> FleetSection.Settings.resolve(Map.of("LEDGER_BENCH_FLEET_CLUSTERS", "0")::get,
                false)).isInstanceOf(BenchSettings.Invalid.class);
    }
}
