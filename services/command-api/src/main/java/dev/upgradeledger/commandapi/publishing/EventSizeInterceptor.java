package dev.upgradeledger.commandapi.publishing;

import dev.upgradeledger.events.LedgerEvent;
import dev.upgradeledger.events.LedgerEvents;
import dev.upgradeledger.support.envelope.EnvelopeCodec;
import java.util.List;
import java.util.function.BiFunction;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;

/**
 * Refuses, before anything is stored, a command that would store an event too large to be published: each event's
 * envelope is encoded as the publisher will encode it and compared with {@link RecordSizeLimit}. Thrown inside the
 * command's unit of work, so the command stores nothing and is answered 422 {@code event-too-large} (REST) or
 * REJECTED (Kafka).
 */
public class EventSizeInterceptor implements MessageDispatchInterceptor<EventMessage<?>> {

    /** The envelope's global position is not known yet: room for its digits. */
    private static final int POSITION_DIGITS = 20;

    private final RecordSizeLimit limit;
    private final EnvelopeCodec codec;

    public EventSizeInterceptor(RecordSizeLimit limit, EnvelopeCodec codec) {
        this.limit = limit;
        this.codec = codec;
    }

    @Override
    public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(List<? extends EventMessage<?>> messages) {
        return (index, message) -> {
            if (message.getPayload() instanceof LedgerEvent event && message instanceof DomainEventMessage<?> domain) {
                String envelope = codec.encode(KafkaEventPublisher.toEnvelope(event, domain, null));
                long size = limit.excess(envelope, POSITION_DIGITS);
                if (size >= 0) {
                    throw new EventTooLargeException(LedgerEvents.typeName(event.getClass()), size,
                            limit.bytes() - POSITION_DIGITS);
                }
            }
            return message;
        };
    }
}
