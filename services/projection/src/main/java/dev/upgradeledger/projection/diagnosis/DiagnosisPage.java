package dev.upgradeledger.projection.diagnosis;

import dev.upgradeledger.events.InvalidValueException;

/**
 * Which entries of a diagnosis' lists to answer: the steps (by the sequence of their first start), failed attempts
 * and quarantined nodes (by their event's sequence) after sequence {@code after} (null: from the first), at most
 * {@code limit} of the three together. Every entry has a sequence of its own, so paging visits each once.
 */
public record DiagnosisPage(Long after, int limit) {

    public static final int DEFAULT_LIMIT = 500;
    public static final int MAX_LIMIT = 2_000;

    public DiagnosisPage {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidValueException("limit must be 1 to " + MAX_LIMIT + ", was " + limit);
        }
        if (after != null && after < 0) {
            throw new InvalidValueException("after must be the next value of a previous page (a sequence), was "
                    + after);
        }
    }

    /** The page after {@code cursor} (null for the first), checked. */
    public static DiagnosisPage of(String cursor, Integer limit) {
        Long after = null;
        if (cursor != null) {
            try {
                after = Long.parseLong(cursor);
            } catch (NumberFormatException e) {
                throw new InvalidValueException("after must be the next value of a previous page (a sequence), was "
                        + (cursor.length() > 40 ? cursor.substring(0, 40) + "..." : cursor));
            }
        }
        return new DiagnosisPage(after, limit == null ? DEFAULT_LIMIT : limit);
    }

    boolean includes(long sequence) {
        return after == null || sequence > after;
    }
}
