package dev.upgradeledger.support.kafka;

import java.time.Duration;
import org.springframework.util.unit.DataSize;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the ledger's topics are created and how its consumers give up on a record.
 *
 * @param partitions        partitions of every ledger topic; clusters are spread over them by id
 * @param replicationFactor replicas of every ledger topic
 * @param eventsRetention   retention of {@code ledger.events}; negative keeps every event, so the read side can be
 *                          rebuilt from the topic
 * @param retry             how a consumer retries a record that failed for a reason that may pass
 * @param maxRecordSize     the largest record the ledger writes: the producers' {@code max.request.size} and, when
 *                          the ledger creates {@code ledger.events}, its {@code max.message.bytes} (each with
 *                          {@value #RECORD_OVERHEAD_BYTES} bytes of room for Kafka's own framing); an event whose
 *                          envelope does not fit is refused before it is stored
 */
@ConfigurationProperties("ledger.kafka")
public record LedgerKafkaProperties(@DefaultValue("6") int partitions,
                                    @DefaultValue("1") short replicationFactor,
                                    @DefaultValue("-1ms") Duration eventsRetention,
                                    @DefaultValue Retry retry,
                                    @DefaultValue("1MB") DataSize maxRecordSize) {

    /** Room for Kafka's batch and record framing (headers, key, lengths) beyond the record's value. */
    public static final int RECORD_OVERHEAD_BYTES = 16 * 1024;

    /** The limit to give Kafka ({@code max.request.size}, {@code max.message.bytes}) for {@link #maxRecordSize}. */
    public int kafkaRecordLimitBytes() {
        return Math.toIntExact(maxRecordSize.toBytes() + RECORD_OVERHEAD_BYTES);
    }

    /**
     * @param initialInterval first pause before a retry
     * @param maxInterval     longest pause between two retries
     * @param maxElapsed      after this, the record goes to the dead-letter topic and the partition moves on
     */
    public record Retry(@DefaultValue("200ms") Duration initialInterval,
                        @DefaultValue("5s") Duration maxInterval,
                        @DefaultValue("30s") Duration maxElapsed) {
    }
}
