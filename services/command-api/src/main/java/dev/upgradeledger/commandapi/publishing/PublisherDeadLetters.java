package dev.upgradeledger.commandapi.publishing;

import java.util.List;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The publisher's parked events: stored events that could not be sent whatever was retried (see
 * {@link UnpublishableEventException}), each with the later events of its cluster behind it, in order. Other
 * clusters' events keep flowing. Once the cause is removed (the record limit raised on the broker and in
 * {@code ledger.kafka.max-record-size}, or the ledger upgraded to a version that can encode the event), a re-drive
 * publishes each parked cluster's events in their order.
 */
@Component
public class PublisherDeadLetters {

    private final JdbcClient jdbc;
    private final EventProcessingConfiguration eventProcessing;
    private final RecordSizeLimit limit;

    PublisherDeadLetters(JdbcClient jdbc, @Lazy EventProcessingConfiguration eventProcessing, RecordSizeLimit limit) {
        this.jdbc = jdbc;
        this.eventProcessing = eventProcessing;
        this.limit = limit;
    }

    public long parkedEvents() {
        return jdbc.sql("select count(*) from deadletterentry where processinggroup = ?")
                .param(KafkaEventPublisher.PROCESSING_GROUP).query(Long.class).single();
    }

    /** Up to {@code max} clusters with parked events, each with its count and the first cause. */
    public List<ParkedCluster> parkedClusters(int max) {
        return jdbc.sql("""
                        select sequenceidentifier, count(*),
                            (array_agg(causetype || ': ' || coalesce(causemessage, '') order by sequenceindex))[1]
                        from deadletterentry where processinggroup = ?
                        group by sequenceidentifier order by min(sequenceindex) limit ?""")
                .params(KafkaEventPublisher.PROCESSING_GROUP, max)
                .query((rs, row) -> new ParkedCluster(rs.getString(1), rs.getLong(2), rs.getString(3)))
                .list();
    }

    /**
     * Tries to publish every parked cluster's events again, in order; a cluster whose first event still fails stays
     * parked (with the new cause). Answers what was published and what is left.
     */
    public Redrive redrive() {
        limit.refresh();
        SequencedDeadLetterProcessor<EventMessage<?>> processor = eventProcessing
                .sequencedDeadLetterProcessor(KafkaEventPublisher.PROCESSING_GROUP)
                .orElseThrow(() -> new IllegalStateException("the publisher has no dead-letter queue"));
        long before = parkedEvents();
        long sequences = eventProcessing.deadLetterQueue(KafkaEventPublisher.PROCESSING_GROUP)
                .map(queue -> queue.amountOfSequences()).orElse(0L);
        for (long i = 0; i < sequences; i++) {
            processor.processAny();
        }
        long after = parkedEvents();
        return new Redrive(before - after, after);
    }

    public record ParkedCluster(String clusterId, long events, String cause) {
    }

    public record Redrive(long published, long stillParked) {
    }
}
