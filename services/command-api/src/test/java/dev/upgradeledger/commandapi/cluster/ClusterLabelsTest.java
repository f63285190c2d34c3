package dev.upgradeledger.commandapi.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.ClusterLabelsChanged;
import dev.upgradeledger.events.ClusterRegistered;
import dev.upgradeledger.events.ClusterRetired;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.NodeSpec;
import dev.upgradeledger.events.RegisterCluster;
import dev.upgradeledger.events.SetClusterLabels;
import dev.upgradeledger.events.Version;
import java.util.List;
import java.util.Map;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** A cluster's labels: set at registration, replaced whole, recorded only when they change, kept by snapshots. */
class ClusterLabelsTest {

    private static final ClusterId ID = ClusterId.of("camunda-eu");
    private static final List<NodeSpec> NODES = List.of(new NodeSpec(NodeId.of("engine-1"), "10.0.0.11:8080", null));
    private static final Map<String, String> EU_GOLD = Map.of("region", "eu", "tier", "gold");

    private AggregateTestFixture<Cluster> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Cluster.class);
        fixture.registerCommandTargetResolver(new ClusterConfiguration().clusterCommandTargetResolver());
    }

    @Test
    void aRegistrationRecordsItsLabels() {
        fixture.givenNoPriorActivity()
                .when(new RegisterCluster(ID, "camunda", Version.of("7.5"), null, NODES, null, null, EU_GOLD))
                .expectEvents(new ClusterRegistered(ID, "camunda", Version.of("7.5"), Version.of("7.5"), NODES,
                        EU_GOLD));
    }

    @Test
    void newLabelsReplaceTheWholeSetAndAreAnsweredWithIt() {
        fixture.given(registered(EU_GOLD))
                .when(new SetClusterLabels(ID, Map.of("region", "us")))
                .expectEvents(new ClusterLabelsChanged(ID, Map.of("region", "us")))
                .expectResultMessagePayload(new ClusterLabelsAnswer(ID.value(), Map.of("region", "us"), true))
                .expectState(cluster -> assertThat(cluster.snapshot().labels()).isEqualTo(Map.of("region", "us")));
    }

    @Test
    void theSameLabelsAgainRecordNothing() {
        fixture.given(registered(Map.of()), new ClusterLabelsChanged(ID, EU_GOLD))
                .when(new SetClusterLabels(ID, Map.of("tier", "gold", "region", "eu")))
                .expectNoEvents()
                .expectResultMessagePayload(new ClusterLabelsAnswer(ID.value(), EU_GOLD, false));
    }

    @Test
    void aRetiredClustersLabelsStay() {
        fixture.given(registered(EU_GOLD), new ClusterRetired(ID, "moved"))
                .when(new SetClusterLabels(ID, Map.of()))
                .expectNoEvents()
                .expectException(ClusterRefusal.class);
    }

    @Test
    void aSnapshotTakenBeforeLabelsExistedLoadsWithNone() {
        fixture.given(registered(EU_GOLD))
                .when(new SetClusterLabels(ID, EU_GOLD))
                .expectState(cluster -> {
                    Jackson3Serializer serializer = Jackson3Serializer.builder().build();
                    byte[] snapshot = serializer.serialize(cluster, byte[].class).getData();
                    JsonMapper json = JsonMapper.builder().build();
                    ObjectNode state = (ObjectNode) json.readTree(snapshot);
                    assertThat(state.get("labels").get("tier").asString()).isEqualTo("gold");
                    state.remove("labels");
                    Cluster older = serializer.deserialize(new SimpleSerializedObject<>(
                            json.writeValueAsBytes(state), byte[].class, Cluster.class.getName(), "2"));
                    assertThat(older.snapshot().labels()).isEmpty();
                    assertThat(older.snapshot().nodes()).hasSize(1);
                });
    }

    private static ClusterRegistered registered(Map<String, String> labels) {
        return new ClusterRegistered(ID, "camunda", Version.of("7.5"), Version.of("7.5"), NODES, labels);
    }
}
