package dev.upgradeledger.commandapi.eventstore;

import dev.upgradeledger.commandapi.AxonJdbcAutoConfiguration;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Axon's JDBC storage engine, built as Axon's auto-configuration builds it, as a {@link LedgerEventStorageEngine}.
 * Ordered before Axon's JDBC auto-configuration, whose engine (and event schema) back off when one exists.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class, before = AxonJdbcAutoConfiguration.class)
public class EventStorageEngineAutoConfiguration {

    /**
     * @param exclusiveAbove appends of more events than this wait for the appends in flight and hold back the others
     *                       until they commit ({@code ledger.event-store.exclusive-append-above}, default 100)
     */
    @Bean
    EventStorageEngine eventStorageEngine(Serializer defaultSerializer,
                                          PersistenceExceptionResolver persistenceExceptionResolver,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          org.axonframework.config.Configuration configuration,
                                          ConnectionProvider connectionProvider,
                                          TransactionManager transactionManager,
                                          @Value("${ledger.event-store.exclusive-append-above:100}")
                                          int exclusiveAbove) {
        return new LedgerEventStorageEngine(JdbcEventStorageEngine.builder()
                .snapshotSerializer(defaultSerializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(new EventSchema()), exclusiveAbove);
    }
}
