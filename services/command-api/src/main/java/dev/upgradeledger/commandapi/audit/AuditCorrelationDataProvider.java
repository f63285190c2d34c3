package dev.upgradeledger.commandapi.audit;

import dev.upgradeledger.events.AuditMetadata;
import java.util.HashMap;
import java.util.Map;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.correlation.CorrelationDataProvider;

/**
 * Copies the audit trail from the message being handled to every message it leads to: the actor and the
 * correlation id are passed on unchanged, and the handled message becomes the causation.
 */
public class AuditCorrelationDataProvider implements CorrelationDataProvider {

    @Override
    public Map<String, ?> correlationDataFor(Message<?> message) {
        Object actor = message.getMetaData().getOrDefault(AuditMetadata.ACTOR, AuditMetadata.ANONYMOUS);
        Object correlationId = message.getMetaData().getOrDefault(AuditMetadata.CORRELATION_ID, message.getIdentifier());
        Map<String, Object> data = new HashMap<>();
        data.put(AuditMetadata.ACTOR, actor);
        data.put(AuditMetadata.CORRELATION_ID, correlationId);
        data.put(AuditMetadata.CAUSATION_ID, message.getIdentifier());
        for (String optional : new String[] {AuditMetadata.ACTOR_NAME, AuditMetadata.ON_BEHALF_OF}) {
            Object value = message.getMetaData().get(optional);
            if (value != null) {
                data.put(optional, value);
            }
        }
        return data;
    }
}
