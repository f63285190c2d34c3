package dev.upgradeledger.domain.fleet;

import static dev.upgradeledger.domain.fleet.Fleets.id;
import static dev.upgradeledger.domain.fleet.Fleets.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.InvalidValueException;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** How a fleet is cut into waves, and what the failure budget tolerates. */
class WavePlanTest {

    @Test
    @DisplayName("canary 1, then 20 % of 60 clusters: one canary and waves of 12 (the last one takes the rest)")
    void canaryThenPercentage() {
        // given 60 clusters
        List<ClusterId> clusters = ids("c", 60);
        // when planned as canary 1, then 20 %
        List<WavePlan.Wave> waves = new WavePlan(Amount.of("1"), null, Amount.of("20%"), 10).waves(clusters);
        // then the canary is the first cluster, then 12, 12, 12, 12, 11
        assertThat(waves).extracting(wave -> wave.clusters().size()).containsExactly(1, 12, 12, 12, 12, 11);
        assertThat(waves.get(0).canary()).isTrue();
        assertThat(waves.get(0).clusters()).containsExactly(id("c-01"));
        assertThat(waves.get(1).clusters()).startsWith(id("c-02")).endsWith(id("c-13"));
        assertThat(waves).extracting(WavePlan.Wave::index).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(waves.stream().flatMap(wave -> wave.clusters().stream())).containsExactlyElementsOf(clusters);
    }

    @Test
    @DisplayName("a named canary goes first whatever its place; the rest keep their order")
    void namedCanary() {
        List<WavePlan.Wave> waves = new WavePlan(null, List.of(id("c-05"), id("c-02")), Amount.of("2"), 1)
                .waves(ids("c", 6));
        assertThat(waves.get(0).clusters()).containsExactly(id("c-05"), id("c-02"));
        assertThat(waves.subList(1, waves.size())).extracting(WavePlan.Wave::clusters).containsExactly(
                List.of(id("c-01"), id("c-03")), List.of(id("c-04"), id("c-06")));
    }

    @Test
    @DisplayName("a named canary that the fleet upgrade does not take is refused, naming it")
    void namedCanaryOutsideTheFleet() {
        WavePlan plan = new WavePlan(null, List.of(id("x-1")), Amount.of("2"), 1);
        assertThatThrownBy(() -> plan.waves(ids("c", 3))).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("x-1");
    }

    @Test
    @DisplayName("canary 0 means no canary; a count wave size cuts by count")
    void noCanary() {
        List<WavePlan.Wave> waves = new WavePlan(Amount.of("0"), null, Amount.of("4"), 2).waves(ids("c", 10));
        assertThat(waves).extracting(wave -> wave.clusters().size()).containsExactly(4, 4, 2);
        assertThat(waves.get(0).canary()).isFalse();
    }

    @Test
    @DisplayName("wave plans that cannot run are refused: no wave size, no concurrency, canary both ways, 101 %")
    void invalidPlans() {
        assertThatThrownBy(() -> new WavePlan(null, null, Amount.of("0"), 1)).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new WavePlan(null, null, Amount.of("1"), 0)).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new WavePlan(Amount.of("1"), List.of(id("c-01")), Amount.of("1"), 1))
                .isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> Amount.of("101%")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> Amount.of("-1")).isInstanceOf(InvalidValueException.class);
    }

    @Test
    @DisplayName("the failure budget as SSM's MaxErrors: 2 tolerates two failures and is exceeded by the third")
    void budgetByCount() {
        FailureBudget budget = FailureBudget.of("2");
        assertThat(budget.exceeded(2, 60)).isFalse();
        assertThat(budget.exceeded(3, 60)).isTrue();
        assertThat(FailureBudget.of("0").exceeded(1, 60)).isTrue();
    }

    @Test
    @DisplayName("a percentage budget rounds down: 5 % of 60 tolerates three, of 10 none")
    void budgetByPercentage() {
        FailureBudget budget = FailureBudget.of("5%");
        assertThat(budget.allowed(60)).isEqualTo(3);
        assertThat(budget.exceeded(3, 60)).isFalse();
        assertThat(budget.exceeded(4, 60)).isTrue();
        assertThat(budget.allowed(10)).isZero();
    }
}
