package dev.upgradeledger.projection.messaging;

import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.LedgerTopics;
import dev.upgradeledger.events.UpgradeAbandoned;
import dev.upgradeledger.events.UpgradeAborted;
import dev.upgradeledger.events.UpgradeCompleted;
import dev.upgradeledger.events.UpgradeFailed;
import dev.upgradeledger.events.UpgradeRejected;
import dev.upgradeledger.events.UpgradeRequested;
import dev.upgradeledger.projection.ConsumedOffset;
import dev.upgradeledger.projection.ConsumedOffsets;
import dev.upgradeledger.projection.Delivery;
import dev.upgradeledger.projection.ReadModels;
import dev.upgradeledger.support.envelope.EnvelopeCodec;
import dev.upgradeledger.support.kafka.UnprocessableRecordException;
import dev.upgradeledger.support.tracing.LedgerTracing;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;

/**
 * Consumes {@value LedgerTopics#EVENTS} in the projection's consumer group, a poll's batch of records at a time (at most
 * {@code ledger.projection.batch.max-records}). A batch is applied in one transaction together with the last offset of
 * each of its partitions (see {@link ReadModels}), and the read models, not the consumer group, are the authority on
 * where to resume: whenever partitions are assigned, the consumer seeks to the offset after the last one the read
 * models include, or to the beginning of a partition they include nothing of. So read models restored from a snapshot
 * or rebuilt resume exactly after what they hold, and an empty projection rebuilds itself from the topic. Offsets are
 * also committed to the group, every 5 s ({@code spring.kafka.listener.ack-mode: time}), for people and tools only.
 *
 * <p>A record that cannot be decoded: the records before it are applied with its offset, and it is reported to the
 * container's error handler by its index ({@link BatchListenerFailedException}), which sends it to the group's
 * dead-letter topic without retries (see {@code LedgerKafkaConfiguration}) and polls the records after it again. When
 * applying a batch fails otherwise, its records are applied one per transaction to find the one that fails; those
 * before it stay applied, and that one is retried with back-off, then dead-lettered, as before batches.
 *
 * <p>Traces: each record of a batch gets a span ({@code apply <event type>}) in the trace of its {@code traceparent}
 * header, a child of the span that published it. The records of a batch share one transaction, so their spans share its
 * time: each starts when the batch starts and ends when the batch is committed (or failed, marked with the error). The
 * start, rejection and end of an upgrade are logged within the span of the event that says so.
 */
@Component
class LedgerEventsListener implements ConsumerSeekAware {

    private static final Logger log = LoggerFactory.getLogger(LedgerEventsListener.class);

    private final EnvelopeCodec codec;
    private final ReadModels readModels;
    private final ConsumedOffsets offsets;
    private final LedgerTracing tracing;

    LedgerEventsListener(EnvelopeCodec codec, ReadModels readModels, ConsumedOffsets offsets, LedgerTracing tracing) {
        this.tracing = tracing;
        this.codec = codec;
        this.readModels = readModels;
        this.offsets = offsets;
    }

    @KafkaListener(topics = LedgerTopics.EVENTS, batch = "true",
            properties = "max.poll.records=${ledger.projection.batch.max-records:2000}")
    void on(List<ConsumerRecord<String, String>> records) {
        List<Delivery> deliveries = new ArrayList<>(records.size());
        UnprocessableRecordException poison = null;
        for (ConsumerRecord<String, String> record : records) {
            ConsumedOffset source = new ConsumedOffset(record.topic(), record.partition(), record.offset());
            try {
                deliveries.add(Delivery.of(codec.decodeWithPayloadText(record.value()), source));
            } catch (UnprocessableRecordException e) {
                deliveries.add(Delivery.undecodable(source));
                poison = e;
                break;
            }
        }
        Span[] spans = startSpans(deliveries, records);
        try {
            apply(deliveries, records);
        } catch (RuntimeException e) {
            endSpans(deliveries, spans, e);
            throw e;
        }
        endSpans(deliveries, spans, null);
        if (poison != null) {
            int index = deliveries.size() - 1;
            ConsumerRecord<String, String> record = records.get(index);
            throw new BatchListenerFailedException("record " + record.topic() + "-" + record.partition() + "@"
                    + record.offset() + " is unprocessable: " + poison.getMessage(), poison, index);
        }
    }

    private Span[] startSpans(List<Delivery> deliveries, List<ConsumerRecord<String, String>> records) {
        Span[] spans = new Span[deliveries.size()];
        for (int index = 0; index < spans.length; index++) {
            EventEnvelope envelope = deliveries.get(index).envelope();
            Span span = tracing.startChild("apply " + (envelope == null ? "unreadable record" : envelope.eventType()),
                    records.get(index).headers());
            if (span != null && envelope != null) {
                span.tag("ledger.cluster.id", envelope.clusterId().value())
                        .tag("ledger.event.sequence", envelope.sequence())
                        .tag("ledger.batch.size", deliveries.size());
            }
            spans[index] = span;
        }
        return spans;
    }

    /** Ends the batch's spans, logging an upgrade's milestones within the span of the event that says so. */
    private void endSpans(List<Delivery> deliveries, Span[] spans, RuntimeException failure) {
        for (int index = 0; index < spans.length; index++) {
            Span span = spans[index];
            EventEnvelope envelope = deliveries.get(index).envelope();
            String milestone = failure == null && envelope != null ? milestone(envelope) : null;
            if (milestone != null) {
                try (Tracer.SpanInScope scope = tracing.inScope(span)) {
                    log.info("Upgrade {} of {} {} (event #{}, correlation {})", upgradeOf(envelope),
                            envelope.clusterId().value(), milestone, envelope.sequence(), envelope.correlationId());
                }
            }
            if (span != null) {
                if (failure != null) {
                    span.error(failure);
                }
                span.end();
            }
        }
    }

    private static String milestone(EventEnvelope envelope) {
        Object event = envelope.payload();
        if (event instanceof UpgradeRequested requested) {
            return "requested: " + requested.fromVersion() + " to " + requested.targetVersion();
        } else if (event instanceof UpgradeCompleted completed) {
            return "completed at version " + completed.version();
        } else if (event instanceof UpgradeRejected) {
            return "rejected";
        } else if (event instanceof UpgradeFailed) {
            return "failed";
        } else if (event instanceof UpgradeAborted) {
            return "aborted";
        } else if (event instanceof UpgradeAbandoned) {
            return "abandoned";
        }
        return null;
    }

    private static String upgradeOf(EventEnvelope envelope) {
        Object event = envelope.payload();
        if (event instanceof UpgradeRequested e) {
            return e.upgradeId().value();
        } else if (event instanceof UpgradeCompleted e) {
            return e.upgradeId().value();
        } else if (event instanceof UpgradeRejected e) {
            return e.upgradeId().value();
        } else if (event instanceof UpgradeFailed e) {
            return e.upgradeId().value();
        } else if (event instanceof UpgradeAborted e) {
            return e.upgradeId().value();
        } else if (event instanceof UpgradeAbandoned e) {
            return e.upgradeId().value();
        }
        return "";
    }

    /** Applies the records in one transaction; when that fails, one by one, to report the one that fails. */
    private void apply(List<Delivery> deliveries, List<ConsumerRecord<String, String>> records) {
        try {
            readModels.apply(deliveries);
        } catch (RuntimeException batchFailed) {
            if (deliveries.size() == 1) {
                throw failed(records.get(0), 0, batchFailed);
            }
            log.warn("A batch of {} records failed ({}); applying them one at a time to find the one that fails",
                    deliveries.size(), batchFailed.toString());
            oneByOne(deliveries, records);
        }
    }

    private void oneByOne(List<Delivery> deliveries, List<ConsumerRecord<String, String>> records) {
        for (int index = 0; index < deliveries.size(); index++) {
            try {
                readModels.apply(List.of(deliveries.get(index)));
            } catch (RuntimeException e) {
                throw failed(records.get(index), index, e);
            }
        }
    }

    private static BatchListenerFailedException failed(ConsumerRecord<String, String> record, int index,
                                                        RuntimeException cause) {
        return new BatchListenerFailedException("applying record " + record.topic() + "-" + record.partition() + "@"
                + record.offset() + " failed: " + cause.getMessage(), cause, index);
    }

    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        Map<TopicPartition, Long> resumed = offsets.resumeAfterIncluded(assignments.keySet(), callback);
        log.info("Assigned {}: resuming after the read models' offsets {} (the others from the beginning)",
                assignments.keySet(), resumed);
    }
}
