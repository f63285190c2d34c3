package dev.upgradeledger.commandapi.publishing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Brings a token store made with fewer publishing segments up to {@code ledger.publisher.segments}, with Axon's own
 * split ({@link StreamingEventProcessor#splitSegment(int)}) while publishing goes on.
 *
 * <p>Axon applies {@code initial-segment-count} only when the store has no publishing tokens yet, so a ledger that
 * stored events before the publisher had several segments keeps one, and one large cluster's burst would hold back
 * every cluster. Every {@code segment-check-interval}, each replica splits the segments it holds whose share of the
 * clusters is larger than {@code 1 / segments} (rounded down to a power of two, the shares Axon's segments can have):
 * one segment becomes two, then four. A split is done by the thread that holds the segment, between two of its
 * batches: both halves start at the segment's position, where everything before was published, so no event is sent
 * twice or skipped. Segments other replicas hold are split by them. Fewer segments are never merged back: lowering
 * the setting below the store's count is refused at start (each replica runs one thread per segment it may hold).
 */
@Component
class PublisherSegmentSplitter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PublisherSegmentSplitter.class);

    private final PublisherAdministration administration;
    private final PublisherProperties properties;
    /**
     * Splits asked of the processor and not answered yet, by segment id: never asked twice (one would split twice).
     * Only the scheduler's one thread touches it.
     */
    private final Map<Integer, CompletableFuture<Boolean>> pending = new HashMap<>();
    private ScheduledExecutorService scheduler;

    PublisherSegmentSplitter(PublisherAdministration administration, PublisherProperties properties) {
        this.administration = administration;
        this.properties = properties;
    }

    /** The share of the clusters one segment should have at most: {@code 1 / mask+1}, a power of two. */
    static int targetParts(int segments) {
        return Integer.highestOneBit(Math.max(1, segments));
    }

    /** The segments of {@code held} to split now: those with a larger share than {@code 1 / targetParts}. */
    static List<Integer> toSplit(Iterable<Segment> held, int targetParts) {
        List<Integer> split = new ArrayList<>();
        for (Segment segment : held) {
            if (segment.getMask() + 1 < targetParts) {
                split.add(segment.getSegmentId());
            }
        }
        return split;
    }

    /** Asks the processor to split every held segment that is too large, unless that split is asked already. */
    private void splitWhereNeeded() {
        StreamingEventProcessor processor = administration.processor();
        if (!processor.isRunning()) {
            return;
        }
        pending.values().removeIf(CompletableFuture::isDone);
        List<Segment> held = processor.processingStatus().values().stream()
                .filter(status -> !status.isErrorState())
                .map(EventTrackerStatus::getSegment)
                .toList();
        for (int segmentId : toSplit(held, targetParts(properties.segments()))) {
            if (pending.containsKey(segmentId)) {
                continue;
            }
            CompletableFuture<Boolean> split = processor.splitSegment(segmentId);
            pending.put(segmentId, split);
            split.whenComplete((done, failure) -> {
                if (failure != null) {
                    log.warn("Publishing segment {} could not be split: {}", segmentId, failure.toString());
                } else if (Boolean.TRUE.equals(done)) {
                    log.info("Split publishing segment {} (towards {} segments)", segmentId,
                            targetParts(properties.segments()));
                }
            });
        }
    }

    private void check() {
        try {
            splitWhereNeeded();
        } catch (RuntimeException e) {
            log.warn("Could not check the publishing segments: {}", e.toString());
        }
    }

    @Override
    public void start() {
        int stored = administration.configuredSegments();
        if (stored > properties.segments()) {
            throw new IllegalStateException("The token store has " + stored + " publishing segments, more than"
                    + " ledger.publisher.segments (" + properties.segments() + "): a replica runs one thread per"
                    + " segment it may hold, so some would never be published. Set ledger.publisher.segments to at"
                    + " least " + stored + ".");
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "publisher-segment-splitter");
            thread.setDaemon(true);
            return thread;
        });
        long interval = properties.segmentCheckInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::check, interval, interval, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
