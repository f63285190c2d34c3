package dev.upgradeledger.commandapi.cluster;

import dev.upgradeledger.events.ClusterCommand;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ClusterConfiguration {

    /** Routes every {@link ClusterCommand} by its cluster id, so the contract needs no Axon annotations. */
    @Bean
    CommandTargetResolver clusterCommandTargetResolver() {
        return command -> new VersionedAggregateIdentifier(
                ((ClusterCommand) command.getPayload()).clusterId().value(), null);
    }

    /** A cluster's history grows with every step; a snapshot every N events keeps loading it cheap. */
    @Bean
    SnapshotTriggerDefinition clusterSnapshotTrigger(Snapshotter snapshotter,
                                                     @Value("${ledger.cluster.snapshot-every:50}") int threshold) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, threshold);
    }
}
