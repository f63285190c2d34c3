package dev.upgradeledger.commandapi.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.events.FailureCause;
import dev.upgradeledger.events.PauseCause;
import dev.upgradeledger.events.UpgradeFailed;
import dev.upgradeledger.events.UpgradePaused;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.junit.jupiter.api.Test;

/** Stored revision 1 pauses and failures are read as revision 2, with the cause their reason text implies. */
class CauseUpcastersTest {

    private final Jackson3Serializer serializer = Jackson3Serializer.builder().build();
    private final CauseUpcasters upcasters = new CauseUpcasters();

    @Test
    void aRevision1PauseAfterAStepFailureIsReadWithTheCauseStepFailed() {
        UpgradePaused paused = (UpgradePaused) upcast(upcasters.upgradePausedRevision2(), UpgradePaused.class,
                "{\"clusterId\":\"c-1\",\"upgradeId\":\"u-1\",\"reason\":\"step s1.0 (VERIFY_NODE on n-1) failed:"
                        + " E42: bad\"}");
        assertThat(paused.cause()).isEqualTo(PauseCause.STEP_FAILED);
        assertThat(paused.rule()).isNull();
        UpgradePaused byOperator = (UpgradePaused) upcast(upcasters.upgradePausedRevision2(), UpgradePaused.class,
                "{\"clusterId\":\"c-1\",\"upgradeId\":\"u-1\",\"reason\":\"maintenance window over\"}");
        assertThat(byOperator.cause()).isEqualTo(PauseCause.OPERATOR);
        UpgradePaused invariant = (UpgradePaused) upcast(upcasters.upgradePausedRevision2(), UpgradePaused.class,
                "{\"clusterId\":\"c-1\",\"upgradeId\":\"u-1\",\"reason\":\"invariant: 3 nodes would be out\"}");
        assertThat(invariant.cause()).isEqualTo(PauseCause.INVARIANT);
    }

    @Test
    void aRevision1FailureIsReadWithAnUnknownCause() {
        UpgradeFailed failed = (UpgradeFailed) upcast(upcasters.upgradeFailedRevision2(), UpgradeFailed.class,
                "{\"clusterId\":\"c-1\",\"upgradeId\":\"u-1\",\"reason\":\"gone\"}");
        assertThat(failed.cause()).isEqualTo(FailureCause.UNKNOWN);
        assertThat(failed.reason()).isEqualTo("gone");
    }

    @Test
    void aRevision2EventIsLeftAsItIs() {
        String json = "{\"clusterId\":\"c-1\",\"upgradeId\":\"u-1\",\"reason\":\"step x) failed: y\","
                + "\"cause\":\"OPERATOR\",\"rule\":null,\"stepId\":null,\"nodeId\":null}";
        List<IntermediateEventRepresentation> out = upcasters.upgradePausedRevision2()
                .upcast(Stream.of(representation(UpgradePaused.class, "2", json))).toList();
        assertThat(out.get(0).getType().getRevision()).isEqualTo("2");
        assertThat(((UpgradePaused) serializer.deserialize(out.get(0).getData())).cause())
                .isEqualTo(PauseCause.OPERATOR);
    }

    private Object upcast(SingleEventUpcaster upcaster, Class<?> type, String json) {
        List<IntermediateEventRepresentation> out = upcaster.upcast(Stream.of(representation(type, "1", json)))
                .toList();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).getType().getRevision()).isEqualTo("2");
        SerializedObject<?> data = out.get(0).getData();
        return serializer.deserialize(data);
    }

    private InitialEventRepresentation representation(Class<?> type, String revision, String json) {
        return new InitialEventRepresentation(new GenericDomainEventEntry<>("Cluster", "c-1", 3, "e-1",
                Instant.parse("2026-12-01T10:00:00Z"), type.getName(), revision,
                json.getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8)), serializer);
    }
}
