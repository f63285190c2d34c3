package dev.upgradeledger.projection.clusterstatus;

import dev.upgradeledger.events.ClusterRegistered;
import dev.upgradeledger.events.EventEnvelope;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies events to the cluster-status read model, each exactly once: a cluster's row stores the sequence of the last
 * event it includes, and an event at or below that sequence (a redelivery, a republished history) changes nothing.
 */
@Component
public class ClusterStatusProjection {

    private static final Logger log = LoggerFactory.getLogger(ClusterStatusProjection.class);

    private final ClusterStatusRepository repository;
    private final MeterRegistry meters;

    ClusterStatusProjection(ClusterStatusRepository repository, MeterRegistry meters) {
        this.repository = repository;
        this.meters = meters;
    }

    @Transactional
    public void apply(EventEnvelope envelope) {
        long applied = repository.lockLastSequence(envelope.clusterId()).orElse(-1L);
        if (envelope.sequence() <= applied) {
            meters.counter("ledger.projection.events", "outcome", "duplicate", "type", envelope.eventType()).increment();
            return;
        }
        if (envelope.sequence() != applied + 1) {
            log.warn("Cluster {} jumps from event {} to {}: events are missing upstream", envelope.clusterId(),
                    applied, envelope.sequence());
            meters.counter("ledger.projection.sequence-gaps").increment();
        }
        if (envelope.payload() instanceof ClusterRegistered registered) {
            repository.insertRegistered(registered, envelope);
        } else {
            throw new IllegalStateException("cluster status has no handler for " + envelope.eventType());
        }
        meters.counter("ledger.projection.events", "outcome", "applied", "type", envelope.eventType()).increment();
    }
}
