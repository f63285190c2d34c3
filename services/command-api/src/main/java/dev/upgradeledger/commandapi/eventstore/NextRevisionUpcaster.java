package dev.upgradeledger.commandapi.eventstore;

import java.util.function.UnaryOperator;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads one stored event type's older revision as the next one by changing its JSON payload (typically: the fields the
 * next revision added, with the values an older event means).
 */
final class NextRevisionUpcaster extends SingleEventUpcaster {

    private final SimpleSerializedType from;
    private final String to;
    private final UnaryOperator<ObjectNode> change;

    NextRevisionUpcaster(Class<?> type, String from, String to, UnaryOperator<ObjectNode> change) {
        this.from = new SimpleSerializedType(type.getName(), from);
        this.to = to;
        this.change = change;
    }

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return representation.getType().equals(from);
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(new SimpleSerializedType(from.getName(), to), ObjectNode.class, change);
    }
}
