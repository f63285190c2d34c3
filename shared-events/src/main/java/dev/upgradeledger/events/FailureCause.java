package dev.upgradeledger.events;

/** Why an upgrade failed, as a type (revision 2 of {@link UpgradeFailed}). */
public enum FailureCause {
    /** With QUARANTINE, one more failed node than {@code maxFailedPercent} allows ({@code rule failure-budget}). */
    FAILURE_BUDGET_EXCEEDED,
    /** A step failed for good and the failure policy is FAIL. */
    POLICY_FAIL,
    /** An invariant broken in a way that resuming cannot restore; {@code rule} names it. */
    INVARIANT,
    /** A revision 1 event, which carried only its reason text. */
    UNKNOWN
}
