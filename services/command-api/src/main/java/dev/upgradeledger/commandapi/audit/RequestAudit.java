package dev.upgradeledger.commandapi.audit;

import dev.upgradeledger.events.AuditMetadata;
import dev.upgradeledger.events.InvalidValueException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.axonframework.messaging.MetaData;

/**
 * The audit part of a request: who sends it ({@value #ACTOR_HEADER}, until authentication provides it) and the
 * correlation id ({@value #CORRELATION_HEADER}, generated when absent and echoed in the response).
 */
public record RequestAudit(String actor, String correlationId) {

    public static final String ACTOR_HEADER = "X-Actor";
    public static final String CORRELATION_HEADER = "X-Correlation-Id";

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9@._:/-]{0,127}");

    public RequestAudit {
        if (!TOKEN.matcher(actor).matches()) {
            throw new InvalidValueException(ACTOR_HEADER + " must be 1-128 letters, digits or @._:/- characters");
        }
        if (!TOKEN.matcher(correlationId).matches()) {
            throw new InvalidValueException(CORRELATION_HEADER + " must be 1-128 letters, digits or @._:/- characters");
        }
    }

    public static RequestAudit from(String actorHeader, String correlationHeader) {
        return new RequestAudit(actorHeader == null ? AuditMetadata.ANONYMOUS : actorHeader,
                correlationHeader == null ? UUID.randomUUID().toString() : correlationHeader);
    }

    public MetaData metaData() {
        return MetaData.with(AuditMetadata.ACTOR, actor).and(AuditMetadata.CORRELATION_ID, correlationId);
    }
}
