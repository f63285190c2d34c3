package dev.upgradeledger.commandapi.audit;

import dev.upgradeledger.events.AuditMetadata;
import dev.upgradeledger.support.tracing.LedgerTracing;
import java.util.HashMap;
import java.util.Map;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.correlation.CorrelationDataProvider;

/**
 * Copies the audit trail from the message being handled to every message it leads to: the actor and the
 * correlation id are passed on unchanged, and the handled message becomes the causation. The trace is the one the
 * message is handled in (the current span, the command's), else the one the handled message names; it is kept as its
 * id ({@value AuditMetadata#TRACE_ID}) and as the {@value AuditMetadata#TRACEPARENT} that later work continues.
 */
public class AuditCorrelationDataProvider implements CorrelationDataProvider {

    private final LedgerTracing tracing;

    public AuditCorrelationDataProvider(LedgerTracing tracing) {
        this.tracing = tracing;
    }

    @Override
    public Map<String, ?> correlationDataFor(Message<?> message) {
        Object actor = message.getMetaData().getOrDefault(AuditMetadata.ACTOR, AuditMetadata.ANONYMOUS);
        Object correlationId = message.getMetaData().getOrDefault(AuditMetadata.CORRELATION_ID, message.getIdentifier());
        Map<String, Object> data = new HashMap<>();
        data.put(AuditMetadata.ACTOR, actor);
        data.put(AuditMetadata.CORRELATION_ID, correlationId);
        data.put(AuditMetadata.CAUSATION_ID, message.getIdentifier());
        String traceparent = tracing.currentTraceparent();
        if (traceparent == null) {
            traceparent = LedgerTracing.valid(String.valueOf(message.getMetaData().get(AuditMetadata.TRACEPARENT)));
        }
        if (traceparent != null) {
            data.put(AuditMetadata.TRACEPARENT, traceparent);
            data.put(AuditMetadata.TRACE_ID, LedgerTracing.traceId(traceparent));
        }
        for (String optional : new String[] {AuditMetadata.ACTOR_NAME, AuditMetadata.ON_BEHALF_OF}) {
            Object value = message.getMetaData().get(optional);
            if (value != null) {
                data.put(optional, value);
            }
        }
        return data;
    }
}
