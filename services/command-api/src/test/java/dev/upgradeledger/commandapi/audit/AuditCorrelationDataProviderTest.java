package dev.upgradeledger.commandapi.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.events.AuditMetadata;
import dev.upgradeledger.support.tracing.LedgerTracing;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.HashMap;
import java.util.Map;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;

class AuditCorrelationDataProviderTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String REQUEST = "00-" + TRACE + "-00f067aa0ba902b7-01";

    private final io.opentelemetry.api.trace.Tracer otel = SdkTracerProvider.builder().build().get("test");
    private final LedgerTracing tracing = new LedgerTracing(new OtelTracer(otel, new OtelCurrentTraceContext(),
            event -> { }), new OtelPropagator(ContextPropagators.create(W3CTraceContextPropagator.getInstance()), otel));
    private final AuditCorrelationDataProvider provider = new AuditCorrelationDataProvider(tracing);

    @Test
    void eventsOfACommandHandledInASpanCarryThatSpansTraceNextToTheAuditTrail() {
        GenericCommandMessage<String> command = new GenericCommandMessage<>("RequestUpgrade",
                MetaData.with(AuditMetadata.ACTOR, "sre-alice").and(AuditMetadata.CORRELATION_ID, "req-1"));
        Span span = tracing.startChild("command RequestUpgrade", REQUEST);
        Map<String, Object> data;
        try (Tracer.SpanInScope scope = tracing.inScope(span)) {
            data = dataFor(command);
        } finally {
            span.end();
        }

        assertThat(data).containsEntry(AuditMetadata.ACTOR, "sre-alice")
                .containsEntry(AuditMetadata.CORRELATION_ID, "req-1")
                .containsEntry(AuditMetadata.CAUSATION_ID, command.getIdentifier())
                .containsEntry(AuditMetadata.TRACE_ID, TRACE)
                .containsEntry(AuditMetadata.TRACEPARENT, "00-" + TRACE + "-" + span.context().spanId() + "-01");
    }

    @Test
    void withoutACurrentSpanTheTraceOfTheHandledMessageIsKept() {
        GenericCommandMessage<String> deadline = new GenericCommandMessage<>("StepDeadline",
                MetaData.with(AuditMetadata.TRACEPARENT, REQUEST).and(AuditMetadata.TRACE_ID, TRACE));

        assertThat(dataFor(deadline)).containsEntry(AuditMetadata.TRACEPARENT, REQUEST)
                .containsEntry(AuditMetadata.TRACE_ID, TRACE);
    }

    @Test
    void aMessageOutsideAnyTraceLeadsToEventsWithoutOne() {
        GenericCommandMessage<String> command = new GenericCommandMessage<>("RegisterCluster",
                MetaData.with(AuditMetadata.TRACEPARENT, "forged"));

        assertThat(dataFor(command)).doesNotContainKeys(AuditMetadata.TRACEPARENT,
                AuditMetadata.TRACE_ID).containsKeys(AuditMetadata.ACTOR, AuditMetadata.CORRELATION_ID,
                AuditMetadata.CAUSATION_ID);
    }

    private Map<String, Object> dataFor(Message<?> message) {
        return new HashMap<>(provider.correlationDataFor(message));
    }
}
