package dev.upgradeledger.domain.fleet;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.Version;
import java.util.List;

/**
 * The clusters a fleet upgrade takes, each with its own path to the target, and those it selected but skips, each
 * with the rule that keeps it out.
 */
public record FleetTarget(Version target, List<Included> included, List<Skipped> skipped) {

    public FleetTarget {
        included = List.copyOf(included);
        skipped = List.copyOf(skipped);
    }

    /**
     * A cluster taken.
     *
     * @param path      the versions it goes through, from its current one to the target
     * @param unchecked ids of the rules its plan could not check
     */
    public record Included(ClusterId cluster, Version current, List<Version> path, List<String> unchecked) {

        public Included {
            path = List.copyOf(path);
            unchecked = List.copyOf(unchecked);
        }
    }

    /**
     * A cluster selected but skipped.
     *
     * @param rule        the id of the rule that keeps it out
     * @param wayOut      what would let it in, or null
     * @param allowedPath the shortest allowed path the rule offers, empty when none
     */
    public record Skipped(ClusterId cluster, Version current, String rule, String detail, String wayOut,
                          List<Version> allowedPath) {

        public Skipped {
            allowedPath = List.copyOf(allowedPath);
        }
    }

    public List<ClusterId> includedIds() {
        return included.stream().map(Included::cluster).toList();
    }
}
