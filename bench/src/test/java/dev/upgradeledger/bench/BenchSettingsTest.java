package dev.upgradeledger.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BenchSettingsTest {

    private static BenchSettings resolve(List<String> args, Map<String, String> settings) {
        return BenchSettings.resolve(args, settings::get, Path.of("/repo"));
    }

    @Test
    void everySectionRunsByDefaultAndCanBeChosenOrSkipped() {
        assertThat(BenchSettings.sections(null, null)).containsExactlyElementsOf(BenchSettings.SECTIONS);
        assertThat(BenchSettings.sections("wave, rebuild", null)).containsExactly("wave", "rebuild");
        assertThat(BenchSettings.sections("all", "big,slow")).doesNotContain("big", "slow").contains("wave");
        assertThatThrownBy(() -> BenchSettings.sections("wavez", null)).isInstanceOf(BenchSettings.Invalid.class)
                .hasMessageContaining("wavez");
    }

    @Test
    void theDefaultsAreTheFullRunAndQuickMakesEverySectionSmall() {
        BenchSettings full = resolve(List.of(), Map.of());
        assertThat(full.waveClusters()).isEqualTo(1000);
        assertThat(full.rebuildEvents()).isEqualTo(1_000_000);
        assertThat(full.recoveryTailEvents()).isEqualTo(20_000);
        assertThat(full.bigNodes()).isEqualTo(10_000);
        assertThat(full.bigStrategy()).isEqualTo("ROLLING");
        assertThat(full.bigTimeoutSeconds()).isEqualTo(900);
        assertThat(full.slowLatency()).isEqualTo(Duration.ofSeconds(2));
        assertThat(full.waveCheckClusters()).isEqualTo(Integer.MAX_VALUE);
        assertThat(full.serviceJvmOptions()).startsWith("-Xmx192m", "-XX:+UseSerialGC")
                .doesNotContain("-XX:TieredStopAtLevel=1");

        BenchSettings quick = resolve(List.of("--quick"), Map.of("LEDGER_BENCH_WAVE_CLUSTERS", "50"));
        assertThat(quick.waveClusters()).isEqualTo(50);
        assertThat(quick.rebuildEvents()).isEqualTo(20_000);
        assertThat(quick.bigNodes()).isEqualTo(1000);
        assertThat(quick.clientLevels()).containsExactly(1, 4);

        assertThatThrownBy(() -> resolve(List.of("--quick", "--large"), Map.of()))
                .isInstanceOf(BenchSettings.Invalid.class);
    }

    @Test
    void countsDurationsAndTheWaveCheckAreParsed() {
        BenchSettings settings = resolve(List.of(), Map.of("LEDGER_BENCH_REBUILD_EVENTS", "1_000",
                "LEDGER_BENCH_RECOVERY_TAIL", "0", "LEDGER_BENCH_SLOW_LATENCY", "500ms", "LEDGER_BENCH_WAVE_CHECK", "25",
                "LEDGER_SIMULATED_LATENCY", "5ms"));
        assertThat(settings.rebuildEvents()).isEqualTo(1000);
        assertThat(settings.recoveryTailEvents()).isZero();
        assertThat(settings.slowLatency()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.waveCheckClusters()).isEqualTo(25);
        assertThat(settings.simulatedLatency()).isEqualTo("5ms");
        assertThat(BenchSettings.parseDuration("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(BenchSettings.springDuration(Duration.ofSeconds(2))).isEqualTo("2000ms");
        assertThatThrownBy(() -> BenchSettings.parseDuration("soon")).isInstanceOf(BenchSettings.Invalid.class);
        assertThatThrownBy(() -> resolve(List.of(), Map.of("LEDGER_BENCH_WAVE_CLUSTERS", "0")))
                .isInstanceOf(BenchSettings.Invalid.class);
        assertThat(resolve(List.of(), Map.of("LEDGER_BENCH_BIG_STRATEGY", "offline")).bigStrategy())
                .isEqualTo("OFFLINE");
        assertThat(resolve(List.of(), Map.of("LEDGER_BENCH_BIG_STRATEGY", "Rejoin")).bigStrategy())
                .isEqualTo("REJOIN");
        assertThatThrownBy(() -> resolve(List.of(), Map.of("LEDGER_BENCH_BIG_STRATEGY", "MIGRATION")))
                .isInstanceOf(BenchSettings.Invalid.class).hasMessageContaining("ROLLING, OFFLINE or REJOIN");
    }
}
