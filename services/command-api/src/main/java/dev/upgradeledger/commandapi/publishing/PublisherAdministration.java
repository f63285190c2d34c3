package dev.upgradeledger.commandapi.publishing;

import java.util.List;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.springframework.stereotype.Service;

/** Status and replay of the publishing processor. */
@Service
public class PublisherAdministration {

    private final EventProcessingConfiguration eventProcessing;
    private final TokenStore tokens;
    private final TransactionManager transactions;

    PublisherAdministration(EventProcessingConfiguration eventProcessing, TokenStore tokens,
                            TransactionManager transactions) {
        this.eventProcessing = eventProcessing;
        this.tokens = tokens;
        this.transactions = transactions;
    }

    /** The publishing segments there are (the token store's rows), whoever holds them. */
    public int configuredSegments() {
        return transactions.fetchInTransaction(() -> tokens.fetchSegments(KafkaEventPublisher.PROCESSING_GROUP))
                .length;
    }

    /** The segments this replica holds, each with its position (the other replicas hold the rest). */
    public PublisherStatus status() {
        StreamingEventProcessor processor = processor();
        List<PublisherStatus.Segment> segments = processor.processingStatus().values().stream()
                .map(PublisherAdministration::segment)
                .toList();
        return new PublisherStatus(processor.getName(), processor.isRunning(), processor.isError(), segments);
    }

    /**
     * Publishes the whole event store again from its first event, then carries on with new ones. Consumers see each
     * earlier event a second time and skip it. Used after a loss of the topic, or to feed a new consumer from zero.
     */
    public PublisherStatus replayFromStart() {
        StreamingEventProcessor processor = processor();
        processor.shutDown();
        processor.resetTokens();
        processor.start();
        return status();
    }

    StreamingEventProcessor processor() {
        return eventProcessing.eventProcessor(KafkaEventPublisher.PROCESSING_GROUP, StreamingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("no streaming processor " + KafkaEventPublisher.PROCESSING_GROUP));
    }

    private static PublisherStatus.Segment segment(EventTrackerStatus status) {
        return new PublisherStatus.Segment(status.getSegment().getSegmentId(),
                status.getCurrentPosition().orElse(-1), status.isCaughtUp(), status.isReplaying(),
                status.isErrorState() ? String.valueOf(status.getError()) : null);
    }

    public record PublisherStatus(String processor, boolean running, boolean error, List<Segment> segments) {

        public record Segment(int segment, long position, boolean caughtUp, boolean replaying, String error) {
        }
    }
}
