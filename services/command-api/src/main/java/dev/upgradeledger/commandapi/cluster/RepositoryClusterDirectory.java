package dev.upgradeledger.commandapi.cluster;

import dev.upgradeledger.events.ClusterId;
import java.util.Optional;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/** Reads another cluster through Axon's repository, inside the unit of work of the command being handled. */
@Component
class RepositoryClusterDirectory implements ClusterDirectory {

    private final Repository<Cluster> clusters;

    RepositoryClusterDirectory(@Lazy Repository<Cluster> clusters) {
        this.clusters = clusters;
    }

    @Override
    public Optional<ClusterView> find(ClusterId clusterId) {
        try {
            return Optional.of(clusters.load(clusterId.value()).invoke(Cluster::view));
        } catch (AggregateNotFoundException e) {
            return Optional.empty();
        }
    }
}
