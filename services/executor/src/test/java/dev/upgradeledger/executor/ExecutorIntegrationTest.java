package dev.upgradeledger.executor;

import dev.upgradeledger.testsupport.LedgerIntegrationTest;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/**
 * The executor's integration tests, all in one Spring context, with the dev profile (the simulated fleet): small limits so that back-pressure shows with a dozen
 * steps, short leases so that a takeover shows within seconds, and a Kafka {@code max.poll.interval.ms} of 10 s so that
 * an action of 15 s would cost the partition if the listener waited for it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@LedgerIntegrationTest
@ActiveProfiles("dev")
@TestPropertySource(properties = {
        "ledger.executor.max-in-flight=" + ExecutorIntegrationTest.MAX_IN_FLIGHT,
        "ledger.executor.queue-capacity=" + ExecutorIntegrationTest.QUEUE_CAPACITY,
        "ledger.executor.lease=3s",
        "ledger.executor.heartbeat-interval=500ms",
        "ledger.executor.sweep-interval=200ms",
        "ledger.executor.shutdown-grace=2s",
        "spring.kafka.consumer.properties.max.poll.interval.ms=" + ExecutorIntegrationTest.MAX_POLL_INTERVAL_MS})
public @interface ExecutorIntegrationTest {

    int MAX_IN_FLIGHT = 4;
    int QUEUE_CAPACITY = 2;
    int MAX_POLL_INTERVAL_MS = 10_000;
}
