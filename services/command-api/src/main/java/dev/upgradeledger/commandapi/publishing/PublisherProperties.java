package dev.upgradeledger.commandapi.publishing;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param acknowledgementTimeout how long a batch waits for Kafka's acknowledgements before it is rolled back and
 *                               retried; keep it above the producer's {@code delivery.timeout.ms}
 */
@ConfigurationProperties("ledger.publisher")
record PublisherProperties(@DefaultValue("45s") Duration acknowledgementTimeout) {
}
