package dev.upgradeledger.commandapi.audit;

import dev.upgradeledger.events.AuditMetadata;
import dev.upgradeledger.events.InvalidValueException;
import dev.upgradeledger.support.security.LedgerActor;
import java.util.UUID;
import java.util.regex.Pattern;
import org.axonframework.messaging.MetaData;
import org.springframework.security.core.Authentication;

/**
 * The audit part of a command: who sends it (over REST the authenticated principal, never a header) and the
 * correlation id ({@value #CORRELATION_HEADER}, generated when absent and echoed in the response).
 *
 * @param actor the principal's subject; for a service acting for a person, the service
 * @param actorName the actor's display name, or null
 * @param onBehalfOf the person a trusted service acts for, or null
 * @param correlationId the originating request
 */
public record RequestAudit(String actor, String actorName, String onBehalfOf, String correlationId) {

    public static final String CORRELATION_HEADER = "X-Correlation-Id";

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9@._:/-]{0,127}");

    public RequestAudit {
        if (actor == null || actor.isBlank()) {
            throw new InvalidValueException("a command needs an actor");
        }
        if (!TOKEN.matcher(correlationId).matches()) {
            throw new InvalidValueException(CORRELATION_HEADER + " must be 1-128 letters, digits or @._:/- characters");
        }
    }

    /** The audit of a REST request: its authenticated principal. */
    public static RequestAudit of(Authentication authentication, String correlationHeader) {
        LedgerActor actor = LedgerActor.of(authentication);
        return new RequestAudit(actor.subject(), actor.name(), actor.onBehalfOf(),
                correlationHeader == null ? UUID.randomUUID().toString() : correlationHeader);
    }

    /** The audit of a command sent over Kafka, whose envelope names its actor. */
    public static RequestAudit from(String actor, String correlationHeader) {
        String named = actor == null ? AuditMetadata.ANONYMOUS : actor;
        if (!TOKEN.matcher(named).matches()) {
            throw new InvalidValueException("actor must be 1-128 letters, digits or @._:/- characters");
        }
        return new RequestAudit(named, null, null,
                correlationHeader == null ? UUID.randomUUID().toString() : correlationHeader);
    }

    public MetaData metaData() {
        MetaData metaData = MetaData.with(AuditMetadata.ACTOR, actor).and(AuditMetadata.CORRELATION_ID, correlationId);
        if (actorName != null) {
            metaData = metaData.and(AuditMetadata.ACTOR_NAME, actorName);
        }
        if (onBehalfOf != null) {
            metaData = metaData.and(AuditMetadata.ON_BEHALF_OF, onBehalfOf);
        }
        return metaData;
    }
}
