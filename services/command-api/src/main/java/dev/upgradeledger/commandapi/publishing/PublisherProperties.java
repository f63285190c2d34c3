package dev.upgradeledger.commandapi.publishing;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param acknowledgementTimeout how long a batch waits for Kafka's acknowledgements before it is rolled back and
 *                               retried; keep it above the producer's {@code delivery.timeout.ms}
 * @param segments               the publishing segments by cluster: a new token store is made with as many, an
 *                               existing one with fewer is split up to them while running
 *                               ({@link PublisherSegmentSplitter}; a power of two, or the power of two below is
 *                               reached); each replica runs as many publishing threads, so that one can hold all
 * @param segmentCheckInterval   how often a replica looks for segments of its own to split
 */
@Validated
@ConfigurationProperties("ledger.publisher")
record PublisherProperties(@DefaultValue("45s") Duration acknowledgementTimeout,
                           @DefaultValue("4") @Min(1) @Max(64) int segments,
                           @DefaultValue("10s") Duration segmentCheckInterval) {
}
