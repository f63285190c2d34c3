package dev.upgradeledger.executor.messaging;

import dev.upgradeledger.executor.runner.ListenerGate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/** Pauses and resumes every consumer of the {@link LedgerEventsListener} (all its partitions). */
@Component
class LedgerEventsGate implements ListenerGate {

    private final KafkaListenerEndpointRegistry registry;

    LedgerEventsGate(KafkaListenerEndpointRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void pause() {
        MessageListenerContainer container = registry.getListenerContainer(LedgerEventsListener.ID);
        if (container != null) {
            container.pause();
        }
    }

    @Override
    public void resume() {
        MessageListenerContainer container = registry.getListenerContainer(LedgerEventsListener.ID);
        if (container != null) {
            container.resume();
        }
    }

    @Override
    public boolean paused() {
        MessageListenerContainer container = registry.getListenerContainer(LedgerEventsListener.ID);
        return container != null && container.isPauseRequested();
    }
}
