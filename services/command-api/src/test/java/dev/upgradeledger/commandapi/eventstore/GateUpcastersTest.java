package dev.upgradeledger.commandapi.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.events.UpgradeRequested;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;

/** A stored revision 1 request is read as revision 2 with no soak time and no approvals of its own. */
class GateUpcastersTest {

    private static final String REVISION_1 = """
            {"clusterId":"c-1","upgradeId":"u-1","fromVersion":"7.5","targetVersion":"7.6",
             "targetSchemaVersion":null,"strategy":"ROLLING","schemaChange":"NONE","stateFormatChange":false,
             "maxUnavailable":"1","byGroup":false,"targetClusterId":null,"failurePolicy":null,"followPath":false,
             "maxAttempts":3,"stepTimeout":"PT10M"}""";

    private final Jackson3Serializer serializer = Jackson3Serializer.builder().build();

    @Test
    void aRevision1RequestIsReadWithoutSoakOrApprovals() {
        List<IntermediateEventRepresentation> out = new GateUpcasters().upgradeRequestedRevision2()
                .upcast(Stream.of(representation("1", REVISION_1))).toList();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).getType().getRevision()).isEqualTo("2");
        UpgradeRequested requested = (UpgradeRequested) serializer.deserialize(out.get(0).getData());
        assertThat(requested.soakTime()).isNull();
        assertThat(requested.approvalBefore()).isEmpty();
        assertThat(requested.approvalTimeout()).isNull();
        assertThat(requested.stepTimeout()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void aRevision2RequestIsLeftAsItIs() {
        String json = REVISION_1.replace("\"stepTimeout\":\"PT10M\"}",
                "\"stepTimeout\":\"PT10M\",\"soakTime\":\"PT5M\",\"approvalBefore\":[2],\"approvalTimeout\":\"PT1H\"}");
        List<IntermediateEventRepresentation> out = new GateUpcasters().upgradeRequestedRevision2()
                .upcast(Stream.of(representation("2", json))).toList();
        UpgradeRequested requested = (UpgradeRequested) serializer.deserialize(out.get(0).getData());
        assertThat(requested.soakTime()).isEqualTo(Duration.ofMinutes(5));
        assertThat(requested.approvalBefore()).containsExactly(2);
        assertThat(requested.approvalTimeout()).isEqualTo(Duration.ofHours(1));
    }

    private InitialEventRepresentation representation(String revision, String json) {
        return new InitialEventRepresentation(new GenericDomainEventEntry<>("Cluster", "c-1", 3, "e-1",
                Instant.parse("2026-12-01T10:00:00Z"), UpgradeRequested.class.getName(), revision,
                json.getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8)), serializer);
    }
}
