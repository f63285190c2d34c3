package dev.upgradeledger.commandapi.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.Arrays;
import org.axonframework.eventhandling.EventHandler;
import org.junit.jupiter.api.Test;

/**
 * The notifier's processor reads every event of the store; only handlers of the notified types keep it from
 * deserializing the others (Axon matches handlers by the stored type first).
 */
class UpgradeNotifierHandlersTest {

    @Test
    void handlesExactlyTheNotifiedTypesAndNoSupertype() {
        var handled = Arrays.stream(UpgradeNotifier.class.getDeclaredMethods())
                .filter(method -> method.isAnnotationPresent(EventHandler.class))
                .map(Method::getParameterTypes)
                .map(parameters -> parameters[0])
                .toList();

        assertThat(handled).containsExactlyInAnyOrderElementsOf(UpgradeNotifier.NOTIFIED);
    }
}
