package dev.upgradeledger.events;

/**
 * The version rules a product enforces, each switchable. The names are the rule ids a refusal reports.
 *
 * @param noLineSkipping          {@code no-line-skipping}: a hop enters at most the next release line (Camunda
 *                                7.4 to 7.6, Inmanta X to X+2 are refused)
 * @param latestInLineFirst       {@code latest-in-line-first}: only the latest version of a line may enter the next
 *                                line (Backend.AI 23.09.9 to 24.03.0 is refused, 23.09.10 to 24.03.x is allowed)
 * @param consecutiveWithinLine   {@code consecutive-within-line}: within a line, go one version at a time
 * @param noDowngrade             {@code no-downgrade}: never to an older version, except as a recorded rollback
 * @param noRollingAcrossLines    {@code no-rolling-across-lines}: a hop into a new line must not be ROLLING
 *                                (Backend.AI: a major upgrade is never rolling)
 */
public record PolicyRules(boolean noLineSkipping, boolean latestInLineFirst, boolean consecutiveWithinLine,
                          boolean noDowngrade, boolean noRollingAcrossLines) {

    /** Every rule on: what the five guides ask for together. */
    public static final PolicyRules STRICT = new PolicyRules(true, true, true, true, true);

    public static final String NO_LINE_SKIPPING = Rule.NO_LINE_SKIPPING.id();
    public static final String LATEST_IN_LINE_FIRST = Rule.LATEST_IN_LINE_FIRST.id();
    public static final String CONSECUTIVE_WITHIN_LINE = Rule.CONSECUTIVE_WITHIN_LINE.id();
    public static final String NO_DOWNGRADE = Rule.NO_DOWNGRADE.id();
    public static final String NO_ROLLING_ACROSS_LINES = Rule.NO_ROLLING_ACROSS_LINES.id();
}
