package dev.upgradeledger.commandapi.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.events.ClusterRegistered;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;

/** A stored revision 1 registration is read as revision 2 with no labels; a revision 2 one keeps its labels. */
class LabelUpcastersTest {

    private static final String REVISION_1 = """
            {"clusterId":"c-1","product":"camunda","version":"7.5","schemaVersion":"7.5",
             "nodes":[{"id":"engine-1","address":"10.0.0.1:8080","group":"zone-a"}]}""";

    private final Jackson3Serializer serializer = Jackson3Serializer.builder().build();

    @Test
    void aRevision1RegistrationIsReadWithoutLabels() {
        List<IntermediateEventRepresentation> out = new LabelUpcasters().clusterRegisteredRevision2()
                .upcast(Stream.of(representation("1", REVISION_1))).toList();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).getType().getRevision()).isEqualTo("2");
        ClusterRegistered registered = (ClusterRegistered) serializer.deserialize(out.get(0).getData());
        assertThat(registered.labels()).isEmpty();
        assertThat(registered.nodes()).hasSize(1);
    }

    @Test
    void aRevision2RegistrationKeepsItsLabels() {
        String json = REVISION_1.replace("}]}", "}],\"labels\":{\"region\":\"eu\"}}");
        List<IntermediateEventRepresentation> out = new LabelUpcasters().clusterRegisteredRevision2()
                .upcast(Stream.of(representation("2", json))).toList();
        ClusterRegistered registered = (ClusterRegistered) serializer.deserialize(out.get(0).getData());
        assertThat(registered.labels()).isEqualTo(Map.of("region", "eu"));
    }

    private InitialEventRepresentation representation(String revision, String json) {
        return new InitialEventRepresentation(new GenericDomainEventEntry<>("Cluster", "c-1", 0, "e-1",
                Instant.parse("2026-12-01T10:00:00Z"), ClusterRegistered.class.getName(), revision,
                json.getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8)), serializer);
    }
}
