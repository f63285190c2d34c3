package dev.upgradeledger.domain.decide;

import dev.upgradeledger.domain.policy.Hop;
import dev.upgradeledger.events.Rule;
import dev.upgradeledger.events.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A typed refusal: the rule broken (from the one catalog, {@link Rule}), a sentence for people, and, where one
 * exists, the way out (what to do instead) and the shortest allowed path of versions.
 *
 * @param wayOut      what to do instead, or null when there is nothing to do
 * @param allowedPath the versions of the shortest allowed path, from the current one; empty when there is none
 */
public record Refusal(Rule rule, String detail, String wayOut, List<Version> allowedPath) {

    public Refusal {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(detail, "detail");
        allowedPath = List.copyOf(allowedPath);
    }

    public static Refusal of(Rule rule, String detail) {
        return new Refusal(rule, detail, null, List.of());
    }

    public static Refusal of(Rule rule, String detail, String wayOut) {
        return new Refusal(rule, detail, wayOut, List.of());
    }

    /** The versions of a chain of hops: its start, then every hop's end. */
    public static List<Version> versionsOf(List<Hop> hops) {
        if (hops.isEmpty()) {
            return List.of();
        }
        List<Version> versions = new ArrayList<>();
        versions.add(hops.get(0).from());
        hops.forEach(hop -> versions.add(hop.to()));
        return List.copyOf(versions);
    }
}
