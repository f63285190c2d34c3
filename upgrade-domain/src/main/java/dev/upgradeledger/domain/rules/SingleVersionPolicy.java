package dev.upgradeledger.domain.rules;

import dev.upgradeledger.domain.decide.ClusterSnapshot;
import dev.upgradeledger.domain.decide.Refusal;
import dev.upgradeledger.domain.policy.PathDecision;
import dev.upgradeledger.domain.policy.VersionPolicy;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.Rule;
import dev.upgradeledger.events.Version;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code single-version}: "all the cluster peers need to run the same cluster version (X.X.X, including the patch
 * number)" (IPFS Cluster); "retain a single version installed across every parts" (Backend.AI).
 *
 * <p>A node joins on the cluster's version only. A cluster whose nodes run different versions (after an aborted or
 * failed upgrade, or from a history older than this rule) is only upgraded to converge: to the newest version found,
 * each lagging node's own path checked. Quarantined nodes are set aside and not counted.
 */
public final class SingleVersionPolicy {

    private final VersionScheme scheme;

    public SingleVersionPolicy(VersionScheme scheme) {
        this.scheme = scheme;
    }

    /** A node joining the cluster on {@code version}. */
    public Optional<Refusal> nodeJoins(ClusterSnapshot cluster, NodeId node, Version version) {
        if (version == null || version.equals(cluster.version())) {
            return Optional.empty();
        }
        return Optional.of(Refusal.of(Rule.SINGLE_VERSION, "node " + node + " would run " + version + " in cluster "
                        + cluster.id() + ", which runs " + cluster.version() + "; " + Rule.SINGLE_VERSION.sentence()
                        + " (" + Rule.SINGLE_VERSION.guide() + ")",
                "add the node on " + cluster.version() + " (leave its version out), then upgrade the whole cluster"));
    }

    /**
     * An upgrade to {@code target}: nothing to say when the nodes agree; when they diverge, allowed only as the
     * converging upgrade to the newest version found, with every lagging node's own path allowed.
     */
    public Optional<Refusal> upgrade(ClusterSnapshot cluster, Version target) {
        if (!cluster.diverged()) {
            return Optional.empty();
        }
        Map<Version, List<NodeId>> found = cluster.versionsFound();
        Optional<Version> newest = newest(cluster, found.keySet().stream().toList());
        String versions = cluster.describeVersionsFound();
        if (newest.isEmpty()) {
            return Optional.of(Refusal.of(Rule.SINGLE_VERSION, "the nodes of " + cluster.id() + " run different"
                            + " versions: " + versions + ", and they cannot be ordered; " + Rule.SINGLE_VERSION.sentence(),
                    "remove the diverging nodes and add them again on " + cluster.version()));
        }
        if (!newest.get().equals(target)) {
            return Optional.of(new Refusal(Rule.SINGLE_VERSION, "the nodes of " + cluster.id() + " run different"
                    + " versions: " + versions + "; " + Rule.SINGLE_VERSION.sentence() + " ("
                    + Rule.SINGLE_VERSION.guide() + ")",
                    "converge first: upgrade to " + newest.get() + ", the newest version found (each node's own"
                            + " path is checked)", List.of(newest.get())));
        }
        for (Map.Entry<Version, List<NodeId>> entry : found.entrySet()) {
            Optional<Refusal> ownPath = ownPath(cluster, entry.getKey(), target, entry.getValue());
            if (ownPath.isPresent()) {
                return ownPath;
            }
        }
        return Optional.empty();
    }

    /** Whether the nodes on {@code from} may go to {@code target} by themselves: the planner moves no node unchecked. */
    private Optional<Refusal> ownPath(ClusterSnapshot cluster, Version from, Version target, List<NodeId> nodes) {
        if (from.equals(target)) {
            return Optional.empty();
        }
        Optional<VersionPolicy> policy = cluster.policy();
        if (policy.isPresent()) {
            PathDecision decision = policy.get().check(from, target);
            if (decision instanceof PathDecision.Refused refused) {
                return Optional.of(new Refusal(Rule.byId(refused.rule()).orElseThrow(), "node(s) " + nodes
                        + " on " + from + " cannot go to " + target + " directly: " + refused.reason(),
                        refused.allowedPath().isEmpty() ? null : "remove them and add them again on "
                                + cluster.version() + ", or converge along " + refused.describeAllowedPath(),
                        Refusal.versionsOf(refused.allowedPath())));
            }
            return Optional.empty();
        }
        if (scheme.compare(target, from).map(order -> order < 0).orElse(false)) {
            return Optional.of(Refusal.of(Rule.NO_DOWNGRADE, "node(s) " + nodes + " on " + from + " would be"
                    + " downgraded to " + target));
        }
        return Optional.empty();
    }

    private Optional<Version> newest(ClusterSnapshot cluster, List<Version> versions) {
        Optional<VersionPolicy> policy = cluster.policy();
        if (policy.isPresent() && versions.stream().allMatch(policy.get()::knows)) {
            return versions.stream().max(policy.get().order());
        }
        if (versions.stream().allMatch(scheme::reads)) {
            return versions.stream().max(Comparator.comparing(v -> v, (a, b) -> scheme.compare(a, b).orElse(0)));
        }
        return Optional.empty();
    }
}
