package dev.upgradeledger.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RatioTest {

    @Test
    void belowOneIsAPercentageFromOneOnAMultiple() {
        assertThat(Ratio.format(0.042)).isEqualTo("4.2%");
        assertThat(Ratio.format(0.42)).isEqualTo("42%");
        assertThat(Ratio.format(0.0042)).isEqualTo("0.42%");
        assertThat(Ratio.format(0.000123)).isEqualTo("0.012%");
        assertThat(Ratio.format(1.0)).isEqualTo("1.0x");
        assertThat(Ratio.format(2.83)).isEqualTo("2.8x");
        assertThat(Ratio.format(28.3)).isEqualTo("28x");
        assertThat(Ratio.format(283.4)).isEqualTo("283x");
        assertThat(Ratio.format(0)).isEqualTo("0%");
    }

    @Test
    void aLimitNotMeasuredGivesNoRatio() {
        assertThat(Ratio.of(10, Double.NaN)).isNaN();
        assertThat(Ratio.of(10, 0)).isNaN();
        assertThat(Ratio.of(Double.NaN, 5)).isNaN();
        assertThat(Ratio.format(Double.NaN)).isEqualTo("n/a");
        assertThat(Ratio.of(10, Double.NaN, "PG commits/s")).isEqualTo("n/a (PG commits/s not measured)");
        assertThat(Ratio.data(10, Double.NaN)).isNull();
    }

    @Test
    void theTextNamesTheLimitAndItsValue() {
        assertThat(Ratio.of(392, 17_100, "PG single-row commits/s, 8 clients"))
                .isEqualTo("2.3% of PG single-row commits/s, 8 clients (17100)");
        assertThat(Ratio.of(50.8, 18, "the critical path, s")).isEqualTo("2.8x the critical path, s (18.0)");
        assertThat(Ratio.data(1, 3)).isEqualTo(0.3333);
    }

    @Test
    void theLimitsPairOneClientWithOneAndMoreWithEight() {
        Limits limits = new Limits(2_000, 9_000, 40_000, 100_000, 500_000, 1.5, 1_048_588, 1_500, 8_000);
        assertThat(limits.pgCommitsFor(1)).isEqualTo(2_000);
        assertThat(limits.pgCommitsFor(16)).isEqualTo(9_000);
        assertThat(limits.pgCommitMs()).isEqualTo(0.5);
        assertThat(Limits.NONE.withMachine(1, 2).sha256MBps()).isEqualTo(1);
        assertThat(Limits.NONE.pgCommits8()).isNaN();
    }
}
