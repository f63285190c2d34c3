package dev.upgradeledger.projection.recovery;

import java.time.Duration;
import java.util.Collection;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * The projection's Kafka listener containers, which write the live read models: stopped while the schema is recreated,
 * paused for the switch of a side-by-side rebuild. Started again, they seek to the offsets the read models include.
 */
@Component
public class LiveListeners {

    private static final Duration PAUSE_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaListenerEndpointRegistry registry;

    LiveListeners(KafkaListenerEndpointRegistry registry) {
        this.registry = registry;
    }

    /** Stops every container and waits until its consumers have left (their current record finished). */
    public void stop() {
        containers().forEach(MessageListenerContainer::stop);
    }

    public void start() {
        containers().forEach(MessageListenerContainer::start);
    }

    /** Pauses every running container and waits until no record is being applied. */
    public void pause() {
        containers().stream().filter(MessageListenerContainer::isRunning).forEach(MessageListenerContainer::pause);
        long deadline = System.nanoTime() + PAUSE_TIMEOUT.toNanos();
        while (!containers().stream().filter(MessageListenerContainer::isRunning)
                .allMatch(MessageListenerContainer::isContainerPaused)) {
            if (System.nanoTime() > deadline) {
                resume();
                throw new IllegalStateException("the live listeners did not pause within " + PAUSE_TIMEOUT);
            }
            sleep();
        }
    }

    public void resume() {
        containers().forEach(MessageListenerContainer::resume);
    }

    private Collection<MessageListenerContainer> containers() {
        return registry.getListenerContainers();
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pausing the live listeners", e);
        }
    }
}
