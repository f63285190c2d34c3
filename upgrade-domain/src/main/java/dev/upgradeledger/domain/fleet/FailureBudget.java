package dev.upgradeledger.domain.fleet;

import java.util.Objects;

/**
 * How many clusters may fail (or pause) before the fleet upgrade stops starting new ones: a count, or a percentage of
 * the clusters taken (rounded down). As AWS Systems Manager's {@code MaxErrors}: the budget is exceeded by the
 * failure after the last one it allows ({@code 2} tolerates two and stops at the third; {@code 0} stops at the first);
 * the clusters running then finish.
 */
public record FailureBudget(Amount max) {

    public FailureBudget {
        Objects.requireNonNull(max, "max");
    }

    public static FailureBudget of(String max) {
        return new FailureBudget(Amount.of(max));
    }

    /** The failures tolerated among {@code total} clusters. */
    public int allowed(int total) {
        return max.floorOf(total);
    }

    public boolean exceeded(int failures, int total) {
        return failures > allowed(total);
    }
}
