package dev.upgradeledger.executor.messaging;

import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.LedgerTopics;
import dev.upgradeledger.events.StepStarted;
import dev.upgradeledger.executor.nodes.NodeDirectory;
import dev.upgradeledger.executor.runner.StepRunner;
import dev.upgradeledger.executor.runner.StepWorkers;
import dev.upgradeledger.executor.tracking.ClusterCursors;
import dev.upgradeledger.support.envelope.EnvelopeCodec;
import dev.upgradeledger.support.kafka.UnprocessableRecordException;
import dev.upgradeledger.support.tracing.LedgerTracing;
import io.micrometer.tracing.Span;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Consumes {@value LedgerTopics#EVENTS} in the executor's consumer group, a poll's batch of records at a time, and
 * never waits for an action. For the new events of a batch, in one transaction: the node directory takes each in, a
 * started step goes into the inbox ({@code step_execution}, claimed by this instance for a lease), and its cluster's
 * cursor moves on. After the commit the claimed steps are handed to this instance's {@link StepWorkers} and the
 * offsets are committed, so a record takes well under a millisecond whatever its action takes. A crash after the
 * commit loses nothing: the steps are in the inbox, and once their lease runs out another instance (or this one,
 * restarted) performs them. A redelivered event is recognised by the cursor (or by the step's key) and changes nothing.
 *
 * <p>Only the payloads of the events the executor acts on are read ({@link NodeDirectory#PAYLOADS_READ}: a started
 * step, and the events that change its node directory); of every other event it reads the envelope's header, which is
 * all its cursor needs, and skips the payload unread.
 *
 * <p>A record that cannot be decoded: the records before it are taken in, and it is reported to the container's error
 * handler by its index ({@link BatchListenerFailedException}), which sends it to the group's dead-letter topic without
 * retries and polls the records after it again. When taking a batch in fails otherwise, its records are taken one per
 * transaction to find the one that fails; those before it stay taken, and that one is retried with back-off, then
 * dead-lettered.
 *
 * <p>Traces: a started step's record gets a span ({@code accept StepStarted}) in the trace of its {@code traceparent}
 * header, from the batch's start to its commit (the other events of a batch get none: the executor only files them);
 * the step is stored with that span's trace context, so that performing it continues the trace on any instance.
 */
@Component
class LedgerEventsListener {

    static final String ID = "ledger-events";

    private static final Logger log = LoggerFactory.getLogger(LedgerEventsListener.class);

    private final EnvelopeCodec codec;
    private final ClusterCursors cursors;
    private final NodeDirectory directory;
    private final StepRunner runner;
    private final StepWorkers workers;
    private final TransactionTemplate transactions;
    private final LedgerTracing tracing;

    LedgerEventsListener(EnvelopeCodec codec, ClusterCursors cursors, NodeDirectory directory, StepRunner runner,
                         StepWorkers workers, TransactionTemplate transactions, LedgerTracing tracing) {
        this.tracing = tracing;
        this.codec = codec;
        this.cursors = cursors;
        this.directory = directory;
        this.runner = runner;
        this.workers = workers;
        this.transactions = transactions;
    }

    @KafkaListener(id = ID, idIsGroup = false, topics = LedgerTopics.EVENTS, batch = "true",
            properties = "max.poll.records=${ledger.executor.listener.max-records:500}")
    void on(List<ConsumerRecord<String, String>> records) {
        List<EventEnvelope> envelopes = new ArrayList<>(records.size());
        for (ConsumerRecord<String, String> record : records) {
            try {
                envelopes.add(codec.decode(record.value(), NodeDirectory.PAYLOADS_READ));
            } catch (UnprocessableRecordException poison) {
                takeIn(envelopes, records);
                int index = envelopes.size();
                throw new BatchListenerFailedException("record " + describe(record) + " is unprocessable: "
                        + poison.getMessage(), poison, index);
            }
        }
        takeIn(envelopes, records);
    }

    /** Takes the events in, in one transaction; when that fails, one per transaction, to report the one that fails. */
    private void takeIn(List<EventEnvelope> envelopes, List<ConsumerRecord<String, String>> records) {
        if (envelopes.isEmpty()) {
            return;
        }
        Span[] spans = new Span[envelopes.size()];
        for (int index = 0; index < spans.length; index++) {
            EventEnvelope envelope = envelopes.get(index);
            if (envelope.payload() instanceof StepStarted started) {
                Span span = tracing.startChild("accept StepStarted", records.get(index).headers());
                if (span != null) {
                    span.tag("ledger.cluster.id", envelope.clusterId().value())
                            .tag("ledger.step.id", started.stepId()).tag("ledger.batch.size", envelopes.size());
                }
                spans[index] = span;
            }
        }
        RuntimeException failure = null;
        try {
            takeIn(envelopes, records, spans);
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        } finally {
            for (Span span : spans) {
                if (span != null) {
                    if (failure != null) {
                        span.error(failure);
                    }
                    span.end();
                }
            }
        }
    }

    private void takeIn(List<EventEnvelope> envelopes, List<ConsumerRecord<String, String>> records, Span[] spans) {
        try {
            hand(transactions.execute(status -> takeInNow(envelopes, spans, 0)));
        } catch (RuntimeException batchFailed) {
            if (envelopes.size() > 1) {
                log.warn("Taking in a batch of {} events failed ({}); taking them in one at a time to find the one"
                        + " that fails", envelopes.size(), batchFailed.toString());
            }
            for (int index = 0; index < envelopes.size(); index++) {
                List<EventEnvelope> one = List.of(envelopes.get(index));
                int offset = index;
                try {
                    hand(transactions.execute(status -> takeInNow(one, spans, offset)));
                } catch (RuntimeException e) {
                    throw new BatchListenerFailedException("taking in record " + describe(records.get(index))
                            + " failed: " + e.getMessage(), e, index);
                }
            }
        }
    }

    /**
     * Within the caller's transaction: the new events taken in, in order; returns the steps claimed. {@code spans}
     * holds the spans of the whole batch, the one of {@code envelopes.get(i)} at {@code first + i}.
     */
    private List<String> takeInNow(List<EventEnvelope> envelopes, Span[] spans, int first) {
        List<String> claimed = new ArrayList<>();
        boolean[] fresh = cursors.observeAll(envelopes);
        for (int index = 0; index < envelopes.size(); index++) {
            EventEnvelope envelope = envelopes.get(index);
            if (!fresh[index]) {
                continue;
            }
            directory.apply(envelope);
            // approvals and soaks are held by command-api itself: there is nothing for a driver to do
            if (envelope.payload() instanceof StepStarted started && !started.action().heldByLedger()) {
                runner.accept(envelope, started, workers.instanceId(), tracing.traceparent(spans[first + index]))
                        .ifPresent(claimed::add);
            }
        }
        return claimed;
    }

    private void hand(List<String> claimed) {
        claimed.forEach(key -> workers.offer(key, "listener"));
    }

    private static String describe(ConsumerRecord<String, String> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
