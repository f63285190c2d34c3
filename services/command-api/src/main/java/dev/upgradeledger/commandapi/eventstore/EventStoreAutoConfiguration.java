package dev.upgradeledger.commandapi.eventstore;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import dev.upgradeledger.commandapi.AxonJdbcAutoConfiguration;
import dev.upgradeledger.commandapi.publishing.EventSizeInterceptor;
import dev.upgradeledger.commandapi.publishing.RecordSizeLimit;
import dev.upgradeledger.support.envelope.EnvelopeCodec;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Replaces Axon's {@code eventStore} bean (same settings as Axon's auto-configuration) with {@link LedgerEventStore}.
 * An auto-configuration ordered between Axon's JDBC one (whose storage engine backs off when an event bus exists) and
 * Axon's main one (whose event store backs off when this one exists).
 */
@AutoConfiguration(after = AxonJdbcAutoConfiguration.class, before = AxonAutoConfiguration.class)
public class EventStoreAutoConfiguration {

    /**
     * @param fetchDelay how long the producer sleeps when it found no new events and nobody woke it: only a safety net
     *                   now (wake-ups come after every commit, and from PostgreSQL for other processes' events)
     */
    @Bean
    LedgerEventStore eventStore(EventStorageEngine storageEngine, Configuration configuration,
                                @Value("${ledger.publisher.fetch-delay:1s}") Duration fetchDelay,
                                RecordSizeLimit recordSizeLimit, EnvelopeCodec codec) {
        LedgerEventStore eventStore = new LedgerEventStore(EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                .fetchDelay(fetchDelay.toMillis()));
        // Commands are refused before they store an event that could not be published.
        eventStore.registerDispatchInterceptor(new EventSizeInterceptor(recordSizeLimit, codec));
        return eventStore;
    }

    @Bean
    EventStoreNotifications eventStoreNotifications(JdbcConnectionDetails database, LedgerEventStore eventStore,
                                                    MeterRegistry meters) {
        return new EventStoreNotifications(database, eventStore, meters);
    }
}
