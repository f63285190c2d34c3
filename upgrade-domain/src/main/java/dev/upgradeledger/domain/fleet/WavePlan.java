package dev.upgradeledger.domain.fleet;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.InvalidValueException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How a fleet upgrade is cut into waves: a canary wave first (a count of clusters, or named clusters), then waves of
 * {@code waveSize} (a count, or a percentage of the clusters taken), never more than {@code maxConcurrent} clusters
 * upgrading at once across the fleet. Waves run one after the other.
 *
 * @param canary        the canary's size (null when {@code canaryClusters} names them; {@code 0} for no canary)
 * @param canaryClusters the canary's clusters by name; empty when {@code canary} gives a count
 * @param waveSize      each later wave's size
 * @param maxConcurrent clusters upgrading at once, 1 to 1,000
 */
public record WavePlan(Amount canary, List<ClusterId> canaryClusters, Amount waveSize, int maxConcurrent) {

    public WavePlan {
        canaryClusters = canaryClusters == null ? List.of() : List.copyOf(canaryClusters);
        if (canary == null && canaryClusters.isEmpty()) {
            canary = Amount.of("1");
        }
        if (canary != null && !canaryClusters.isEmpty()) {
            throw new InvalidValueException("a canary is a count or a list of clusters, not both");
        }
        if (waveSize == null || waveSize.ceilOf(100) == 0) {
            throw new InvalidValueException("waveSize must be at least one cluster (a count or a percentage)");
        }
        if (maxConcurrent < 1 || maxConcurrent > 1_000) {
            throw new InvalidValueException("maxConcurrent must be 1 to 1000, was " + maxConcurrent);
        }
    }

    /** One wave: its index (0 is the canary when there is one) and its clusters in start order. */
    public record Wave(int index, boolean canary, List<ClusterId> clusters) {

        public Wave {
            clusters = List.copyOf(clusters);
        }
    }

    /**
     * The waves over the clusters taken, in their order: the canary (the named ones, or the first ones), then the rest
     * in order, cut by {@code waveSize} of all the clusters taken (a percentage rounds up).
     */
    public List<Wave> waves(List<ClusterId> clusters) {
        Set<ClusterId> remaining = new LinkedHashSet<>(clusters);
        List<Wave> waves = new ArrayList<>();
        List<ClusterId> canaryWave = new ArrayList<>();
        if (!canaryClusters.isEmpty()) {
            for (ClusterId named : canaryClusters) {
                if (!remaining.remove(named)) {
                    throw new InvalidValueException("canary cluster " + named + " is not one of the clusters the"
                            + " fleet upgrade takes");
                }
                canaryWave.add(named);
            }
        } else {
            int size = Math.min(canary.ceilOf(clusters.size()), clusters.size());
            for (ClusterId id : List.copyOf(remaining).subList(0, size)) {
                remaining.remove(id);
                canaryWave.add(id);
            }
        }
        if (!canaryWave.isEmpty()) {
            waves.add(new Wave(0, true, canaryWave));
        }
        int size = Math.max(1, waveSize.ceilOf(clusters.size()));
        List<ClusterId> rest = List.copyOf(remaining);
        for (int from = 0; from < rest.size(); from += size) {
            waves.add(new Wave(waves.size(), false, rest.subList(from, Math.min(rest.size(), from + size))));
        }
        return List.copyOf(waves);
    }
}
