package dev.upgradeledger.domain.rules;

import dev.upgradeledger.events.Version;
import java.util.Optional;

/**
 * How versions are ordered without a release catalog: a declared scheme. {@link #NUMERIC} reads dotted numbers
 * (semver's {@code MAJOR.MINOR.PATCH}, calendar versions such as {@code 23.09.10}, an optional leading {@code v});
 * a pre-release or build suffix ({@code -rc1}, {@code +b7}) is compared only when the numbers differ. A version it
 * cannot read is not ordered: rules that need the order are then listed as not checked.
 */
public enum VersionScheme {

    /** Dotted numbers: semantic versions and calendar versions alike. */
    NUMERIC;

    /**
     * Negative, zero or positive as {@code a} comes before, equals or comes after {@code b}; empty when the scheme
     * cannot order them.
     */
    public Optional<Integer> compare(Version a, Version b) {
        long[] left = numbers(a.value());
        long[] right = numbers(b.value());
        if (left == null || right == null) {
            return Optional.empty();
        }
        for (int i = 0; i < Math.max(left.length, right.length); i++) {
            long x = i < left.length ? left[i] : 0;
            long y = i < right.length ? right[i] : 0;
            if (x != y) {
                return Optional.of(Long.compare(x, y));
            }
        }
        boolean leftSuffix = hasSuffix(a.value());
        boolean rightSuffix = hasSuffix(b.value());
        if (leftSuffix || rightSuffix) {
            return a.equals(b) ? Optional.of(0) : Optional.empty();
        }
        return Optional.of(0);
    }

    /** Whether the scheme can read this version. */
    public boolean reads(Version version) {
        return numbers(version.value()) != null;
    }

    /** Whether the first number changes from {@code from} to {@code to} (semver's major); false when unreadable. */
    public boolean firstNumberChanges(Version from, Version to) {
        long[] left = numbers(from.value());
        long[] right = numbers(to.value());
        return left != null && right != null && left[0] != right[0];
    }

    private static long[] numbers(String text) {
        String core = text.startsWith("v") || text.startsWith("V") ? text.substring(1) : text;
        int suffix = indexOfSuffix(core);
        core = suffix < 0 ? core : core.substring(0, suffix);
        if (core.isEmpty()) {
            return null;
        }
        String[] parts = core.split("\\.", -1);
        long[] numbers = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].isEmpty() || parts[i].length() > 18 || !parts[i].chars().allMatch(Character::isDigit)) {
                return null;
            }
            numbers[i] = Long.parseLong(parts[i]);
        }
        return numbers;
    }

    private static boolean hasSuffix(String text) {
        return indexOfSuffix(text) >= 0;
    }

    private static int indexOfSuffix(String text) {
        int dash = text.indexOf('-');
        int plus = text.indexOf('+');
        if (dash < 0) {
            return plus;
        }
        return plus < 0 ? dash : Math.min(dash, plus);
    }
}
