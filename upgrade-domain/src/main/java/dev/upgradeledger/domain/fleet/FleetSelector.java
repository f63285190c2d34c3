package dev.upgradeledger.domain.fleet;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.ClusterLabels;
import dev.upgradeledger.events.InvalidValueException;
import java.util.Map;
import java.util.Set;

/**
 * Which clusters a fleet upgrade takes: every criterion given must hold (product, current version or range, every
 * label, one of the ids); a criterion left out (null or empty) takes any cluster. At least one is needed: a selector
 * never takes every cluster of every product by omission.
 *
 * @param product  the clusters' product, or null
 * @param versions the current versions, or null
 * @param labels   labels every selected cluster carries with these values; empty for any
 * @param ids      explicit cluster ids; empty for any
 */
public record FleetSelector(String product, VersionRange versions, Map<String, String> labels, Set<ClusterId> ids) {

    public FleetSelector {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        ids = ids == null ? Set.of() : Set.copyOf(ids);
        if ((product == null || product.isBlank()) && versions == null && labels.isEmpty() && ids.isEmpty()) {
            throw new InvalidValueException("a fleet selector needs a product, a version range, labels or cluster ids");
        }
        product = product == null || product.isBlank() ? null : product;
    }

    public boolean selects(FleetMember member) {
        if (product != null && !product.equals(member.cluster().product())) {
            return false;
        }
        if (versions != null && !versions.contains(member.cluster().version())) {
            return false;
        }
        if (!ids.isEmpty() && !ids.contains(member.id())) {
            return false;
        }
        return ClusterLabels.containsAll(member.labels(), labels);
    }
}
