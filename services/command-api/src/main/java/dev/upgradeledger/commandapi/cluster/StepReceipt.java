package dev.upgradeledger.commandapi.cluster;

/** What the cluster did with a step report. */
public enum StepReceipt {
    /** The outcome was recorded. */
    ACCEPTED,
    /** The step was already settled; the report changed nothing. */
    DUPLICATE,
    /** The report names another upgrade, attempt or manager epoch than the running one; it changed nothing. */
    STALE
}
