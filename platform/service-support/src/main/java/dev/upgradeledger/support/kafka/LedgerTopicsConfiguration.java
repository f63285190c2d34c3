package dev.upgradeledger.support.kafka;

import dev.upgradeledger.events.LedgerTopics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Declares the ledger topics, and the dead-letter topics of this service's consumer group for the topics it consumes
 * ({@code ledger.kafka.consumed-topics}, by default {@code ledger.events}), so that
 * Spring's {@link KafkaAdmin} creates whatever is missing at start-up. Existing topics are left as they are.
 */
@AutoConfiguration
@EnableConfigurationProperties(LedgerKafkaProperties.class)
public class LedgerTopicsConfiguration {

    @Bean
    KafkaAdmin.NewTopics ledgerTopics(LedgerKafkaProperties properties,
                                      @Value("${spring.kafka.consumer.group-id:}") String consumerGroup,
                                      @Value("${ledger.kafka.consumed-topics:" + LedgerTopics.EVENTS + "}")
                                      List<String> consumedTopics) {
        List<NewTopic> topics = new ArrayList<>();
        topics.add(topic(LedgerTopics.EVENTS, properties)
                .config(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(retentionMillis(properties)))
                .config(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(properties.kafkaRecordLimitBytes()))
                .build());
        topics.add(topic(LedgerTopics.COMMANDS, properties).build());
        topics.add(topic(LedgerTopics.COMMAND_RESULTS, properties).build());
        topics.add(topic(LedgerTopics.STEP_OUTCOMES, properties).build());
        topics.add(topic(LedgerTopics.FLEET_EVENTS, properties).build());
        if (!consumerGroup.isBlank()) {
            consumedTopics.forEach(consumed -> topics.add(topic(LedgerTopics.deadLetter(consumed, consumerGroup),
                    properties).config(TopicConfig.RETENTION_MS_CONFIG, "-1").build()));
        }
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }

    /** Producers may send records up to {@code ledger.kafka.max-record-size} (plus Kafka's framing). */
    @Bean
    DefaultKafkaProducerFactoryCustomizer ledgerRecordLimit(LedgerKafkaProperties properties) {
        return factory -> factory.updateConfigs(Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                properties.kafkaRecordLimitBytes()));
    }

    private static TopicBuilder topic(String name, LedgerKafkaProperties properties) {
        return TopicBuilder.name(name)
                .partitions(properties.partitions())
                .replicas(properties.replicationFactor());
    }

    private static long retentionMillis(LedgerKafkaProperties properties) {
        return properties.eventsRetention().isNegative() ? -1 : properties.eventsRetention().toMillis();
    }
}
