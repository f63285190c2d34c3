package dev.upgradeledger.domain.plan;

import static dev.upgradeledger.domain.plan.PlanFixtures.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.InvalidValueException;
import dev.upgradeledger.events.MaxUnavailable;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.SchemaChange;
import dev.upgradeledger.events.UpgradeStrategy;
import dev.upgradeledger.events.Version;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanRequestTest {

    private static PlanRequest request(List<PlanNode> nodes, UpgradeStrategy strategy, Version target,
                                       MaxUnavailable maxUnavailable) {
        return new PlanRequest(ClusterId.of("c1"), nodes, Version.of("1"), strategy, target, Version.of("1"),
                SchemaChange.NONE, false, maxUnavailable, false, null, null);
    }

    @Test
    void rollingRequestWithoutMaxUnavailableDefaultsToOneNodeAtATime() {
        PlanRequest request = request(List.of(node("n1", null, "1.0")), UpgradeStrategy.ROLLING, Version.of("2.0"), null);

        assertThat(request.maxUnavailable()).isEqualTo(MaxUnavailable.of("1"));
    }

    @Test
    void otherStrategiesKeepMaxUnavailableAsGiven() {
        PlanRequest request = request(List.of(node("n1", null, "1.0")), UpgradeStrategy.OFFLINE, Version.of("2.0"), null);

        assertThat(request.maxUnavailable()).isNull();
    }

    @Test
    void requiresAStrategy() {
        assertThatThrownBy(() -> request(List.of(node("n1", null, "1.0")), null, Version.of("2.0"), null))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("strategy");
    }

    @Test
    void requiresATargetVersion() {
        assertThatThrownBy(() -> request(List.of(node("n1", null, "1.0")), UpgradeStrategy.OFFLINE, null, null))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("targetVersion");
    }

    @Test
    void requiresAtLeastOneNode() {
        assertThatThrownBy(() -> request(List.of(), UpgradeStrategy.OFFLINE, Version.of("2.0"), null))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("at least one node");
        assertThatThrownBy(() -> request(null, UpgradeStrategy.OFFLINE, Version.of("2.0"), null))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("nodes");
    }

    @Test
    void refusesNullNodesAndDuplicateNodeIds() {
        assertThatThrownBy(() -> request(Arrays.asList(node("n1", null, "1.0"), null), UpgradeStrategy.OFFLINE,
                Version.of("2.0"), null))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("null");
        assertThatThrownBy(() -> request(List.of(node("n1", null, "1.0"), node("n1", "zone-b", "1.0")),
                UpgradeStrategy.OFFLINE, Version.of("2.0"), null))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("n1 appears twice");
    }

    @Test
    void refusesNodesWithoutVersionOrWithABlankGroup() {
        assertThatThrownBy(() -> new PlanNode(NodeId.of("n1"), null, null))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("version");
        assertThatThrownBy(() -> new PlanNode(NodeId.of("n1"), " ", Version.of("1.0")))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("group");
    }

    @Test
    void keepsItsOwnCopyOfTheNodeList() {
        List<PlanNode> nodes = new ArrayList<>(List.of(node("n1", null, "1.0")));
        PlanRequest request = request(nodes, UpgradeStrategy.OFFLINE, Version.of("2.0"), null);

        nodes.add(node("n2", null, "1.0"));

        assertThat(request.nodes()).hasSize(1);
    }
}
