package dev.upgradeledger.domain.rules;

import dev.upgradeledger.domain.decide.ClusterSnapshot;
import dev.upgradeledger.domain.decide.Refusal;
import dev.upgradeledger.domain.decide.UncheckedRule;
import dev.upgradeledger.domain.policy.Hop;
import dev.upgradeledger.domain.policy.PathDecision;
import dev.upgradeledger.domain.policy.VersionPolicy;
import dev.upgradeledger.events.PolicyRules;
import dev.upgradeledger.events.Rule;
import dev.upgradeledger.events.UpgradeStrategy;
import dev.upgradeledger.events.Version;
import java.util.ArrayList;
import java.util.List;

/**
 * The version rules of a request: with a release catalog, the catalog's {@link VersionPolicy} (path and strategy per
 * hop); without one, the rules that can be checked without it ({@code same-version}, {@code no-downgrade} by the
 * declared {@link VersionScheme}), and the others listed as not checked. Switched-off rules are listed too.
 */
public final class VersionPathPolicy {

    /** The outcome: the hops to carry out and the rules not checked, or a refusal. */
    public record Path(List<Hop> hops, List<UncheckedRule> unchecked, Refusal refusal) {

        static Path refused(Refusal refusal) {
            return new Path(List.of(), List.of(), refusal);
        }

        public boolean refused() {
            return refusal != null;
        }
    }

    private final VersionScheme scheme;

    public VersionPathPolicy(VersionScheme scheme) {
        this.scheme = scheme;
    }

    public Path path(ClusterSnapshot cluster, Version target, UpgradeStrategy strategy, boolean followPath) {
        Version from = cluster.version();
        if (cluster.policy().isEmpty()) {
            return withoutCatalog(from, target);
        }
        VersionPolicy policy = cluster.policy().get();
        PathDecision decision = policy.plan(from, target, followPath);
        if (decision instanceof PathDecision.Refused refused) {
            Rule rule = Rule.byId(refused.rule()).orElseThrow();
            String wayOut = refused.allowedPath().isEmpty() ? null
                    : "follow the allowed path " + refused.describeAllowedPath() + " (followPath: true runs it hop by hop)";
            return Path.refused(new Refusal(rule, refused.reason(), wayOut, Refusal.versionsOf(refused.allowedPath())));
        }
        List<Hop> hops = ((PathDecision.Allowed) decision).hops();
        for (Hop hop : hops) {
            PathDecision.Refused refused = policy.checkStrategy(hop, strategy).orElse(null);
            if (refused != null) {
                return Path.refused(new Refusal(Rule.NO_ROLLING_ACROSS_LINES, refused.reason(),
                        "use OFFLINE, REJOIN or MIGRATION for " + hop.from() + " -> " + hop.to(),
                        Refusal.versionsOf(hops)));
            }
        }
        return new Path(hops, switchedOff(policy.rules()), null);
    }

    private Path withoutCatalog(Version from, Version target) {
        List<UncheckedRule> unchecked = new ArrayList<>();
        for (Rule rule : List.of(Rule.NO_LINE_SKIPPING, Rule.LATEST_IN_LINE_FIRST, Rule.CONSECUTIVE_WITHIN_LINE,
                Rule.NO_ROLLING_ACROSS_LINES)) {
            unchecked.add(new UncheckedRule(rule.id(), "the cluster has no release catalog to know its release lines"));
        }
        var order = scheme.compare(target, from);
        if (order.isEmpty()) {
            unchecked.add(new UncheckedRule(Rule.NO_DOWNGRADE.id(), "the " + scheme + " version scheme cannot order "
                    + from + " and " + target));
        } else if (order.get() < 0) {
            return Path.refused(Refusal.of(Rule.NO_DOWNGRADE, from + " -> " + target + " is a downgrade by the "
                    + scheme + " version scheme, and rule " + Rule.NO_DOWNGRADE
                    + " forbids going to an older version except as a recorded rollback",
                    "roll back an upgrade instead (POST .../upgrades/{upgradeId}/rollback while it is active)"));
        }
        return new Path(List.of(new Hop(from, target, false)), unchecked, null);
    }

    private static List<UncheckedRule> switchedOff(PolicyRules rules) {
        List<UncheckedRule> off = new ArrayList<>();
        String why = "switched off in the cluster's rules";
        if (!rules.noLineSkipping()) {
            off.add(new UncheckedRule(Rule.NO_LINE_SKIPPING.id(), why));
        }
        if (!rules.latestInLineFirst()) {
            off.add(new UncheckedRule(Rule.LATEST_IN_LINE_FIRST.id(), why));
        }
        if (!rules.consecutiveWithinLine()) {
            off.add(new UncheckedRule(Rule.CONSECUTIVE_WITHIN_LINE.id(), why));
        }
        if (!rules.noDowngrade()) {
            off.add(new UncheckedRule(Rule.NO_DOWNGRADE.id(), why));
        }
        if (!rules.noRollingAcrossLines()) {
            off.add(new UncheckedRule(Rule.NO_ROLLING_ACROSS_LINES.id(), why));
        }
        return off;
    }
}
