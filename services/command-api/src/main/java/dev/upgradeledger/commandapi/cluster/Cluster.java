package dev.upgradeledger.commandapi.cluster;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.ClusterRegistered;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.NodeSpec;
import dev.upgradeledger.events.RegisterCluster;
import dev.upgradeledger.events.Version;
import java.util.LinkedHashMap;
import java.util.Map;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One cluster under the ledger. Command handlers check the rules and apply events; event-sourcing handlers only
 * assign state. A second registration of the same id is refused by the event store (the first event of a stream
 * can be stored once), which the web layer answers as 409.
 */
@Aggregate
public class Cluster {

    @AggregateIdentifier
    private ClusterId id;
    private String product;
    private Version version;
    private Version schemaVersion;
    private final Map<NodeId, NodeSpec> nodes = new LinkedHashMap<>();

    protected Cluster() {
    }

    @CommandHandler
    public Cluster(RegisterCluster command) {
        apply(new ClusterRegistered(command.clusterId(), command.product(), command.version(),
                command.schemaVersion(), command.nodes()));
    }

    @EventSourcingHandler
    void on(ClusterRegistered event) {
        id = event.clusterId();
        product = event.product();
        version = event.version();
        schemaVersion = event.schemaVersion();
        event.nodes().forEach(node -> nodes.put(node.id(), node));
    }
}
