package dev.upgradeledger.executor.messaging;

import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.LedgerTopics;
import dev.upgradeledger.events.StepStarted;
import dev.upgradeledger.executor.nodes.NodeDirectory;
import dev.upgradeledger.executor.runner.StepRunner;
import dev.upgradeledger.executor.tracking.ClusterCursors;
import dev.upgradeledger.support.envelope.EnvelopeCodec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Consumes {@value LedgerTopics#EVENTS} in the executor's consumer group; one cluster's events arrive in order (the
 * record key is the cluster id), clusters on different partitions run in parallel. For a new event: a started step
 * is performed and reported first; then the node directory and the cluster's cursor move on, together. A crash in
 * between redelivers the event, and the step runner reports again instead of acting again. Offsets are committed
 * after that. Unreadable records go to the group's dead-letter topic.
 */
@Component
class LedgerEventsListener {

    private final EnvelopeCodec codec;
    private final ClusterCursors cursors;
    private final NodeDirectory directory;
    private final StepRunner runner;
    private final TransactionTemplate transactions;

    LedgerEventsListener(EnvelopeCodec codec, ClusterCursors cursors, NodeDirectory directory, StepRunner runner,
                         TransactionTemplate transactions) {
        this.codec = codec;
        this.cursors = cursors;
        this.directory = directory;
        this.runner = runner;
        this.transactions = transactions;
    }

    @KafkaListener(topics = LedgerTopics.EVENTS)
    void on(ConsumerRecord<String, String> record) throws Exception {
        EventEnvelope envelope = codec.decode(record.value());
        if (cursors.seen(envelope)) {
            return;
        }
        if (envelope.payload() instanceof StepStarted started) {
            runner.run(envelope, started);
        }
        transactions.executeWithoutResult(status -> {
            directory.apply(envelope);
            cursors.observe(envelope);
        });
    }
}
