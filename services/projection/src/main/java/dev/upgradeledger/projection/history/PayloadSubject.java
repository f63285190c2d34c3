package dev.upgradeledger.projection.history;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.upgradeledger.events.LedgerEvent;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The upgrade, node and step an event's history row names: the text of its payload's top-level {@code upgradeId},
 * {@code nodeId} and {@code stepId} properties as JSON writes them (null when absent or null). Read from the event
 * record's components of those names (found once per event class), without writing the payload as a JSON tree: a
 * plain string is taken as it is, a typed id whose JSON form is one {@code @JsonValue} string component (the ids of
 * {@code shared-events}) as that string, any other value as the JSON text it is written as.
 */
final class PayloadSubject {

    static final int UPGRADE_ID = 0;
    static final int NODE_ID = 1;
    static final int STEP_ID = 2;
    private static final String[] NAMES = {"upgradeId", "nodeId", "stepId"};

    private final JsonMapper json;
    private final ConcurrentMap<Class<?>, Method[]> accessors = new ConcurrentHashMap<>();
    /** Per value class: the accessor of its one {@code @JsonValue} string component, or {@link #AS_JSON}. */
    private final ConcurrentMap<Class<?>, Method> jsonValues = new ConcurrentHashMap<>();
    private static final Method AS_JSON;

    static {
        try {
            AS_JSON = Object.class.getMethod("toString");
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    PayloadSubject(JsonMapper json) {
        this.json = json;
    }

    /** The text of the payload's property {@code NAMES[which]}, as {@code payload.get(name).asString()} reads it. */
    String text(LedgerEvent payload, int which) {
        Method accessor = accessors.computeIfAbsent(payload.getClass(), PayloadSubject::find)[which];
        if (accessor == null) {
            return null;
        }
        Object value;
        try {
            value = accessor.invoke(payload);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + NAMES[which] + " of " + payload.getClass(), e);
        }
        if (value == null || value instanceof String) {
            return (String) value;
        }
        Method jsonValue = jsonValues.computeIfAbsent(value.getClass(), PayloadSubject::jsonValue);
        if (jsonValue != AS_JSON) {
            try {
                return (String) jsonValue.invoke(value);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read the JSON value of " + value.getClass(), e);
            }
        }
        JsonNode node = json.valueToTree(value);
        return node == null || node.isNull() ? null : node.asString();
    }

    /** The accessor of a record's only component when it is a {@code @JsonValue} string, else {@link #AS_JSON}. */
    private static Method jsonValue(Class<?> type) {
        RecordComponent[] components = type.getRecordComponents();
        if (components == null || components.length != 1 || components[0].getType() != String.class
                || !components[0].getAccessor().isAnnotationPresent(JsonValue.class)) {
            return AS_JSON;
        }
        Method accessor = components[0].getAccessor();
        accessor.setAccessible(true);
        return accessor;
    }

    private static Method[] find(Class<?> type) {
        Method[] found = new Method[NAMES.length];
        RecordComponent[] components = type.getRecordComponents();
        if (components == null) {
            throw new IllegalStateException(type + " is not a record: its JSON properties cannot be read as components");
        }
        for (RecordComponent component : components) {
            for (int i = 0; i < NAMES.length; i++) {
                if (component.getName().equals(NAMES[i])) {
                    Method accessor = component.getAccessor();
                    accessor.setAccessible(true);
                    found[i] = accessor;
                }
            }
        }
        return found;
    }
}
