package dev.upgradeledger.projection.clusterstatus;

import dev.upgradeledger.events.ClusterRegistered;
import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.LedgerEvent;
import dev.upgradeledger.events.NodeAdded;
import dev.upgradeledger.events.RollbackStarted;
import dev.upgradeledger.events.StepFailed;
import dev.upgradeledger.events.StepTimedOut;
import dev.upgradeledger.events.UpgradeAborted;
import dev.upgradeledger.events.UpgradeFailed;
import dev.upgradeledger.projection.ReadModel;
import dev.upgradeledger.projection.model.ClusterRow;
import dev.upgradeledger.projection.model.ClusterScope;
import dev.upgradeledger.projection.model.ClusterTransition;
import dev.upgradeledger.projection.model.NodeRow;
import dev.upgradeledger.projection.model.Subject;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The cluster-status read model: one row per cluster and per node, moved by {@link ClusterTransition} (what an event
 * means for a cluster is decided there, for time travel too). For a batch of events it loads, with one query each, the
 * rows of the batch's clusters and the nodes the batch can change (those its events name, and those whose last step
 * an event ends or cancels), applies every event to them in memory, and writes the rows that changed with one batch
 * per table.
 */
@Component
@Order(2)
public class ClusterStatusProjection implements ReadModel {

    private final ClusterStatusRepository repository;

    ClusterStatusProjection(ClusterStatusRepository repository) {
        this.repository = repository;
    }

    @Override
    public void apply(List<EventEnvelope> events) {
        ClusterStatusRepository.Wanted wanted = new ClusterStatusRepository.Wanted();
        for (EventEnvelope envelope : events) {
            LedgerEvent event = envelope.payload();
            String clusterId = envelope.clusterId().value();
            if (event instanceof ClusterRegistered) {
                continue;
            }
            wanted.clusters.add(clusterId);
            Subject subject = Subject.of(event);
            if (subject.nodeId() != null) {
                wanted.node(clusterId, subject.nodeId());
            }
            if (event instanceof NodeAdded added) {
                wanted.node(clusterId, added.node().id().value());
            } else if (event instanceof StepFailed || event instanceof StepTimedOut) {
                wanted.lastStep(clusterId, subject.upgradeId(), subject.stepId());
            } else if (event instanceof RollbackStarted || event instanceof UpgradeAborted
                    || event instanceof UpgradeFailed) {
                wanted.running(clusterId, subject.upgradeId());
            }
        }
        Map<String, Scope> scopes = new LinkedHashMap<>();
        repository.clusters(wanted.clusters).forEach(row -> scopes.put(row.clusterId, new Scope(row)));
        repository.nodes(wanted).forEach((clusterId, nodes) -> {
            Scope scope = scopes.get(clusterId);
            if (scope != null) {
                nodes.forEach(node -> scope.nodes.put(node.nodeId, node));
            }
        });
        for (EventEnvelope envelope : events) {
            ClusterTransition.apply(scopes.computeIfAbsent(envelope.clusterId().value(), id -> new Scope(null)),
                    envelope);
        }
        repository.write(scopes.values().stream().filter(scope -> scope.cluster != null && scope.moved).toList());
    }

    /** One cluster's rows during a batch: those loaded or created, the nodes changed and removed. */
    static final class Scope implements ClusterScope {

        ClusterRow cluster;
        boolean moved;
        final Map<String, NodeRow> nodes = new HashMap<>();
        final Set<NodeRow> changed = new LinkedHashSet<>();
        final Set<String> removed = new LinkedHashSet<>();

        Scope(ClusterRow cluster) {
            this.cluster = cluster;
        }

        @Override
        public ClusterRow cluster() {
            moved = true;
            return cluster;
        }

        @Override
        public void registered(ClusterRow row) {
            cluster = row;
            moved = true;
        }

        @Override
        public NodeRow node(String nodeId) {
            return nodes.get(nodeId);
        }

        @Override
        public Collection<NodeRow> nodes() {
            return nodes.values();
        }

        @Override
        public void put(NodeRow node) {
            NodeRow before = nodes.put(node.nodeId, node);
            if (before != null && before != node) {
                changed.remove(before);
            }
            changed.add(node);
            removed.remove(node.nodeId);
        }

        @Override
        public void remove(String nodeId) {
            NodeRow before = nodes.remove(nodeId);
            if (before != null) {
                changed.remove(before);
            }
            removed.add(nodeId);
        }
    }
}
