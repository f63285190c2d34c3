package dev.upgradeledger.events;

/**
 * Why an upgrade paused, as a type (revision 2 of {@link UpgradePaused}): who or what stopped it, so that readers never
 * have to match the reason text.
 */
public enum PauseCause {
    /** An operator paused it ({@code PauseUpgrade}). */
    OPERATOR,
    /** A step failed for good (or ran out of attempts) under the PAUSE failure policy. */
    STEP_FAILED,
    /** Starting the next step would break an invariant; {@code rule} names it. */
    INVARIANT,
    /** The plan ended with nodes still out of service. */
    NODES_OUT_OF_SERVICE,
    /** The next hop of a followed path could not be planned; {@code rule} names the planner's refusal. */
    NEXT_HOP_REFUSED;

    /**
     * The cause of a revision 1 pause, which carried only its reason text: the texts the ledger wrote for its own
     * pauses, any other text was an operator's. Used by the upcaster and by readers of revision 1 envelopes.
     */
    public static PauseCause fromLegacyReason(String reason) {
        if (reason == null) {
            return OPERATOR;
        }
        if (reason.startsWith("invariant: ")) {
            return INVARIANT;
        }
        if (reason.startsWith("the plan ended with nodes out of service")) {
            return NODES_OUT_OF_SERVICE;
        }
        if (reason.startsWith("the next hop to ")) {
            return NEXT_HOP_REFUSED;
        }
        if (reason.startsWith("step ") && reason.contains(") failed: ")) {
            return STEP_FAILED;
        }
        return OPERATOR;
    }
}
