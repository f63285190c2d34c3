package dev.upgradeledger.executor.messaging;

import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.LedgerTopics;
import dev.upgradeledger.events.StepStarted;
import dev.upgradeledger.executor.nodes.NodeDirectory;
import dev.upgradeledger.executor.runner.StepRunner;
import dev.upgradeledger.executor.runner.StepWorkers;
import dev.upgradeledger.executor.tracking.ClusterCursors;
import dev.upgradeledger.support.envelope.EnvelopeCodec;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Consumes {@value LedgerTopics#EVENTS} in the executor's consumer group and never waits for an action. For a new
 * event, in one transaction: the node directory takes it in, a started step goes into the inbox
 * ({@code step_execution}, claimed by this instance for a lease), and the cluster's cursor moves on. After the commit
 * the step is handed to this instance's {@link StepWorkers} and the offset is committed, so a record takes
 * milliseconds whatever its action takes. A crash after the commit loses nothing: the step is in the inbox, and once
 * its lease runs out another instance (or this one, restarted) performs it. A redelivered event is recognised by the
 * cursor (or by the step's key) and changes nothing. Unreadable records go to the group's dead-letter topic.
 */
@Component
class LedgerEventsListener {

    static final String ID = "ledger-events";

    private final EnvelopeCodec codec;
    private final ClusterCursors cursors;
    private final NodeDirectory directory;
    private final StepRunner runner;
    private final StepWorkers workers;
    private final TransactionTemplate transactions;

    LedgerEventsListener(EnvelopeCodec codec, ClusterCursors cursors, NodeDirectory directory, StepRunner runner,
                         StepWorkers workers, TransactionTemplate transactions) {
        this.codec = codec;
        this.cursors = cursors;
        this.directory = directory;
        this.runner = runner;
        this.workers = workers;
        this.transactions = transactions;
    }

    @KafkaListener(id = ID, idIsGroup = false, topics = LedgerTopics.EVENTS)
    void on(ConsumerRecord<String, String> record) {
        EventEnvelope envelope = codec.decode(record.value());
        if (cursors.seen(envelope)) {
            return;
        }
        Optional<String> claimed = transactions.execute(status -> {
            directory.apply(envelope);
            Optional<String> step = envelope.payload() instanceof StepStarted started
                    ? runner.accept(envelope, started, workers.instanceId()) : Optional.empty();
            cursors.observe(envelope);
            return step;
        });
        claimed.ifPresent(key -> workers.offer(key, "listener"));
    }
}
