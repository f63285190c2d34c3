package dev.upgradeledger.commandapi.cluster;

import dev.upgradeledger.events.ClusterCommand;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.NoCache;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.ObjectProvider;
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

    /**
     * Loaded clusters stay in memory between commands, checked against the event store before each use
     * ({@link FreshClusterCache}), as many as {@code ledger.cluster.cache-capacity} nodes and planned steps in all;
     * {@code ledger.cluster.cache=false} loads every cluster from the store for every command instead.
     */
    @Bean
    Cache clusterCache(ObjectProvider<EventStore> eventStore, MeterRegistry meters,
                       @Value("${ledger.cluster.cache:true}") boolean enabled,
                       @Value("${ledger.cluster.cache-capacity:100000}") long capacity) {
        return enabled ? new FreshClusterCache(capacity, eventStore::getObject, meters) : NoCache.INSTANCE;
    }

    /**
     * A cluster's history grows with every step; a snapshot every N events (more for a large cluster: a quarter of its
     * nodes and planned steps, see {@link ClusterSnapshotTriggerDefinition}) keeps a cold load (a cache miss) cheap.
     */
    @Bean
    SnapshotTriggerDefinition clusterSnapshotTrigger(Snapshotter snapshotter,
                                                     @Value("${ledger.cluster.snapshot-every:250}") int threshold) {
        return new ClusterSnapshotTriggerDefinition(snapshotter, threshold);
    }
}
