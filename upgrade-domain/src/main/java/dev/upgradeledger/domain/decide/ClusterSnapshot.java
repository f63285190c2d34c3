package dev.upgradeledger.domain.decide;

import dev.upgradeledger.domain.policy.VersionPolicy;
import dev.upgradeledger.domain.profile.BuiltInProfiles;
import dev.upgradeledger.domain.profile.ProductProfile;
import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.PolicyRules;
import dev.upgradeledger.events.ReleaseCatalog;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.events.Version;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An immutable picture of one cluster, all the decider knows: what the aggregate's state says at the moment a command
 * is decided. Built by the aggregate; never changed.
 *
 * @param version       the version the cluster runs (the last completed upgrade's target)
 * @param schemaVersion the version of its schema or state format
 * @param catalog       the release catalog that applies to it, or null
 * @param rules         the catalog's rules (null exactly when {@code catalog} is)
 * @param managerId     the manager driving it, or null
 * @param activeUpgrade the upgrade running now, or null
 * @param unfinalized   a completed upgrade not yet finalized or abandoned, or null
 * @param profile       the profile of its product (roles and their order, extra steps, workloads), or null
 * @param labels        its labels (key to value, see {@code ClusterLabels}); empty when it has none
 */
public record ClusterSnapshot(ClusterId id, String product, Version version, Version schemaVersion,
                              List<NodeSnapshot> nodes, ReleaseCatalog catalog, PolicyRules rules, String managerId,
                              boolean retired, UpgradeId activeUpgrade, UpgradeId unfinalized,
                              ProductProfile profile, Map<String, String> labels) {

    public ClusterSnapshot {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        nodes = List.copyOf(nodes);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** A cluster without labels. */
    public ClusterSnapshot(ClusterId id, String product, Version version, Version schemaVersion,
                           List<NodeSnapshot> nodes, ReleaseCatalog catalog, PolicyRules rules, String managerId,
                           boolean retired, UpgradeId activeUpgrade, UpgradeId unfinalized,
                           ProductProfile profile) {
        this(id, product, version, schemaVersion, nodes, catalog, rules, managerId, retired, activeUpgrade,
                unfinalized, profile, Map.of());
    }

    /** A cluster whose product's profile is the built-in one, if any. */
    public ClusterSnapshot(ClusterId id, String product, Version version, Version schemaVersion,
                           List<NodeSnapshot> nodes, ReleaseCatalog catalog, PolicyRules rules, String managerId,
                           boolean retired, UpgradeId activeUpgrade, UpgradeId unfinalized) {
        this(id, product, version, schemaVersion, nodes, catalog, rules, managerId, retired, activeUpgrade,
                unfinalized, product == null ? null : BuiltInProfiles.find(product).orElse(null));
    }

    /** The version policy of the cluster's catalog, when it has one. */
    public Optional<VersionPolicy> policy() {
        return catalog == null ? Optional.empty()
                : Optional.of(new VersionPolicy(catalog, rules == null ? PolicyRules.STRICT : rules));
    }

    /** The nodes taking part in upgrades (quarantined ones are set aside). */
    public List<NodeSnapshot> activeNodes() {
        return nodes.stream().filter(node -> !node.quarantined()).toList();
    }

    /** Every version the active nodes run, each with its nodes, in the nodes' order. */
    public Map<Version, List<NodeId>> versionsFound() {
        Map<Version, List<NodeId>> found = new LinkedHashMap<>();
        for (NodeSnapshot node : activeNodes()) {
            found.computeIfAbsent(node.version(), version -> new ArrayList<>()).add(node.id());
        }
        return found;
    }

    /** Whether the active nodes run more than one version. */
    public boolean diverged() {
        return versionsFound().size() > 1;
    }

    /** The versions found as people read them: {@code 1.0.8 (peer-1, peer-2), 1.0.9 (peer-3)}. */
    public String describeVersionsFound() {
        return versionsFound().entrySet().stream()
                .map(entry -> entry.getKey() + " (" + entry.getValue().stream().map(NodeId::value)
                        .collect(Collectors.joining(", ")) + ")")
                .collect(Collectors.joining(", "));
    }
}
