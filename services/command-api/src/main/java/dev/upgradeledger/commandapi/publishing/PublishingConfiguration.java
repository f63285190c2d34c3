package dev.upgradeledger.commandapi.publishing;

import java.time.Clock;
import java.time.Duration;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PublisherProperties.class)
class PublishingConfiguration {

    /**
     * Axon's default for a failing event handler is to log and go on, which here would skip an event for good.
     * Propagate instead: the processor releases the segment, backs off and retries from its last token.
     */
    /**
     * Events the publisher can never send (its handler throws {@link UnpublishableEventException}) are parked per
     * cluster in Axon's sequenced dead-letter queue in PostgreSQL (V5), with the cluster's later events behind them,
     * instead of stopping the only segment; see {@link PublisherDeadLetters}. Failures of Kafka itself surface when the
     * batch commits, not in the handler, so they are never parked: the batch is rolled back and sent again.
     */
    @Bean
    ConfigurerModule publisherDeadLetterQueue(ConnectionProvider connections, TransactionManager transactions) {
        return configurer -> configurer.eventProcessing().registerDeadLetterQueue(KafkaEventPublisher.PROCESSING_GROUP,
                configuration -> JdbcSequencedDeadLetterQueue.builder()
                        .processingGroup(KafkaEventPublisher.PROCESSING_GROUP)
                        .connectionProvider(connections)
                        .transactionManager(transactions)
                        .schema(DeadLetterSchema.defaultSchema())
                        .genericSerializer(configuration.serializer())
                        .eventSerializer(configuration.eventSerializer())
                        .build());
    }

    /**
     * Axon asks the queue, for every event, whether its cluster is parked (a query of {@code deadletterentry} per
     * event, some two per step of an upgrade). Its sequence identifier cache answers "not parked" from memory instead:
     * per segment, from the claim on, it knows the clusters this instance parked (asked in the database again, so a
     * re-drive elsewhere is seen) and, when the queue was empty at the claim, that no other cluster is parked. Only the
     * segment's owner parks events of that segment, and the cache is dropped with the claim, so a cluster parked by
     * another instance is always found.
     */
    @Bean
    ConfigurerModule publisherParkedClustersCached() {
        return configurer -> configurer.eventProcessing().registerDeadLetteringEventHandlerInvokerConfiguration(
                KafkaEventPublisher.PROCESSING_GROUP,
                (configuration, builder) -> builder.enableSequenceIdentifierCache());
    }

    /**
     * Axon's token store, wrapped so that the publisher's segments write their tokens less often while they only move
     * past other segments' events ({@link SkimmingTokenStore}).
     */
    @Bean
    static BeanPostProcessor publisherTokensWrittenLessWhileSkimming() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof TokenStore store && !(bean instanceof SkimmingTokenStore)
                        ? new SkimmingTokenStore(store, KafkaEventPublisher.PROCESSING_GROUP, Duration.ofSeconds(1),
                                Clock.systemUTC())
                        : bean;
            }
        };
    }

    @Bean
    ConfigurerModule publisherFailuresPropagate() {
        return configurer -> configurer.eventProcessing().registerListenerInvocationErrorHandler(
                KafkaEventPublisher.PROCESSING_GROUP, configuration -> PropagatingErrorHandler.instance());
    }
}
