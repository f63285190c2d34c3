package dev.upgradeledger.commandapi.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.events.AuditMetadata;
import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.ClusterRegistered;
import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.NodeSpec;
import dev.upgradeledger.events.Version;
import java.util.List;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;

class KafkaEventPublisherTest {

    @Test
    void envelopeCarriesIdentityPositionAndAuditOfTheStoredEvent() {
        ClusterRegistered event = new ClusterRegistered(ClusterId.of("ipfs-1"), "ipfs-cluster", Version.of("1.0.8"),
                Version.of("1"), List.of(new NodeSpec(NodeId.of("peer-1"), "10.0.0.1:9094", null)));
        GenericDomainEventMessage<ClusterRegistered> message = new GenericDomainEventMessage<>("Cluster", "ipfs-1",
                0, event, MetaData.with(AuditMetadata.ACTOR, "sre-alice")
                        .and(AuditMetadata.CORRELATION_ID, "req-1")
                        .and(AuditMetadata.CAUSATION_ID, "cmd-1")
                        .and(AuditMetadata.TRACEPARENT, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));

        EventEnvelope envelope = KafkaEventPublisher.toEnvelope(event, message,
                GapAwareTrackingToken.newInstance(42, List.of()));

        assertThat(envelope.eventId()).isEqualTo(message.getIdentifier());
        assertThat(envelope.eventType()).isEqualTo("ClusterRegistered");
        assertThat(envelope.eventRevision()).isEqualTo("2");
        assertThat(envelope.clusterId()).isEqualTo(ClusterId.of("ipfs-1"));
        assertThat(envelope.sequence()).isZero();
        assertThat(envelope.position()).isEqualTo(42);
        assertThat(envelope.timestamp()).isEqualTo(message.getTimestamp());
        assertThat(envelope.actor()).isEqualTo("sre-alice");
        assertThat(envelope.correlationId()).isEqualTo("req-1");
        assertThat(envelope.causationId()).isEqualTo("cmd-1");
        assertThat(envelope.payload()).isEqualTo(event);
        assertThat(envelope.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void anEventStoredWithoutATraceIsPublishedWithoutATraceId() {
        ClusterRegistered event = new ClusterRegistered(ClusterId.of("ipfs-1"), "ipfs-cluster", Version.of("1.0.8"),
                Version.of("1"), List.of(new NodeSpec(NodeId.of("peer-1"), "10.0.0.1:9094", null)));
        GenericDomainEventMessage<ClusterRegistered> message = new GenericDomainEventMessage<>("Cluster", "ipfs-1",
                0, event, MetaData.with(AuditMetadata.ACTOR, "sre-alice")
                        .and(AuditMetadata.TRACEPARENT, "not a trace context"));

        assertThat(KafkaEventPublisher.toEnvelope(event, message, null).traceId()).isNull();
    }
}
