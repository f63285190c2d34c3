package dev.upgradeledger.commandapi.cluster;

import dev.upgradeledger.domain.decide.ClusterSnapshot;
import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.ClusterRegistered;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Every registered cluster as the decider sees it, for decisions over many clusters (a fleet upgrade's plan). The ids
 * come from the first event of each stream (an index over the streams' starts), each cluster is loaded through Axon's
 * repository (the cache first) in a unit of work of its own, committed with nothing to store (a rolled back one
 * would drop the cluster from Axon's cache), holding the versioned product profiles as a command's unit of work does
 * (so the decider sees each product's profile in force, not only the built-in ones).
 */
@Component
public class ClusterSnapshots {

    private static final String REGISTERED = ClusterRegistered.class.getName();

    private final JdbcClient jdbc;
    private final Repository<Cluster> clusters;
    private final ProfileSource profiles;

    ClusterSnapshots(JdbcClient jdbc, @Lazy Repository<Cluster> clusters, ProfileSource profiles) {
        this.jdbc = jdbc;
        this.clusters = clusters;
        this.profiles = profiles;
    }

    /** The ids of every registered cluster, in id order; at most {@code limit}. */
    public List<ClusterId> ids(int limit) {
        return jdbc.sql("SELECT aggregateidentifier FROM domainevententry WHERE sequencenumber = 0"
                        + " AND payloadtype = ? ORDER BY aggregateidentifier LIMIT ?")
                .params(REGISTERED, limit).query(String.class).list()
                .stream().map(ClusterId::of).toList();
    }

    /** The clusters of {@code ids} that exist, in the same order. */
    public List<ClusterSnapshot> load(List<ClusterId> ids) {
        ProfileSource once = profiles.readingEachProductOnce();
        List<ClusterSnapshot> snapshots = new ArrayList<>(ids.size());
        for (ClusterId id : ids) {
            find(id, once).ifPresent(snapshots::add);
        }
        return snapshots;
    }

    /**
     * The labels the cluster carries now (empty for an unknown cluster), from its aggregate (Axon's cache first): what a
     * notifier routing by label reads, without the projection.
     */
    public Map<String, String> labels(ClusterId id) {
        return find(id, profiles.readingEachProductOnce(), Cluster::labels).orElse(Map.of());
    }

    private Optional<ClusterSnapshot> find(ClusterId id, ProfileSource source) {
        return find(id, source, Cluster::snapshot);
    }

    /** What {@code read} takes from the cluster's aggregate, empty for an unknown cluster. */
    private <T> Optional<T> find(ClusterId id, ProfileSource source, Function<Cluster, T> read) {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.resources().put(ProfileSource.RESOURCE, source);
        Optional<T> found;
        try {
            found = Optional.of(clusters.load(id.value()).invoke(read));
        } catch (AggregateNotFoundException e) {
            found = Optional.empty();
        } catch (RuntimeException e) {
            unitOfWork.rollback(e);
            throw e;
        }
        unitOfWork.commit();
        return found;
    }
}
