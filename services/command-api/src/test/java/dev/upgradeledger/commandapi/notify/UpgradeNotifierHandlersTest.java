package dev.upgradeledger.commandapi.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.junit.jupiter.api.Test;

/**
 * The notifier's processor reads every event of the store; only handlers of the notified types, which take the message
 * and not the payload, keep it from deserializing events (Axon matches handlers by the stored type first, and
 * deserializes the payload only to pass it as a parameter or when asked for it).
 */
class UpgradeNotifierHandlersTest {

    @Test
    void handlesExactlyTheNotifiedTypesAndTakesOnlyTheMessage() {
        List<Method> handlers = Arrays.stream(UpgradeNotifier.class.getDeclaredMethods())
                .filter(method -> method.isAnnotationPresent(EventHandler.class))
                .toList();

        List<Class<?>> types = handlers.stream()
                .<Class<?>>map(method -> method.getAnnotation(EventHandler.class).payloadType()).toList();
        assertThat(types).containsExactlyInAnyOrder(UpgradeNotifier.NOTIFIED.toArray(Class<?>[]::new));
        assertThat(handlers).allSatisfy(method -> assertThat(method.getParameterTypes())
                .containsExactly(DomainEventMessage.class));
    }

    @Test
    void theFleetNotifierHandlesExactlyItsNotifiedTypesAndTakesOnlyTheMessage() {
        List<Method> handlers = Arrays.stream(FleetNotifier.class.getDeclaredMethods())
                .filter(method -> method.isAnnotationPresent(EventHandler.class))
                .toList();

        List<Class<?>> types = handlers.stream()
                .<Class<?>>map(method -> method.getAnnotation(EventHandler.class).payloadType()).toList();
        assertThat(types).containsExactlyInAnyOrder(FleetNotifier.NOTIFIED.toArray(Class<?>[]::new));
        assertThat(handlers).allSatisfy(method -> assertThat(method.getParameterTypes())
                .containsExactly(DomainEventMessage.class));
    }
}
