package dev.upgradeledger.events;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The catalog of command types: the wire name of every {@link ClusterCommand}, {@link ProductCommand} and
 * {@link FleetCommand} is its simple class name.
 */
public final class LedgerCommands {

    private static final Map<String, Class<? extends LedgerCommand>> BY_NAME = Stream
            .of(ClusterCommand.class, ProductCommand.class, FleetCommand.class)
            .flatMap(family -> Arrays.stream(family.getPermittedSubclasses()))
            .map(LedgerCommands::asCommandClass)
            .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));

    private LedgerCommands() {
    }

    public static String typeName(Class<? extends LedgerCommand> type) {
        return type.getSimpleName();
    }

    public static Optional<Class<? extends LedgerCommand>> forTypeName(String typeName) {
        return Optional.ofNullable(typeName == null ? null : BY_NAME.get(typeName));
    }

    /**
     * The Kafka record key of a command: its cluster id, {@code product/<name>} for a product's command, {@code
     * fleet/<id>} for a fleet upgrade's.
     */
    public static String recordKey(LedgerCommand command) {
        if (command instanceof FleetCommand fleet) {
            return FleetCommand.recordKey(fleet.fleetId().value());
        }
        return command instanceof ClusterCommand cluster ? cluster.clusterId().value()
                : ProductCommand.recordKey(((ProductCommand) command).product());
    }

    /**
     * The cluster a command is for, or null for a product's or a fleet upgrade's command (a {@link CommandResult}'s
     * {@code clusterId}).
     */
    public static String clusterIdOf(LedgerCommand command) {
        return command instanceof ClusterCommand cluster ? cluster.clusterId().value() : null;
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends LedgerCommand> asCommandClass(Class<?> type) {
        return (Class<? extends LedgerCommand>) type;
    }
}
