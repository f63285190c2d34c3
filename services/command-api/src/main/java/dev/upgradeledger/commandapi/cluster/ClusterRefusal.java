package dev.upgradeledger.commandapi.cluster;

import dev.upgradeledger.domain.decide.Refusal;
import dev.upgradeledger.events.Rule;

/**
 * A command the cluster refuses because of its current state (an upgrade is already active, no upgrade to pause, a
 * node that does not exist). Nothing is recorded. {@link #rule()} is a stable id from the catalog {@link Rule}, also
 * the problem type slug; {@link #wayOut()} says what to do instead, when something can be done.
 */
public class ClusterRefusal extends RuntimeException {

    private final String rule;
    private final String wayOut;

    public ClusterRefusal(Rule rule, String message) {
        this(rule, message, null);
    }

    public ClusterRefusal(Rule rule, String message, String wayOut) {
        super(message);
        this.rule = rule.id();
        this.wayOut = wayOut;
    }

    public ClusterRefusal(Refusal refusal) {
        this(refusal.rule(), refusal.detail(), refusal.wayOut());
    }

    public String rule() {
        return rule;
    }

    /** What to do instead, or null. */
    public String wayOut() {
        return wayOut;
    }
}
