package dev.upgradeledger.commandapi.messaging;

import dev.upgradeledger.commandapi.audit.RequestAudit;
import dev.upgradeledger.commandapi.cluster.ClusterCommands;
import dev.upgradeledger.commandapi.cluster.ClusterRefusal;
import dev.upgradeledger.commandapi.cluster.ConflictRetry;
import dev.upgradeledger.commandapi.cluster.DecisionAnswers;
import dev.upgradeledger.commandapi.cluster.UpgradeDecision;
import dev.upgradeledger.commandapi.idempotency.IdempotencyStore;
import dev.upgradeledger.commandapi.publishing.EventTooLargeException;
import dev.upgradeledger.commandapi.publishing.RecordSizeLimit;
import dev.upgradeledger.commandapi.idempotency.IdempotencyStore.StoredAnswer;
import dev.upgradeledger.commandapi.product.ProductCommands;
import dev.upgradeledger.events.ClusterCommand;
import dev.upgradeledger.events.CommandEnvelope;
import dev.upgradeledger.events.LedgerCommands;
import dev.upgradeledger.events.ProductCommand;
import dev.upgradeledger.events.FleetCommand;
import dev.upgradeledger.commandapi.fleet.FleetUpgrades;
import org.springframework.security.core.Authentication;
import dev.upgradeledger.events.CommandResult;
import dev.upgradeledger.events.InvalidValueException;
import dev.upgradeledger.events.LedgerTopics;
import dev.upgradeledger.support.envelope.CommandCodec;
import dev.upgradeledger.support.web.ProblemTypes;
import dev.upgradeledger.support.tracing.LedgerTracing;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes commands from {@value LedgerTopics#COMMANDS} and step outcomes from {@value LedgerTopics#STEP_OUTCOMES} and
 * answers each on {@value LedgerTopics#COMMAND_RESULTS}, keyed by command id. Who sent a command, and whether they may,
 * is decided first ({@link CommandSenders}: the bearer token in the record's header, or the executor's own topic); a
 * refused command is answered REJECTED with the problem type {@code unauthenticated} or {@code forbidden}, as over
 * REST, and stores nothing. Effects once: the command's events and its answer are stored in one transaction, keyed by the
 * command id; a redelivered or resent command gets the stored answer again and changes nothing. The answers are sent
 * after the commit, so a crash in between leads to a redelivery, which sends them then. Unreadable records (no JSON, no
 * command id) go to the group's dead-letter topic; a readable command that is invalid is answered INVALID. A command
 * that lost the optimistic-concurrency race on its cluster (another replica wrote first) runs again in a new
 * transaction ({@link ConflictRetry}). Two commands that carry the same command id and are taken at the same time (they
 * were keyed to different partitions) race on the stored answer: the first to commit wins, the other is answered as a
 * reuse and stores nothing.
 *
 * <p><b>A poll at a time.</b> The listener takes a poll's records together ({@link ClusterBatches}): the stored answers
 * of all of them are looked up in one query, and the commands of one cluster (a busy upgrade's step outcomes, say) are
 * decided in one Axon unit of work: the cluster is loaded once (from the cache), every command is handled in its own
 * nested unit of work against it, and their events and answers are appended and committed together, then all answers
 * are sent and awaited at once. A batch in which any command fails (a refusal, an unknown cluster, a lost race on a
 * command id) is rolled back as a whole and its commands are decided one per transaction, exactly as a single command
 * is; when one of those fails, the records from it on are left to the container's error handler
 * ({@link BatchListenerFailedException}: retried with back-off, then dead-lettered), the records before it stay done.
 * A record that cannot be read is reported the same way after the records before it are done.
 *
 * <p>Traces: every record gets a span ({@code take <command type>}) in the trace of its {@code traceparent} header;
 * its command's span and events are in that trace.
 */
@Component
class CommandListener {

    /** The listener container's id (the consumer group stays the service's). */
    static final String ID = "ledger-commands";

    private static final String KEY_PREFIX = "kafka:";
    /** Between two attempts to send answers: 0.5 s doubling to 10 s, for as long as it takes. */
    private static final ExponentialBackOff SEND_BACK_OFF = sendBackOff();
    private static final Logger log = LoggerFactory.getLogger(CommandListener.class);

    private final CommandCodec codec;
    private final ClusterCommands commands;
    private final IdempotencyStore answers;
    private final TransactionTemplate transactions;
    private final KafkaTemplate<String, String> kafka;
    private final ConflictRetry conflicts;
    private final CommandSenders senders;
    private final ProductCommands products;
    private final FleetUpgrades fleets;
    private final ClusterBatches batches;
    private final LedgerTracing tracing;
    private final ObjectProvider<KafkaListenerEndpointRegistry> listeners;
    private final Counter unsentAnswers;
    private final Duration sendTimeout;
    private final DecisionAnswers decisionAnswers;
    private final RecordSizeLimit recordSize;

    CommandListener(CommandCodec codec, ClusterCommands commands, IdempotencyStore answers,
                    TransactionTemplate transactions, KafkaTemplate<String, String> kafka, ConflictRetry conflicts,
                    CommandSenders senders, ProductCommands products, ClusterBatches batches, LedgerTracing tracing,
                    ObjectProvider<KafkaListenerEndpointRegistry> listeners, MeterRegistry meters,
                    @Value("${ledger.commands.listener.send-timeout:30s}") Duration sendTimeout,
                    FleetUpgrades fleets, DecisionAnswers decisionAnswers, RecordSizeLimit recordSize) {
        this.decisionAnswers = decisionAnswers;
        this.recordSize = recordSize;
        this.fleets = fleets;
        this.listeners = listeners;
        this.sendTimeout = sendTimeout;
        this.unsentAnswers = Counter.builder("ledger.commands.answers.unsent")
                .description("answers to commands that could not be sent at first and are being sent again")
                .register(meters);
        this.products = products;
        this.conflicts = conflicts;
        this.senders = senders;
        this.codec = codec;
        this.commands = commands;
        this.answers = answers;
        this.transactions = transactions;
        this.kafka = kafka;
        this.batches = batches;
        this.tracing = tracing;
    }

    @KafkaListener(id = ID, idIsGroup = false, topics = {LedgerTopics.COMMANDS, LedgerTopics.STEP_OUTCOMES},
            batch = "true",
            properties = "max.poll.records=${ledger.commands.listener.max-records:500}")
    void on(List<ConsumerRecord<String, String>> records, Consumer<?, ?> consumer) throws Exception {
        List<Taken> taken = new ArrayList<>(records.size());
        for (int index = 0; index < records.size(); index++) {
            try {
                taken.add(take(records.get(index), index));
            } catch (RuntimeException unreadable) {
                // the records before it are answered; it goes to the error handler (poison: dead-lettered at once;
                // the issuer unreachable: retried), and the records after it are polled again
                answerAll(taken, consumer);
                throw new BatchListenerFailedException("record " + describe(records.get(index))
                        + " cannot be taken: " + unreadable.getMessage(), unreadable, index);
            }
        }
        answerAll(taken, consumer);
    }

    /** Reads a record and decides who sent it; answers at once what needs no transaction. */
    private Taken take(ConsumerRecord<String, String> record, int index) {
        CommandCodec.Decoded decoded = codec.decode(record.value());
        String commandId = decoded.envelope() != null ? decoded.envelope().commandId() : decoded.problem().commandId();
        Taken taken = new Taken(index, record, decoded, commandId);
        CommandSenders.Sender sender;
        try {
            sender = decoded.envelope() != null ? senders.of(record, decoded.envelope())
                    : senders.ofInvalid(record, decoded.commandType());
        } catch (InvalidValueException invalid) {
            sender = null;
        }
        if (sender == null) {
            taken.result = invalid(decoded, commandId, "correlationId must be 1-128 letters, digits or @._:/- characters");
        } else if (sender.isRefused()) {
            taken.result = refused(decoded, commandId, sender);
        } else {
            taken.audit = sender.audit();
            taken.sender = sender.authentication();
        }
        return taken;
    }

    /**
     * Answers the records: from the stored answers, in batches per cluster, else one at a time; sends every answer
     * and waits for them; then reports the first record that failed, if one did.
     */
    private void answerAll(List<Taken> taken, Consumer<?, ?> consumer) throws Exception {
        if (taken.isEmpty()) {
            return;
        }
        for (Taken one : taken) {
            one.span = tracing.startChild("take " + one.decoded.commandType(), one.record.headers());
            if (one.span != null) {
                one.span.tag("ledger.command.id", String.valueOf(one.commandId))
                        .tag("ledger.batch.size", taken.size());
            }
        }
        Taken failed = null;
        try {
            decide(taken);
            for (Taken one : taken) {
                if (one.result == null && one.failure != null && (failed == null || one.index < failed.index)) {
                    failed = one;
                }
            }
            send(taken, consumer);
        } finally {
            for (Taken one : taken) {
                if (one.span != null) {
                    if (one.failure != null) {
                        one.span.error(one.failure);
                    }
                    one.span.end();
                }
            }
        }
        if (failed != null) {
            throw new BatchListenerFailedException("record " + describe(failed.record) + " failed: "
                    + failed.failure.getMessage(), failed.failure, failed.index);
        }
    }

    /** Decides every record that has no answer yet. */
    private void decide(List<Taken> taken) {
        List<Taken> open = taken.stream().filter(one -> one.result == null).toList();
        Map<String, StoredAnswer> stored = answers.findAll(open.stream().map(Taken::key).distinct().toList());
        Map<String, List<Taken>> byCluster = new LinkedHashMap<>();
        List<Taken> single = new ArrayList<>();
        Map<String, Taken> firstWithKey = new HashMap<>();
        for (Taken one : open) {
            StoredAnswer answer = stored.get(one.key());
            if (answer != null) {
                one.result = fromStored(one, answer);
            } else if (firstWithKey.putIfAbsent(one.key(), one) != null || one.decoded.envelope() == null
                    || !(one.decoded.envelope().payload() instanceof ClusterCommand)) {
                single.add(one); // a repeat within the poll, answered from what the first stored; invalid; a product's
            } else {
                byCluster.computeIfAbsent(LedgerCommands.clusterIdOf(one.decoded.envelope().payload()),
                        id -> new ArrayList<>()).add(one);
            }
        }
        Set<String> stopped = new HashSet<>();
        for (Map.Entry<String, List<Taken>> cluster : byCluster.entrySet()) {
            if (cluster.getValue().size() > 1 && decideTogether(cluster.getValue())) {
                continue;
            }
            for (Taken one : cluster.getValue()) {
                if (!decideAlone(one, false)) {
                    stopped.add(cluster.getKey());
                    break; // the cluster's later commands wait for this one: they are polled again after it
                }
            }
        }
        for (Taken one : single) {
            if (one.decoded.envelope() == null
                    || !stopped.contains(LedgerCommands.clusterIdOf(one.decoded.envelope().payload()))) {
                decideAlone(one, true);
            }
        }
    }

    /** The commands of one cluster in one unit of work; false (and nothing stored) when any of them failed. */
    private boolean decideTogether(List<Taken> cluster) {
        try {
            List<CommandResult> results = conflicts.run(() -> batches.inOneUnitOfWork(cluster.size(), () -> {
                List<CommandResult> decided = new ArrayList<>(cluster.size());
                Map<String, StoredAnswer> toStore = new LinkedHashMap<>();
                for (Taken one : cluster) {
                    try (Tracer.SpanInScope scope = tracing.inScope(one.span)) {
                        CommandResult result = accepted(one.decoded.envelope(),
                                commands.send((ClusterCommand) one.decoded.envelope().payload(), one.audit));
                        decided.add(result);
                        toStore.put(one.key(), stored(one.fingerprint(), result));
                    }
                }
                answers.saveAll(toStore);
                return decided;
            }));
            for (int index = 0; index < cluster.size(); index++) {
                cluster.get(index).result = results.get(index);
            }
            return true;
        } catch (RuntimeException e) {
            log.info("Deciding {} commands on cluster {} together failed ({}); deciding them one at a time",
                    cluster.size(), LedgerCommands.clusterIdOf(cluster.get(0).decoded.envelope().payload()),
                    e.toString());
            return false;
        }
    }

    /**
     * One command in a transaction of its own, as a single record is; false when it failed (kept on the record).
     * {@code lookUp}: whether its stored answer may have appeared since the poll's answers were looked up.
     */
    private boolean decideAlone(Taken one, boolean lookUp) {
        try (Tracer.SpanInScope scope = tracing.inScope(one.span)) {
            String key = one.key();
            String fingerprint = one.fingerprint();
            try {
                one.result = answer(one.decoded, key, fingerprint, one.audit, one.sender, lookUp);
            } catch (DuplicateKeyException lostRace) {
                // The same command id was being answered on another partition (or replica) at the same time and that
                // answer committed first; this attempt stored nothing. Answer from what was stored.
                one.result = answer(one.decoded, key, fingerprint, one.audit, one.sender, true);
            }
            return true;
        } catch (RuntimeException e) {
            one.failure = e;
            return false;
        }
    }

    /**
     * Sends every answer and waits for them; the answers that could not be sent (the answer topic unavailable, say)
     * are sent again with back-off until all are, however long it takes: their commands' effects and answers are
     * stored, so the records must be neither dead-lettered nor decided again. Meanwhile the consumer polls with its
     * partitions paused (it stays in its group and takes nothing new). Only when the container stops does it give
     * up ({@link AnswersNotSentException}): the records are not committed, and their redelivery answers from the stored
     * answers.
     */
    private void send(List<Taken> taken, Consumer<?, ?> consumer) throws InterruptedException {
        List<Taken> unsent = taken.stream().filter(one -> one.result != null).toList();
        BackOffExecution backOff = null;
        Set<TopicPartition> paused = Set.of();
        try {
            while (true) {
                unsent = sendAll(unsent);
                if (unsent.isEmpty()) {
                    return;
                }
                if (backOff == null) {
                    backOff = SEND_BACK_OFF.start();
                    paused = new HashSet<>(consumer.assignment());
                    paused.removeAll(consumer.paused());
                    consumer.pause(paused);
                }
                unsentAnswers.increment(unsent.size());
                long wait = backOff.nextBackOff(); // never STOP: no maximum elapsed time
                log.warn("{} of {} answers could not be sent ({}); sending them again in {} ms", unsent.size(),
                        taken.size(), unsent.get(0).sendFailure, wait);
                waitPolling(consumer, wait, paused);
            }
        } finally {
            if (!paused.isEmpty()) {
                Set<TopicPartition> assigned = consumer.assignment();
                consumer.resume(paused.stream().filter(assigned::contains).toList());
            }
        }
    }

    /** Sends the answers and waits for them; those not sent, each with why. */
    private List<Taken> sendAll(List<Taken> answered) throws InterruptedException {
        List<CompletableFuture<?>> sent = new ArrayList<>(answered.size());
        for (Taken one : answered) {
            try (Tracer.SpanInScope scope = tracing.inScope(one.span)) {
                sent.add(kafka.send(LedgerTopics.COMMAND_RESULTS, one.commandId,
                        AnswerRecord.encode(codec, one.result, recordSize.bytes())));
            } catch (RuntimeException e) {
                sent.add(CompletableFuture.failedFuture(e));
            }
        }
        try {
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(sendTimeout.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // some failed or are late: each one is looked at below
        }
        List<Taken> unsent = new ArrayList<>();
        for (int index = 0; index < answered.size(); index++) {
            CompletableFuture<?> future = sent.get(index);
            if (!future.isDone() || future.isCompletedExceptionally()) {
                Taken one = answered.get(index);
                Throwable failure = future.isDone() ? future.handle((value, e) -> e).getNow(null) : null;
                one.sendFailure = failure != null ? String.valueOf(failure instanceof java.util.concurrent.CompletionException
                        && failure.getCause() != null ? failure.getCause() : failure)
                        : "no acknowledgement within " + sendTimeout.toSeconds() + " s";
                unsent.add(one);
            }
        }
        return unsent;
    }

    /**
     * Waits {@code millis}, polling the consumer (its partitions paused) so that it stays in its group; a record a
     * rebalance handed over meanwhile is sought back and paused too. Gives up when the container stops.
     */
    private void waitPolling(Consumer<?, ?> consumer, long millis, Set<TopicPartition> paused)
            throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (true) {
            if (!running()) {
                throw new AnswersNotSentException();
            }
            long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
            if (left <= 0) {
                return;
            }
            try {
                ConsumerRecords<?, ?> received = consumer.poll(Duration.ofMillis(Math.min(left, 1_000)));
                for (TopicPartition partition : received.partitions()) {
                    consumer.seek(partition, received.records(partition).get(0).offset());
                    consumer.pause(List.of(partition));
                    paused.add(partition);
                }
            } catch (WakeupException stopping) {
                // the container wakes its consumer when it stops: looked at above
            }
        }
    }

    private boolean running() {
        KafkaListenerEndpointRegistry registry = listeners.getIfAvailable();
        MessageListenerContainer container = registry == null ? null : registry.getListenerContainer(ID);
        return container == null || container.isRunning();
    }

    /** The container stopped while answers were still unsent: the records stay uncommitted and come again. */
    static final class AnswersNotSentException extends RuntimeException {
        AnswersNotSentException() {
            super("the listener stopped before every answer was sent; the records are not committed and their"
                    + " redelivery answers from the stored answers");
        }
    }

    private CommandResult fromStored(Taken one, StoredAnswer stored) {
        return stored.fingerprint().equals(one.fingerprint()) ? codec.decodeResult(stored.body())
                : invalid(one.decoded, one.commandId, "this commandId was used before for a different command");
    }

    private CommandResult answer(CommandCodec.Decoded decoded, String key, String fingerprint, RequestAudit audit,
                                 Authentication sender, boolean lookUp) {
        StoredAnswer stored = lookUp ? answers.find(key).orElse(null) : null;
        if (stored != null) {
            return stored.fingerprint().equals(fingerprint) ? codec.decodeResult(stored.body())
                    : invalid(decoded, key.substring(KEY_PREFIX.length()),
                    "this commandId was used before for a different command");
        }
        if (decoded.envelope() == null) {
            return remember(key, fingerprint, invalid(decoded, decoded.problem().commandId(), decoded.problem().detail()));
        }
        CommandEnvelope envelope = decoded.envelope();
        try {
            return conflicts.run(() -> transactions.execute(status -> {
                Object returned = envelope.payload() instanceof ProductCommand product
                        ? products.send(product, audit) : envelope.payload() instanceof FleetCommand fleet
                        ? fleets.send(fleet, audit, sender) : commands.send((ClusterCommand) envelope.payload(), audit);
                CommandResult result = accepted(envelope, returned);
                save(key, fingerprint, result);
                return result;
            }));
        } catch (ClusterRefusal refusal) {
            return remember(key, fingerprint, result(envelope, CommandResult.REJECTED, refusal.wayOut() == null
                    ? java.util.Map.of("rule", refusal.rule())
                    : java.util.Map.of("rule", refusal.rule(), "wayOut", refusal.wayOut()), refusal.rule(),
                    refusal.getMessage()));
        } catch (AggregateNotFoundException missing) {
            return remember(key, fingerprint, result(envelope, CommandResult.REJECTED, null, "cluster-not-found",
                    "no cluster " + LedgerCommands.clusterIdOf(envelope.payload()) + " is registered"));
        } catch (AggregateStreamCreationException exists) {
            return remember(key, fingerprint, result(envelope, CommandResult.REJECTED, null,
                    "cluster-already-registered", "cluster " + LedgerCommands.clusterIdOf(envelope.payload())
                            + " is already registered"));
        } catch (EventTooLargeException tooLarge) {
            return remember(key, fingerprint, result(envelope, CommandResult.REJECTED, null, "event-too-large",
                    tooLarge.getMessage()));
        } catch (InvalidValueException invalid) {
            return remember(key, fingerprint, result(envelope, CommandResult.INVALID, null,
                    ProblemTypes.INVALID_REQUEST, invalid.getMessage()));
        }
    }

    /** Stores the answer of a command that changed nothing, in a transaction of its own. */
    private CommandResult remember(String key, String fingerprint, CommandResult result) {
        transactions.executeWithoutResult(status -> save(key, fingerprint, result));
        return result;
    }

    private void save(String key, String fingerprint, CommandResult result) {
        answers.save(key, stored(fingerprint, result));
    }

    private StoredAnswer stored(String fingerprint, CommandResult result) {
        return new StoredAnswer(fingerprint, 200, "application/json", codec.encode(result));
    }

    /**
     * The answer to a command the cluster decided: accepted, or an upgrade rejected by its rules. An upgrade's plan is
     * shown up to {@code ledger.upgrades.answer-stage-limit} stages ({@link DecisionAnswers}); an answer that still
     * does not fit in a record is sent without its result ({@link AnswerRecord}).
     */
    private CommandResult accepted(CommandEnvelope envelope, Object returned) {
        if (!(returned instanceof UpgradeDecision decision)) {
            return result(envelope, CommandResult.ACCEPTED, returned, null, null);
        }
        return decision.accepted()
                ? result(envelope, CommandResult.ACCEPTED, decisionAnswers.shown(decision), null, null)
                : result(envelope, CommandResult.REJECTED, decision, "upgrade-rejected", decision.reason());
    }

    private static ExponentialBackOff sendBackOff() {
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(10_000);
        return backOff;
    }

    private static String describe(ConsumerRecord<String, String> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    /** A record of the poll, what was read from it, and (once decided) its answer or why deciding it failed. */
    private static final class Taken {
        final int index;
        final ConsumerRecord<String, String> record;
        final CommandCodec.Decoded decoded;
        final String commandId;
        final String fingerprint;
        RequestAudit audit;
        Authentication sender;
        CommandResult result;
        RuntimeException failure;
        String sendFailure;
        Span span;

        Taken(int index, ConsumerRecord<String, String> record, CommandCodec.Decoded decoded, String commandId) {
            this.index = index;
            this.record = record;
            this.decoded = decoded;
            this.commandId = commandId;
            this.fingerprint = IdempotencyStore.fingerprint(record.value());
        }

        String key() {
            return KEY_PREFIX + commandId;
        }

        String fingerprint() {
            return fingerprint;
        }
    }

    /** The answer to a command whose sender is not authenticated or not allowed; nothing is stored. */
    private static CommandResult refused(CommandCodec.Decoded decoded, String commandId, CommandSenders.Sender sender) {
        CommandEnvelope envelope = decoded.envelope();
        return new CommandResult(commandId, decoded.commandType(),
                envelope == null ? null : LedgerCommands.clusterIdOf(envelope.payload()), CommandResult.REJECTED, null,
                ProblemTypes.of(sender.refusal()).toString(), sender.detail());
    }

    private static CommandResult result(CommandEnvelope envelope, String status, Object result, String problemSlug,
                                        String detail) {
        return new CommandResult(envelope.commandId(), envelope.commandType(), LedgerCommands.clusterIdOf(envelope.payload()),
                status, result, problemSlug == null ? null : ProblemTypes.of(problemSlug).toString(), detail);
    }

    private static CommandResult invalid(CommandCodec.Decoded decoded, String commandId, String detail) {
        return new CommandResult(commandId, decoded.commandType(), null, CommandResult.INVALID, null,
                ProblemTypes.of(ProblemTypes.INVALID_REQUEST).toString(), detail);
    }
}
