package dev.upgradeledger.events;

/**
 * One command on {@link LedgerTopics#COMMANDS} (a step outcome on {@link LedgerTopics#STEP_OUTCOMES}), keyed by
 * cluster id. The answer comes on
 * {@link LedgerTopics#COMMAND_RESULTS}, keyed by {@code commandId}; sending the same command id again is answered
 * with the first result and changes nothing.
 *
 * @param commandId     unique per command, chosen by the sender (1-128 characters)
 * @param commandType   wire name of the payload type, see {@link LedgerCommands}
 * @param actor         who the sender says it is: informational only; the actor recorded on the events is the
 *                      subject of the token in the record's {@link LedgerTopics#AUTHORIZATION_HEADER} header (on
 *                      {@link LedgerTopics#STEP_OUTCOMES}: the executor)
 * @param correlationId the originating request, if the sender has one
 * @param payload       the command
 */
public record CommandEnvelope(String commandId, String commandType, String actor, String correlationId,
                              ClusterCommand payload) {
}
