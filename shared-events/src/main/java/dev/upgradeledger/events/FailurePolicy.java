package dev.upgradeledger.events;

/**
 * What an upgrade does when a step fails for good (not retryable, or out of attempts).
 *
 * @param mode             PAUSE at the first such failure, QUARANTINE the failed node and go on, or FAIL the upgrade
 *                         ({@code UpgradeFailed}) at the first such failure
 * @param maxFailedPercent with QUARANTINE, the share of the cluster's nodes that may be quarantined; one more failed
 *                         node fails the upgrade (like Ansible's {@code max_fail_percentage}); 0 to 100
 */
public record FailurePolicy(Mode mode, int maxFailedPercent) {

    public static final FailurePolicy PAUSE = new FailurePolicy(Mode.PAUSE, 0);

    public enum Mode { PAUSE, QUARANTINE, FAIL }

    public FailurePolicy {
        Validation.require(mode != null, "failure policy mode is required");
        Validation.require(maxFailedPercent >= 0 && maxFailedPercent <= 100,
                "maxFailedPercent must be 0 to 100, was " + maxFailedPercent);
    }

    /** How many nodes of a cluster of {@code nodes} may be quarantined. */
    public int budget(int nodes) {
        return mode != Mode.QUARANTINE ? 0 : nodes * maxFailedPercent / 100;
    }
}
