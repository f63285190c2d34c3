package dev.upgradeledger.support.kafka;

import dev.upgradeledger.events.LedgerTopics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/** Kafka health for readiness, and dead-lettering for the service's consumer group. */
@AutoConfiguration
@EnableConfigurationProperties(LedgerKafkaProperties.class)
public class LedgerKafkaConfiguration {

    @Bean(name = "kafkaHealthIndicator")
    @ConditionalOnMissingBean(name = "kafkaHealthIndicator")
    KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin kafkaAdmin) {
        return new KafkaHealthIndicator(kafkaAdmin, Duration.ofSeconds(3));
    }

    /**
     * Retries a failed record with exponential back-off, then publishes it with the failure in its headers to
     * {@code <topic>.<group>.dlt} (same partition) and moves on, so one bad record never blocks its partition.
     * {@link UnprocessableRecordException}s are not retried. Parked records are counted ({@link DeadLetterMeter}).
     */
    @Bean
    @ConditionalOnProperty("spring.kafka.consumer.group-id")
    @ConditionalOnMissingBean(CommonErrorHandler.class)
    DefaultErrorHandler ledgerConsumerErrorHandler(KafkaOperations<?, ?> kafkaOperations,
                                                   LedgerKafkaProperties properties,
                                                   @Value("${spring.kafka.consumer.group-id}") String consumerGroup,
                                                   ObjectProvider<MeterRegistry> meters) {
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(kafkaOperations,
                (record, failure) -> new TopicPartition(
                        LedgerTopics.deadLetter(record.topic(), consumerGroup), record.partition()));
        ExponentialBackOff backOff = new ExponentialBackOff(properties.retry().initialInterval().toMillis(), 2.0);
        backOff.setMaxInterval(properties.retry().maxInterval().toMillis());
        backOff.setMaxElapsedTime(properties.retry().maxElapsed().toMillis());
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(UnprocessableRecordException.class);
        meters.ifAvailable(registry -> handler.setRetryListeners(new DeadLetterMeter(registry, consumerGroup)));
        return handler;
    }
}
