package dev.upgradeledger.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

class ClusterLabelsTest {

    @Test
    void keepsValidLabelsInKeyOrder() {
        Map<String, String> labels = ClusterLabels.of(Map.of("tier", "gold", "region", "eu-west.1",
                "example.com/team", "sre-a"));
        assertThat(labels.keySet()).containsExactly("example.com/team", "region", "tier");
        assertThat(labels).containsEntry("region", "eu-west.1");
    }

    @Test
    void readsNullAsNoLabels() {
        assertThat(ClusterLabels.of(null)).isEmpty();
        assertThat(ClusterLabels.copy(null)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-eu", "eu-", "e u", "eu;rm", "eu$x", "é",
            "x1234567890123456789012345678901234567890123456789012345678901234"})
    void refusesKeysAndValuesOutsideTheRule(String bad) {
        assertThatThrownBy(() -> ClusterLabels.of(Map.of(bad, "eu")))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("label key");
        assertThatThrownBy(() -> ClusterLabels.of(Map.of("region", bad)))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("label region");
    }

    @Test
    void refusesNullValuesAndMoreThanTwentyLabels() {
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("region", null);
        assertThatThrownBy(() -> ClusterLabels.of(nullValue)).isInstanceOf(InvalidValueException.class);
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i <= ClusterLabels.MAX_LABELS; i++) {
            many.put("k" + i, "v");
        }
        assertThatThrownBy(() -> ClusterLabels.of(many)).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("at most 20 labels");
    }

    @Test
    void parsesKeyEqualsValue() {
        assertThat(ClusterLabels.parse("region=eu")).isEqualTo(Map.entry("region", "eu"));
        assertThatThrownBy(() -> ClusterLabels.parse("region")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> ClusterLabels.parse("=eu")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> ClusterLabels.parse("region=")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> ClusterLabels.parse("region=eu=1")).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void containsAllAsksForEveryPairWithItsValue() {
        Map<String, String> labels = Map.of("region", "eu", "tier", "gold");
        assertThat(ClusterLabels.containsAll(labels, Map.of())).isTrue();
        assertThat(ClusterLabels.containsAll(labels, Map.of("region", "eu", "tier", "gold"))).isTrue();
        assertThat(ClusterLabels.containsAll(labels, Map.of("region", "us"))).isFalse();
        assertThat(ClusterLabels.containsAll(labels, Map.of("region", "eu", "zone", "a"))).isFalse();
    }

    @Test
    void commandsCheckTheirLabels() {
        NodeSpec node = new NodeSpec(NodeId.of("n1"), "10.0.0.1:80", null);
        assertThatThrownBy(() -> new RegisterCluster(ClusterId.of("c1"), "p", Version.of("1.0"), null,
                List.of(node), null, null, Map.of("region", "e u")))
                .isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new SetClusterLabels(ClusterId.of("c1"), null))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("labels is required");
        assertThat(new SetClusterLabels(ClusterId.of("c1"), Map.of()).labels()).isEmpty();
        assertThat(new RegisterCluster(ClusterId.of("c1"), "p", Version.of("1.0"), null, List.of(node)).labels())
                .isEmpty();
    }

    @Test
    void aRevisionOneRegistrationReadsWithNoLabels() {
        JsonMapper json = JsonMapper.builder().build();
        ClusterRegistered old = json.readValue("{\"clusterId\":\"c1\",\"product\":\"p\",\"version\":\"1.0\","
                + "\"schemaVersion\":\"1.0\",\"nodes\":[{\"id\":\"n1\",\"address\":\"10.0.0.1:80\"}]}",
                ClusterRegistered.class);
        assertThat(old.labels()).isEmpty();
        ClusterRegistered labelled = json.readValue(json.writeValueAsString(new ClusterRegistered(ClusterId.of("c1"),
                "p", Version.of("1.0"), Version.of("1.0"), List.of(new NodeSpec(NodeId.of("n1"), "10.0.0.1:80",
                null)), Map.of("region", "eu"))), ClusterRegistered.class);
        assertThat(labelled.labels()).containsExactly(Map.entry("region", "eu"));
    }
}
