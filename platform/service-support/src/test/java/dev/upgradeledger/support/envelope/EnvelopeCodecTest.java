package dev.upgradeledger.support.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.ClusterRegistered;
import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.NodeSpec;
import dev.upgradeledger.events.Version;
import dev.upgradeledger.support.kafka.UnprocessableRecordException;
import dev.upgradeledger.events.FailurePolicy;
import dev.upgradeledger.events.MaxUnavailable;
import dev.upgradeledger.events.SchemaChange;
import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.events.StepStarted;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.events.UpgradeRequested;
import dev.upgradeledger.events.UpgradeStrategy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnvelopeCodecTest {

    private final EnvelopeCodec codec = new EnvelopeCodec();

    private final EventEnvelope envelope = new EventEnvelope("e-1", "ClusterRegistered", "1", ClusterId.of("c1"), 0, 17,
            Instant.parse("2026-11-21T10:42:00.123456Z"), "req-1", "cmd-1", "sre-alice",
            new ClusterRegistered(ClusterId.of("c1"), "camunda", Version.of("7.5"), Version.of("7.5"),
                    List.of(new NodeSpec(NodeId.of("engine-1"), "10.0.0.11:8080", null))));

    @Test
    void anEnvelopeSurvivesTheRoundTrip() {
        assertThat(codec.decode(codec.encode(envelope))).isEqualTo(envelope);
    }

    @Test
    void theWireFormatIsFlatJsonWithIsoTimestampsAndPlainIds() {
        String text = codec.encode(envelope);

        assertThat(text).startsWith("{\"eventId\":\"e-1\",\"eventType\":\"ClusterRegistered\",\"eventRevision\":\"1\"")
                .contains("\"clusterId\":\"c1\"", "\"sequence\":0", "\"position\":17",
                        "\"timestamp\":\"2026-11-21T10:42:00.123456Z\"", "\"actor\":\"sre-alice\"",
                        "\"payload\":{\"clusterId\":\"c1\",\"product\":\"camunda\"");
    }

    @Test
    void theTraceIdTravelsWhenTheEventHasOneAndIsLeftOutWhenNot() {
        EventEnvelope traced = new EventEnvelope(envelope.eventId(), envelope.eventType(), envelope.eventRevision(),
                envelope.clusterId(), envelope.sequence(), envelope.position(), envelope.timestamp(),
                envelope.correlationId(), envelope.causationId(), envelope.actor(), envelope.payload(), null, null,
                "4bf92f3577b34da6a3ce929d0e0e4736");

        assertThat(codec.encode(traced)).contains("\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\"");
        assertThat(codec.decode(codec.encode(traced))).isEqualTo(traced);
        assertThat(codec.encode(envelope)).doesNotContain("traceId");
        assertThat(codec.decode(codec.encode(envelope)).traceId()).isNull();
    }

    @Test
    void fieldsAddedByANewerProducerAreIgnored() {
        String newer = codec.encode(envelope).replaceFirst("\\{", "{\"tenant\":\"t-1\",");

        assertThat(codec.decode(newer)).isEqualTo(envelope);
    }

    @Test
    void fieldsInAnotherOrderAndValuesOfAnotherJsonKindReadAsBefore() {
        String payload = codec.encode(envelope).replaceFirst("^.*\"payload\":", "").replaceFirst("}$", "");
        String reordered = "{\"payload\":" + payload + ",\"timestamp\":\"2026-11-21T10:42:00.123456Z\","
                + "\"sequence\":\"0\",\"position\":17,\"clusterId\":\"c1\",\"eventRevision\":1,"
                + "\"eventType\":\"ClusterRegistered\",\"eventId\":\"e-1\",\"correlationId\":\"req-1\","
                + "\"causationId\":\"cmd-1\",\"actor\":\"sre-alice\",\"extra\":{\"nested\":[1,2,{}]}}";

        assertThat(codec.decode(reordered)).isEqualTo(envelope);
    }

    @Test
    void thePayloadsTextIsKeptAsTheRecordCarriedIt() {
        String text = codec.encode(envelope);
        String payload = text.substring(text.indexOf("\"payload\":") + "\"payload\":".length(), text.length() - 1);

        EnvelopeCodec.Decoded decoded = codec.decodeWithPayloadText(text);

        assertThat(decoded.envelope()).isEqualTo(envelope);
        assertThat(decoded.payloadText()).isEqualTo(payload).startsWith("{\"clusterId\":\"c1\"").endsWith("}");
        assertThat(codec.decodePayload("ClusterRegistered", decoded.payloadText())).isEqualTo(envelope.payload());
        String spaced = "{\"payload\" : " + payload.replace(",", " , ") + " , " + text.substring(1, text.indexOf(
                ",\"payload\":")) + "}";
        assertThat(codec.decodeWithPayloadText(spaced).payloadText()).isEqualTo(payload.replace(",", " , "));
        assertThat(codec.decodeWithPayloadText(spaced).envelope()).isEqualTo(envelope);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-21T10:42:00Z", "2026-11-21T10:42:00.1Z", "2026-11-21T10:42:00.123Z",
            "2026-11-21T10:42:00.123456Z", "2026-11-21T10:42:00.123456789Z", "1970-01-01T00:00:00Z",
            "2024-02-29T23:59:59.999999999Z", "1969-12-31T23:59:59.5Z", "0001-01-01T00:00:00Z"})
    void timestampsInTheFormEncodeWritesAreReadAsInstantParseReadsThem(String text) {
        assertThat(EnvelopeCodec.utcInstant(text)).isEqualTo(Instant.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-21T10:42:00+01:00", "2026-02-30T10:42:00Z", "2026-11-21T24:00:00Z",
            "2026-11-21T10:42:60Z", "2026-11-21 10:42:00Z", "2026-11-21T10:42:00.Z", "2026-11-21T10:42:00.1234567890Z",
            "+2026-11-21T10:42:00Z", "2026-13-01T00:00:00Z", "2026-1a-01T00:00:00Z"})
    void otherTimestampFormsAreLeftToTheGeneralParsers(String text) {
        assertThat(EnvelopeCodec.utcInstant(text)).isNull();
    }

    @Test
    void aTimestampWithAnOffsetIsStillRead() {
        String text = codec.encode(envelope).replace("\"2026-11-21T10:42:00.123456Z\"",
                "\"2026-11-21T11:42:00.123456+01:00\"");

        assertThat(codec.decode(text)).isEqualTo(envelope);
    }

    @Test
    void aReaderOfFewTypesGetsTheHeaderOfTheOthersWithoutTheirPayload() {
        String text = codec.encode(envelope);

        EventEnvelope header = codec.decode(text, Set.of("StepStarted"));

        assertThat(header.payload()).isNull();
        assertThat(header).isEqualTo(new EventEnvelope(envelope.eventId(), envelope.eventType(),
                envelope.eventRevision(), envelope.clusterId(), envelope.sequence(), envelope.position(),
                envelope.timestamp(), envelope.correlationId(), envelope.causationId(), envelope.actor(), null));
        assertThat(codec.decode(text, Set.of("ClusterRegistered"))).isEqualTo(envelope);
        // a payload that would not read as its type is not read at all; the type and the JSON are still checked
        String unreadable = text.replaceFirst("\"nodes\":\\[", "\"nodes\":{\"not\":\"a list\"},\"ignored\":[");
        assertThatThrownBy(() -> codec.decode(unreadable)).isInstanceOf(UnprocessableRecordException.class);
        assertThat(codec.decode(unreadable, Set.of("StepStarted")).sequence()).isEqualTo(0);
        assertThatThrownBy(() -> codec.decode(text.replace("\"ClusterRegistered\"", "\"EventFromTheFuture\""),
                Set.of("StepStarted"))).isInstanceOf(UnprocessableRecordException.class)
                .hasMessage("unknown event type EventFromTheFuture");
        assertThatThrownBy(() -> codec.decode(text.substring(0, text.length() - 3), Set.of("StepStarted")))
                .isInstanceOf(UnprocessableRecordException.class);
    }

    @Test
    void anUnknownEventTypeIsUnprocessable() {
        assertThatThrownBy(() -> codec.decode("{\"eventType\":\"EventFromTheFuture\",\"payload\":{}}"))
                .isInstanceOf(UnprocessableRecordException.class)
                .hasMessage("unknown event type EventFromTheFuture");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "[]", "null", "{\"payload\":{}}", "{\"eventType\":null,\"payload\":{}}", "{\"eventType\":\"ClusterRegistered\"}",
            "{\"eventId\":\"e\",\"eventType\":\"ClusterRegistered\",\"clusterId\":\"c1\",\"sequence\":0,"
                    + "\"position\":1,\"timestamp\":\"2026-01-01T00:00:00Z\",\"payload\":null}",
            "{\"eventId\":\"e\",\"eventType\":\"ClusterRegistered\",\"clusterId\":\"c1\",\"sequence\":0,"
                    + "\"position\":1,\"timestamp\":\"not a time\",\"payload\":{}}",
            "{\"eventId\":\"e\",\"eventType\":\"ClusterRegistered\",\"clusterId\":\"BAD ID\",\"sequence\":0,"
                    + "\"position\":1,\"timestamp\":\"2026-01-01T00:00:00Z\",\"payload\":{}}"})
    void textThatIsNoEnvelopeIsUnprocessable(String text) {
        assertThatThrownBy(() -> codec.decode(text)).isInstanceOf(UnprocessableRecordException.class);
    }

    @Test
    void aPayloadStoredApartByAPlainJacksonMapperReadsBack() {
        JsonMapper plain = JsonMapper.builder().build();
        UpgradeRequested requested = new UpgradeRequested(ClusterId.of("c1"), UpgradeId.of("u-1"), Version.of("7.5"),
                Version.of("7.6"), null, UpgradeStrategy.ROLLING, SchemaChange.ADDITIVE, false, MaxUnavailable.of("33%"),
                false, null, FailurePolicy.PAUSE, false, 3, Duration.ofMinutes(10));
        StepStarted started = new StepStarted(ClusterId.of("c1"), UpgradeId.of("u-1"), "s1.0", StepAction.UPGRADE_NODE,
                ClusterId.of("c1"), NodeId.of("engine-1"), Map.of("version", "7.6"), 2,
                Instant.parse("2026-11-21T10:52:00.5Z"), 1);

        assertThat(codec.decodePayload("UpgradeRequested", plain.writeValueAsString(requested))).isEqualTo(requested);
        assertThat(codec.decodePayload("StepStarted", plain.writeValueAsString(started))).isEqualTo(started);
        assertThatThrownBy(() -> codec.decodePayload("EventFromTheFuture", "{}"))
                .isInstanceOf(UnprocessableRecordException.class);
    }
}
