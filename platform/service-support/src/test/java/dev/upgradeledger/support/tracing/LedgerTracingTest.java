package dev.upgradeledger.support.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class LedgerTracingTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT = "00f067aa0ba902b7";
    private static final String SAMPLED = "00-" + TRACE + "-" + PARENT + "-01";
    private static final String NOT_SAMPLED = "00-" + TRACE + "-" + PARENT + "-00";

    private final RecordingTracer recording = new RecordingTracer(1.0);
    private final LedgerTracing tracing = recording.tracing;

    @Test
    void aChildOfATraceparentContinuesThatTraceUnderThatSpan() {
        Span span = tracing.startChild("publish UpgradeRequested", SAMPLED);
        span.end();

        assertThat(recording.ended).singleElement().satisfies(ended -> {
            assertThat(ended.getName()).isEqualTo("publish UpgradeRequested");
            assertThat(ended.getTraceId()).isEqualTo(TRACE);
            assertThat(ended.getParentSpanId()).isEqualTo(PARENT);
            assertThat(ended.getSpanId()).isNotEqualTo(PARENT);
        });
    }

    @Test
    void theCurrentTraceparentNamesTheSpanInScopeAndNothingOutsideOne() {
        assertThat(tracing.currentTraceparent()).isNull();
        Span span = tracing.startChild("command RequestUpgrade", SAMPLED);
        try (Tracer.SpanInScope scope = tracing.inScope(span)) {
            assertThat(tracing.currentTraceparent())
                    .isEqualTo("00-" + TRACE + "-" + span.context().spanId() + "-01");
        } finally {
            span.end();
        }
        assertThat(tracing.currentTraceparent()).isNull();
    }

    @Test
    void aNewSpanInScopeOfAnotherIsItsChild() {
        Span parent = tracing.startChild("http post", SAMPLED);
        try (Tracer.SpanInScope scope = tracing.inScope(parent)) {
            tracing.startSpan("command RequestUpgrade").end();
        } finally {
            parent.end();
        }

        SpanData command = recording.ended.get(0);
        assertThat(command.getName()).isEqualTo("command RequestUpgrade");
        assertThat(command.getTraceId()).isEqualTo(TRACE);
        assertThat(command.getParentSpanId()).isEqualTo(parent.context().spanId());
    }

    @Test
    void aRecordsLastTraceparentHeaderIsItsTrace() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(LedgerTracing.TRACEPARENT, ("00-" + "1".repeat(32) + "-" + "2".repeat(16) + "-01")
                .getBytes(StandardCharsets.US_ASCII));
        headers.add(LedgerTracing.TRACEPARENT, SAMPLED.getBytes(StandardCharsets.US_ASCII));

        tracing.startChild("apply UpgradeRequested", headers).end();

        assertThat(recording.ended).singleElement().satisfies(ended -> {
            assertThat(ended.getTraceId()).isEqualTo(TRACE);
            assertThat(ended.getParentSpanId()).isEqualTo(PARENT);
        });
    }

    @Test
    void aTraceThatIsNotSampledKeepsItsIdsButRecordsNothing() {
        Span span = tracing.startChild("step UPGRADE", NOT_SAMPLED);
        try (Tracer.SpanInScope scope = tracing.inScope(span)) {
            assertThat(tracing.currentTraceparent()).startsWith("00-" + TRACE + "-").endsWith("-00");
        } finally {
            span.end();
        }
        assertThat(recording.ended).isEmpty();
    }

    @Test
    void anUnsampledCopyOfATraceContextKeepsTheTraceAndItsOtherFlags() {
        assertThat(LedgerTracing.unsampled(SAMPLED)).isEqualTo(NOT_SAMPLED);
        assertThat(LedgerTracing.unsampled("00-" + TRACE + "-" + PARENT + "-03")).isEqualTo("00-" + TRACE + "-"
                + PARENT + "-02");
        assertThat(LedgerTracing.unsampled(NOT_SAMPLED)).isEqualTo(NOT_SAMPLED);
        assertThat(LedgerTracing.unsampled("garbage")).isNull();

        tracing.startChild("publish UpgradeRequested", LedgerTracing.unsampled(SAMPLED)).end();
        assertThat(recording.ended).isEmpty();
    }

    @Test
    void valuesThatAreNoTraceContextStartNoSpan() {
        RecordHeaders garbage = new RecordHeaders();
        garbage.add(LedgerTracing.TRACEPARENT, "'; drop table step_execution; --".getBytes(StandardCharsets.UTF_8));
        assertThat(tracing.startChild("x", (String) null)).isNull();
        assertThat(tracing.startChild("x", new RecordHeaders())).isNull();
        assertThat(tracing.startChild("x", garbage)).isNull();
        assertThat(tracing.startChild("x", SAMPLED.toUpperCase())).isNull();
        assertThat(tracing.startChild("x", SAMPLED + "-extra")).isNull();
        assertThat(tracing.startChild("x", "00-" + "0".repeat(32) + "-" + PARENT + "-01")).as("the invalid trace")
                .isNull();
        assertThat(tracing.startChild("x", "ff-" + TRACE + "-" + PARENT + "-01")).as("the invalid version").isNull();
        assertThat(recording.ended).isEmpty();
    }

    @Test
    void theTraceIdOfATraceparent() {
        assertThat(LedgerTracing.traceId(SAMPLED)).isEqualTo(TRACE);
        assertThat(LedgerTracing.traceId("not-a-traceparent")).isNull();
        assertThat(LedgerTracing.traceId(null)).isNull();
    }

    @Test
    void withoutTracingNothingIsStartedAndNoTraceIsNamed() {
        LedgerTracing off = LedgerTracing.off();
        Span child = off.startChild("apply UpgradeRequested", SAMPLED);
        try (Tracer.SpanInScope scope = off.inScope(child)) {
            assertThat(off.currentTraceparent()).isNull();
            assertThat(off.traceparent(off.startSpan("command RequestUpgrade"))).isNull();
        }
    }
}
