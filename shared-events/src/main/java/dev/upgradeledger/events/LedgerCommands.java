package dev.upgradeledger.events;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The catalog of command types: the wire name of every {@link ClusterCommand} is its simple class name. */
public final class LedgerCommands {

    private static final Map<String, Class<? extends ClusterCommand>> BY_NAME = Arrays
            .stream(ClusterCommand.class.getPermittedSubclasses())
            .map(LedgerCommands::asCommandClass)
            .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));

    private LedgerCommands() {
    }

    public static String typeName(Class<? extends ClusterCommand> type) {
        return type.getSimpleName();
    }

    public static Optional<Class<? extends ClusterCommand>> forTypeName(String typeName) {
        return Optional.ofNullable(typeName == null ? null : BY_NAME.get(typeName));
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends ClusterCommand> asCommandClass(Class<?> type) {
        return (Class<? extends ClusterCommand>) type;
    }
}
