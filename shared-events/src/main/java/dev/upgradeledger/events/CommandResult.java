package dev.upgradeledger.events;

/**
 * The answer to a {@link CommandEnvelope}, on {@link LedgerTopics#COMMAND_RESULTS} keyed by {@code commandId}.
 *
 * @param status      {@code ACCEPTED} (done; {@code result} holds the answer, such as a step receipt or an upgrade
 *                    decision), {@code REJECTED} (refused by the cluster: {@code problemType} is the rule),
 *                    {@code INVALID} (the command breaks a rule of its own shape), {@code FAILED} (could not be
 *                    carried out; {@code detail} says why)
 * @param problemType for anything but ACCEPTED, the same stable problem type URN the REST API answers with
 */
public record CommandResult(String commandId, String commandType, String clusterId, String status, Object result,
                            String problemType, String detail) {

    public static final String ACCEPTED = "ACCEPTED";
    public static final String REJECTED = "REJECTED";
    public static final String INVALID = "INVALID";
    public static final String FAILED = "FAILED";
}
