package dev.upgradeledger.bench;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StepPathSamplerTest {

    @Test
    void statFieldsAreReadAfterTheProcessNameEvenWithSpacesAndParenthesesInIt() {
        String line = "4242 (java (main) x) S 17 4242 4242 0 -1 4194560 1000 0 0 0 350 120 7 3 20 0 40 0 100 1 2";

        long[] fields = StepPathSampler.parseStat(line);

        assertThat(fields).containsExactly(17, 350, 120, 7, 3);
    }

    @Test
    void theWindowRunsFromTheFifthToTheNinetyFifthPercentileOfStepsStarted() {
        List<StepPathSampler.Sample> samples = new ArrayList<>();
        long[] steps = {0, 2, 10, 40, 70, 95, 99, 100, 100};
        for (int i = 0; i < steps.length; i++) {
            samples.add(new StepPathSampler.Sample(i * 2_000_000_000L, Map.of("executor", i * 100L), 1000 + i * 50L,
                    0, 0, steps[i], "1.0 1.0 1.0"));
        }

        StepPathSampler.Window window = StepPathSampler.window(samples, 0.05, 0.95);

        assertThat(window.from().stepsStarted()).isEqualTo(10);
        assertThat(window.to().stepsStarted()).isEqualTo(95);
        assertThat(window.steps()).isEqualTo(85);
        assertThat(window.seconds()).isEqualTo(6.0);
        // 300 ticks of 10 ms over 85 steps
        assertThat(window.cpuMsPerStep("executor")).isCloseTo(3000.0 / 85, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(window.cpuMsPerStep("kafka")).isNaN();
        // 150 commits, 3 of them the sampler's own
        assertThat(window.perStep(window.from().commits(), window.to().commits(), 3, 1)).isEqualTo(147.0 / 85);
    }

    @Test
    void noWindowWithoutStepsBetweenTwoSamples() {
        List<StepPathSampler.Sample> samples = List.of(
                new StepPathSampler.Sample(0, Map.of(), 0, 0, 0, 0, ""),
                new StepPathSampler.Sample(1, Map.of(), 0, 0, 0, 0, ""));

        assertThat(StepPathSampler.window(samples, 0.05, 0.95)).isNull();
    }
}
