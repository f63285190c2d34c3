package dev.upgradeledger.events;

/**
 * One command on {@link LedgerTopics#COMMANDS}, keyed by cluster id. The answer comes on
 * {@link LedgerTopics#COMMAND_RESULTS}, keyed by {@code commandId}; sending the same command id again is answered
 * with the first result and changes nothing.
 *
 * @param commandId     unique per command, chosen by the sender (1-128 characters)
 * @param commandType   wire name of the payload type, see {@link LedgerCommands}
 * @param actor         who sends it; recorded on every event it causes
 * @param correlationId the originating request, if the sender has one
 * @param payload       the command
 */
public record CommandEnvelope(String commandId, String commandType, String actor, String correlationId,
                              ClusterCommand payload) {
}
