package dev.upgradeledger.events;

import java.util.regex.Pattern;

/**
 * A discovery group's name as commands and step parameters carry it: a node group of the cluster (1-64 letters,
 * digits or {@code ._:-}), since it reaches the executor's drivers (a script's {@code {group}} placeholder, an agent's
 * URL). {@link #ALL} stands for every discovery backend of a cluster.
 */
public final class DiscoveryGroupName {

    /** Every discovery backend of a cluster (the new cluster of a live move starts with none). */
    public static final String ALL = "*";
    /** The group of nodes registered without one. */
    public static final String DEFAULT = "default";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

    private DiscoveryGroupName() {
    }

    /** Whether {@code group} is a group name a driver may receive. */
    public static boolean valid(String group) {
        return group != null && NAME.matcher(group).matches();
    }

    /** The group a node of {@code nodeGroup} belongs to ({@link #DEFAULT} for none). */
    public static String of(String nodeGroup) {
        return nodeGroup == null ? DEFAULT : nodeGroup;
    }

    static void require(String group) {
        Validation.require(valid(group), "group must be 1-64 letters, digits or ._:- characters starting with a letter"
                + " or digit, was " + Validation.quote(group));
    }
}
