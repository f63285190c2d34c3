package dev.upgradeledger.support.security;

import java.util.Locale;

/**
 * What a grant lets its holder do. {@code admin} includes {@code operator}, which includes {@code viewer};
 * {@code executor} is the executor service's own role and includes nothing else.
 */
public enum Role {

    /** Reads: queries, history, the live stream, the executor's cursors and steps. */
    VIEWER,
    /** Commands: registering clusters, requesting and steering upgrades. */
    OPERATOR,
    /** Admin APIs: publisher replay and dead letters, read-model snapshots, recovery and rebuilds, fault injection. */
    ADMIN,
    /** Reports step outcomes: only the executor's principal holds it. */
    EXECUTOR;

    /** Whether holding this role is enough for {@code needed}. */
    public boolean includes(Role needed) {
        return switch (this) {
            case ADMIN -> needed != EXECUTOR;
            case OPERATOR -> needed == OPERATOR || needed == VIEWER;
            case VIEWER -> needed == VIEWER;
            case EXECUTOR -> needed == EXECUTOR;
        };
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
