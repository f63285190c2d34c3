package dev.upgradeledger.bench;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StatsTest {

    @Test
    void percentilesAreNearestRankOverTheSortedSamples() {
        List<Long> nanos = new ArrayList<>();
        for (long ms = 1; ms <= 100; ms++) {
            nanos.add(ms * 1_000_000);
        }
        Collections.shuffle(nanos);

        Stats stats = Stats.ofNanos(nanos);

        assertThat(stats.count()).isEqualTo(100);
        assertThat(stats.minMs()).isEqualTo(1.0);
        assertThat(stats.p50Ms()).isEqualTo(50.0);
        assertThat(stats.p95Ms()).isEqualTo(95.0);
        assertThat(stats.p99Ms()).isEqualTo(99.0);
        assertThat(stats.maxMs()).isEqualTo(100.0);
        assertThat(stats.meanMs()).isEqualTo(50.5);
    }

    @Test
    void aSmallSampleGivesItsLargestValueForTheHighPercentiles() {
        Stats stats = Stats.ofNanos(List.of(3_000_000L, 1_000_000L, 2_000_000L));

        assertThat(stats.p50Ms()).isEqualTo(2.0);
        assertThat(stats.p95Ms()).isEqualTo(3.0);
        assertThat(stats.p99Ms()).isEqualTo(3.0);
    }

    @Test
    void noSamplesGiveZerosRatherThanAnError() {
        assertThat(Stats.ofNanos(List.of())).isEqualTo(new Stats(0, 0, 0, 0, 0, 0, 0));
        assertThatThrownBy(() -> Stats.percentile(new long[0], 50)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ratesAreCountsPerSecondOfWallTime() {
        assertThat(Stats.perSecond(500, 2_000_000_000L)).isEqualTo(250.0);
        assertThat(Stats.perSecond(10, 0)).isZero();
    }

    @Test
    void clientLevelsAreParsedAndCheckedAndDefaultToOneFourSixteen() {
        assertThat(BenchSettings.levels(null)).containsExactly(1, 4, 16);
        assertThat(BenchSettings.levels(" 2, 8 ")).containsExactly(2, 8);
        assertThatThrownBy(() -> BenchSettings.levels("0,4")).isInstanceOf(BenchSettings.Invalid.class);
        assertThatThrownBy(() -> BenchSettings.levels("many")).isInstanceOf(BenchSettings.Invalid.class);
    }
}
