package dev.upgradeledger.support.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.springframework.kafka.listener.RetryListener;

/**
 * Counts the records the consumer group's error handler parked on its dead-letter topic, as
 * {@code ledger.kafka.dead-letters{group}} (Prometheus: {@code ledger_kafka_dead_letters_total}). Registered at zero
 * when the service starts, so that an alert on its increase has a series to look at before the first dead letter.
 */
public class DeadLetterMeter implements RetryListener {

    static final String NAME = "ledger.kafka.dead-letters";

    private final Counter deadLetters;

    public DeadLetterMeter(MeterRegistry meters, String consumerGroup) {
        this.deadLetters = Counter.builder(NAME).tag("group", consumerGroup)
                .description("Records parked on the consumer group's dead-letter topic").register(meters);
    }

    @Override
    public void failedDelivery(ConsumerRecord<?, ?> record, Exception failure, int deliveryAttempt) {
    }

    @Override
    public void recovered(ConsumerRecord<?, ?> record, Exception failure) {
        deadLetters.increment();
    }

    @Override
    public void recovered(ConsumerRecords<?, ?> records, Exception failure) {
        deadLetters.increment(records.count());
    }
}
