package dev.upgradeledger.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

/** How many nodes a rolling upgrade takes out of service at once (Camunda rolling upgrade, seed 003). */
class MaxUnavailableTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @ParameterizedTest(name = "{0} of {1} nodes is {2}")
    @CsvSource({
            "33%, 6, 1",
            "33%, 10, 3",
            "50%, 6, 3",
            "1%, 10, 1",
            "100%, 5, 4",
            "100%, 2, 1",
            "10, 4, 3",
            "2, 6, 2",
            "1, 6, 1",
    })
    void resolvesCountsAndPercentagesRoundingDownAndNeverAllNodes(String value, int nodes, int expected) {
        assertThat(MaxUnavailable.of(value).resolve(nodes)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "3", "1%", "50%", "100%"})
    void singleNodeClusterTakesItsOnlyNodeOut(String value) {
        assertThat(MaxUnavailable.of(value).resolve(1)).isEqualTo(1);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"0", "0%", "-1", "33.3%", "101%", "abc", "%", " 2", "2 ", "1234567"})
    void refusesAnythingButAPositiveCountOrAPercentageUpTo100(String value) {
        assertThatThrownBy(() -> MaxUnavailable.of(value))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("maxUnavailable");
    }

    @Test
    void travelsAsAPlainJsonString() {
        assertThat(json.writeValueAsString(MaxUnavailable.of("33%"))).isEqualTo("\"33%\"");
        assertThat(json.readValue("\"2\"", MaxUnavailable.class)).isEqualTo(MaxUnavailable.of("2"));
        assertThatThrownBy(() -> json.readValue("\"101%\"", MaxUnavailable.class))
                .hasRootCauseInstanceOf(InvalidValueException.class);
    }
}
