package dev.upgradeledger.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

class ValueTypesTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @ParameterizedTest
    @ValueSource(strings = {"a", "prod-eu-1", "camunda7"})
    void acceptsDnsLabelClusterIds(String id) {
        assertThat(ClusterId.of(id).value()).isEqualTo(id);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "Prod", "-a", "a-", "a_b", "a b",
            "x123456789012345678901234567890123456789012345678901234567890123"})
    void rejectsClusterIdsThatAreNotDnsLabels(String id) {
        assertThatThrownBy(() -> ClusterId.of(id))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("clusterId");
    }

    @ParameterizedTest
    @ValueSource(strings = {"7.6", "23.09.10", "v1.0.2-rc1", "1.0+build.5"})
    void acceptsVersionsAsProductsWriteThem(String version) {
        assertThat(Version.of(version).value()).isEqualTo(version);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " 7.6", "7.6 ", ".7", "7/6"})
    void rejectsMalformedVersions(String version) {
        assertThatThrownBy(() -> Version.of(version)).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void rejectsNodeAddressesWithWhiteSpace() {
        assertThatThrownBy(() -> new NodeSpec(NodeId.of("n1"), "10.0.0.1 ;rm", null))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("address");
    }

    @Test
    void rejectsRegistrationWithDuplicateNodeIds() {
        List<NodeSpec> nodes = List.of(new NodeSpec(NodeId.of("n1"), "10.0.0.1", null),
                new NodeSpec(NodeId.of("n1"), "10.0.0.2", null));
        assertThatThrownBy(() -> new RegisterCluster(ClusterId.of("c1"), "camunda", Version.of("7.5"),
                Version.of("7.5"), nodes))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("n1 appears twice");
    }

    @Test
    void rejectsRegistrationWithoutNodes() {
        assertThatThrownBy(() -> new RegisterCluster(ClusterId.of("c1"), "camunda", Version.of("7.5"),
                Version.of("7.5"), List.of()))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("1 to");
    }

    @Test
    void typedIdsTravelAsPlainJsonStrings() {
        ClusterRegistered event = new ClusterRegistered(ClusterId.of("c1"), "ipfs-cluster", Version.of("1.0.8"),
                Version.of("1"), List.of(new NodeSpec(NodeId.of("peer-1"), "10.0.0.1:9094", "zone-a")));

        String text = json.writeValueAsString(event);

        assertThat(text).contains("\"clusterId\":\"c1\"", "\"id\":\"peer-1\"", "\"version\":\"1.0.8\"");
        assertThat(json.readValue(text, ClusterRegistered.class)).isEqualTo(event);
    }

    @Test
    void invalidIdInJsonIsRefusedWhileReading() {
        assertThatThrownBy(() -> json.readValue("\"Not A Label\"", ClusterId.class))
                .hasRootCauseInstanceOf(InvalidValueException.class);
    }

    @Test
    void catalogNamesEveryEventBySimpleNameWithItsRevision() {
        assertThat(LedgerEvents.forTypeName("ClusterRegistered")).contains(ClusterRegistered.class);
        assertThat(LedgerEvents.revision(ClusterRegistered.class)).isEqualTo("2");
        assertThat(LedgerEvents.forTypeName("NoSuchEvent")).isEmpty();
    }

    @Test
    void deadLetterTopicIsPerConsumerGroup() {
        assertThat(LedgerTopics.deadLetter(LedgerTopics.EVENTS, "projection")).isEqualTo("ledger.events.projection.dlt");
    }
}
