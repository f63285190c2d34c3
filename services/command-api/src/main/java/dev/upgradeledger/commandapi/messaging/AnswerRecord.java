package dev.upgradeledger.commandapi.messaging;

import dev.upgradeledger.commandapi.publishing.RecordSizeLimit;
import dev.upgradeledger.events.CommandResult;
import dev.upgradeledger.support.envelope.CommandCodec;
import dev.upgradeledger.support.web.ProblemTypes;

/**
 * The record value of an answer on {@code ledger.command-results}. An answer larger than a record may hold could never
 * be sent: the producer refuses it at once and every retry alike, and the command consumer would keep its partitions
 * paused for ever. Such an answer is sent without its {@code result}, with the same status, the problem type
 * {@value #TOO_LARGE} and a detail that says how large it was: the command's effects are recorded all the same (read
 * them from the projection). The answers the ledger makes are bounded ({@code DecisionAnswers}: an upgrade's plan up to
 * a stage limit); this is the one net under every answer, whatever its command.
 */
final class AnswerRecord {

    static final String TOO_LARGE = "answer-too-large";

    private AnswerRecord() {
    }

    /** The answer as JSON, or the answer without its result when that is larger than {@code limit} bytes (UTF-8). */
    static String encode(CommandCodec codec, CommandResult answer, long limit) {
        String encoded = codec.encode(answer);
        long size = RecordSizeLimit.excess(encoded, limit);
        if (size < 0) {
            return encoded;
        }
        return codec.encode(new CommandResult(answer.commandId(), answer.commandType(), answer.clusterId(),
                answer.status(), null, ProblemTypes.of(TOO_LARGE).toString(), "the answer (" + size
                + " bytes) is larger than the " + limit + " bytes a record may hold, so it is sent without its"
                + " result; the command was " + answer.status() + (answer.detail() == null ? ""
                : " (" + answer.detail() + ")") + ": read its effects from the projection"));
    }
}
