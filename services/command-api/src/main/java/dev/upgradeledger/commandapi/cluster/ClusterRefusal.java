package dev.upgradeledger.commandapi.cluster;

/**
 * A command the cluster refuses because of its current state (an upgrade is already active, no upgrade to pause, a
 * node that does not exist). Nothing is recorded. {@link #rule()} is a stable id, also the problem type slug.
 */
public class ClusterRefusal extends RuntimeException {

    private final String rule;

    public ClusterRefusal(String rule, String message) {
        super(message);
        this.rule = rule;
    }

    public String rule() {
        return rule;
    }
}
