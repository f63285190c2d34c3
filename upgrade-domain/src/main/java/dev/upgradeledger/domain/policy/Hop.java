package dev.upgradeledger.domain.policy;

import dev.upgradeledger.events.Version;
import java.util.Objects;

/**
 * One direct move of a cluster from one version to another, as a single upgrade (or rollback) would carry it out.
 *
 * @param from          the version the cluster runs before the hop
 * @param to            the version it runs after the hop
 * @param entersNewLine whether {@code to} lies in a different release line from {@code from}: a major upgrade, or
 *                      a rollback across lines; such a hop must not be carried out ROLLING when the product enforces
 *                      {@code no-rolling-across-lines}
 */
public record Hop(Version from, Version to, boolean entersNewLine) {

    public Hop {
        Objects.requireNonNull(from, "a hop needs the version it starts from");
        Objects.requireNonNull(to, "a hop needs the version it goes to");
    }
}
