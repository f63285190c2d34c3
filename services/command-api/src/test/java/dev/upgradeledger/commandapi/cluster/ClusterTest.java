package dev.upgradeledger.commandapi.cluster;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.ClusterRegistered;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.NodeSpec;
import dev.upgradeledger.events.RegisterCluster;
import dev.upgradeledger.events.Version;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClusterTest {

    private AggregateTestFixture<Cluster> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Cluster.class);
    }

    @Test
    void registeringAClusterRecordsItWithItsNodes() {
        List<NodeSpec> nodes = List.of(new NodeSpec(NodeId.of("engine-1"), "10.0.0.11:8080", "zone-a"),
                new NodeSpec(NodeId.of("engine-2"), "10.0.0.12:8080", "zone-b"));

        fixture.givenNoPriorActivity()
                .when(new RegisterCluster(ClusterId.of("camunda-prod"), "camunda", Version.of("7.5"),
                        Version.of("7.5"), nodes))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ClusterRegistered(ClusterId.of("camunda-prod"), "camunda", Version.of("7.5"),
                        Version.of("7.5"), nodes));
    }
}
