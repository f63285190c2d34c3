package dev.upgradeledger.events;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.axonframework.serialization.Revision;

/** The catalog of event types: wire name (the simple class name) and revision of every {@link LedgerEvent}. */
public final class LedgerEvents {

    private static final Map<String, Class<? extends LedgerEvent>> BY_NAME = Arrays
            .stream(LedgerEvent.class.getPermittedSubclasses())
            .map(LedgerEvents::asEventClass)
            .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));

    private LedgerEvents() {
    }

    public static String typeName(Class<? extends LedgerEvent> type) {
        return type.getSimpleName();
    }

    public static String revision(Class<? extends LedgerEvent> type) {
        Revision revision = type.getAnnotation(Revision.class);
        return revision == null ? null : revision.value();
    }

    public static Optional<Class<? extends LedgerEvent>> forTypeName(String typeName) {
        return Optional.ofNullable(BY_NAME.get(typeName));
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends LedgerEvent> asEventClass(Class<?> type) {
        return (Class<? extends LedgerEvent>) type;
    }
}
