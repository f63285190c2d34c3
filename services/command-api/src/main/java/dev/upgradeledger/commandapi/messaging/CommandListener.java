package dev.upgradeledger.commandapi.messaging;

import dev.upgradeledger.commandapi.audit.RequestAudit;
import dev.upgradeledger.commandapi.cluster.ClusterCommands;
import dev.upgradeledger.commandapi.cluster.ClusterRefusal;
import dev.upgradeledger.commandapi.cluster.ConflictRetry;
import dev.upgradeledger.commandapi.cluster.UpgradeDecision;
import dev.upgradeledger.commandapi.idempotency.IdempotencyStore;
import dev.upgradeledger.commandapi.publishing.EventTooLargeException;
import dev.upgradeledger.commandapi.idempotency.IdempotencyStore.StoredAnswer;
import dev.upgradeledger.events.CommandEnvelope;
import dev.upgradeledger.events.CommandResult;
import dev.upgradeledger.events.InvalidValueException;
import dev.upgradeledger.events.LedgerTopics;
import dev.upgradeledger.support.envelope.CommandCodec;
import dev.upgradeledger.support.web.ProblemTypes;
import java.util.concurrent.TimeUnit;
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
 * command id; a redelivered or resent command gets the stored answer again and changes nothing. The answer is sent
 * after the commit, so a crash in between leads to a redelivery, which sends it then. Unreadable records (no JSON, no
 * command id) go to the group's dead-letter topic; a readable command that is invalid is answered INVALID. A command
 * that lost the optimistic-concurrency race on its cluster (another replica wrote first) runs again in a new
 * transaction ({@link ConflictRetry}). Two commands that carry the same command id and are taken at the same time (they
 * were keyed to different partitions) race on the stored answer: the first to commit wins, the other is answered as a
 * reuse and stores nothing.
 */
@Component
class CommandListener {

    private final CommandCodec codec;
    private final ClusterCommands commands;
    private final IdempotencyStore answers;
    private final TransactionTemplate transactions;
    private final KafkaTemplate<String, String> kafka;
    private final ConflictRetry conflicts;
    private final CommandSenders senders;

    CommandListener(CommandCodec codec, ClusterCommands commands, IdempotencyStore answers,
                    TransactionTemplate transactions, KafkaTemplate<String, String> kafka, ConflictRetry conflicts,
                    CommandSenders senders) {
        this.conflicts = conflicts;
        this.senders = senders;
        this.codec = codec;
        this.commands = commands;
        this.answers = answers;
        this.transactions = transactions;
        this.kafka = kafka;
    }

    @KafkaListener(topics = {LedgerTopics.COMMANDS, LedgerTopics.STEP_OUTCOMES})
    void on(ConsumerRecord<String, String> record) throws Exception {
        CommandCodec.Decoded decoded = codec.decode(record.value());
        String commandId = decoded.envelope() != null ? decoded.envelope().commandId() : decoded.problem().commandId();
        String key = "kafka:" + commandId;
        String fingerprint = IdempotencyStore.fingerprint(record.value());
        CommandResult result;
        CommandSenders.Sender sender;
        try {
            sender = decoded.envelope() != null ? senders.of(record, decoded.envelope())
                    : senders.ofInvalid(record, decoded.commandType());
        } catch (InvalidValueException invalid) {
            sender = null;
        }
        if (sender == null) {
            result = invalid(decoded, commandId, "correlationId must be 1-128 letters, digits or @._:/- characters");
        } else if (sender.isRefused()) {
            result = refused(decoded, commandId, sender);
        } else {
            try {
                result = answer(decoded, key, fingerprint, sender.audit());
            } catch (DuplicateKeyException lostRace) {
                // The same command id was being answered on another partition (or replica) at the same time and that
                // answer committed first; this attempt stored nothing. Answer from what was stored.
                result = answer(decoded, key, fingerprint, sender.audit());
            }
        }
        kafka.send(LedgerTopics.COMMAND_RESULTS, commandId, codec.encode(result)).get(30, TimeUnit.SECONDS);
    }

    private CommandResult answer(CommandCodec.Decoded decoded, String key, String fingerprint, RequestAudit audit) {
        StoredAnswer stored = answers.find(key).orElse(null);
        if (stored != null) {
            return stored.fingerprint().equals(fingerprint) ? codec.decodeResult(stored.body())
                    : invalid(decoded, key.substring("kafka:".length()),
                    "this commandId was used before for a different command");
        }
        if (decoded.envelope() == null) {
            return remember(key, fingerprint, invalid(decoded, decoded.problem().commandId(), decoded.problem().detail()));
        }
        CommandEnvelope envelope = decoded.envelope();
        try {
            return conflicts.run(() -> transactions.execute(status -> {
                Object returned = commands.send(envelope.payload(), audit);
                CommandResult result = returned instanceof UpgradeDecision decision && !decision.accepted()
                        ? result(envelope, CommandResult.REJECTED, decision, "upgrade-rejected", decision.reason())
                        : result(envelope, CommandResult.ACCEPTED, returned, null, null);
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
                    "no cluster " + envelope.payload().clusterId() + " is registered"));
        } catch (AggregateStreamCreationException exists) {
            return remember(key, fingerprint, result(envelope, CommandResult.REJECTED, null,
                    "cluster-already-registered", "cluster " + envelope.payload().clusterId() + " is already registered"));
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
        answers.save(key, new StoredAnswer(fingerprint, 200, "application/json", codec.encode(result)));
    }

    /** The answer to a command whose sender is not authenticated or not allowed; nothing is stored. */
    private static CommandResult refused(CommandCodec.Decoded decoded, String commandId, CommandSenders.Sender sender) {
        CommandEnvelope envelope = decoded.envelope();
        return new CommandResult(commandId, decoded.commandType(),
                envelope == null ? null : envelope.payload().clusterId().value(), CommandResult.REJECTED, null,
                ProblemTypes.of(sender.refusal()).toString(), sender.detail());
    }

    private static CommandResult result(CommandEnvelope envelope, String status, Object result, String problemSlug,
                                        String detail) {
        return new CommandResult(envelope.commandId(), envelope.commandType(), envelope.payload().clusterId().value(),
                status, result, problemSlug == null ? null : ProblemTypes.of(problemSlug).toString(), detail);
    }

    private static CommandResult invalid(CommandCodec.Decoded decoded, String commandId, String detail) {
        return new CommandResult(commandId, decoded.commandType(), null, CommandResult.INVALID, null,
                ProblemTypes.of(ProblemTypes.INVALID_REQUEST).toString(), detail);
    }
}
