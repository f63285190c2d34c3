package dev.upgradeledger.support.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.util.backoff.FixedBackOff;

class DeadLetterMeterTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void isRegisteredAtZeroForTheConsumerGroup() {
        new DeadLetterMeter(meters, "projection");

        assertThat(meters.get(DeadLetterMeter.NAME).tag("group", "projection").counter().count()).isZero();
    }

    @Test
    void countsEveryRecordTheErrorHandlerParksButNotTheOnesItRetries() {
        List<ConsumerRecord<?, ?>> parked = new ArrayList<>();
        DefaultErrorHandler handler = new DefaultErrorHandler((record, failure) -> parked.add(record),
                new FixedBackOff(0, 1));
        handler.setRetryListeners(new DeadLetterMeter(meters, "projection"));
        ConsumerRecord<String, String> record = new ConsumerRecord<>("ledger.events", 3, 42, "c-1", "not json");

        assertThatThrownBy(() -> handler.handleRemaining(new IllegalStateException("first failure"), List.of(record),
                mock(Consumer.class), mock(MessageListenerContainer.class)))
                .as("retried: sought back, not parked").hasRootCauseMessage("first failure");
        assertThat(parked).isEmpty();
        assertThat(meters.get(DeadLetterMeter.NAME).counter().count()).isZero();

        handler.handleRemaining(new IllegalStateException("second failure"), List.of(record), mock(Consumer.class),
                mock(MessageListenerContainer.class));
        assertThat(parked).containsExactly(record);
        assertThat(meters.get(DeadLetterMeter.NAME).tag("group", "projection").counter().count()).isEqualTo(1);
    }
}
