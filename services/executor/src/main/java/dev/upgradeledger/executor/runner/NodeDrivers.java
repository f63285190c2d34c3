package dev.upgradeledger.executor.runner;

import dev.upgradeledger.executor.driver.NodeDriver;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** Every {@link NodeDriver} bean, by name. */
@Component
class NodeDrivers {

    private final Map<String, NodeDriver> byName;

    NodeDrivers(List<NodeDriver> drivers) {
        this.byName = drivers.stream().collect(Collectors.toUnmodifiableMap(NodeDriver::name, Function.identity()));
    }

    Optional<NodeDriver> named(String name) {
        return Optional.ofNullable(byName.get(name));
    }
}
