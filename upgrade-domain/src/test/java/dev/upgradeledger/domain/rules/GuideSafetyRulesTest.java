package dev.upgradeledger.domain.rules;

import static dev.upgradeledger.domain.rules.Snapshots.BACKEND_AI_CATALOG;
import static dev.upgradeledger.domain.rules.Snapshots.CAMUNDA_CATALOG;
import static dev.upgradeledger.domain.rules.Snapshots.CAMUNDA_RULES;
import static dev.upgradeledger.domain.rules.Snapshots.cluster;
import static dev.upgradeledger.domain.rules.Snapshots.ipfs;
import static dev.upgradeledger.domain.rules.Snapshots.request;
import static dev.upgradeledger.domain.rules.Snapshots.withUnfinalized;
import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.domain.decide.ClusterSnapshot;
import dev.upgradeledger.domain.decide.Refusal;
import dev.upgradeledger.domain.decide.UncheckedRule;
import dev.upgradeledger.domain.decide.UpgradeDecider;
import dev.upgradeledger.domain.decide.UpgradeVerdict;
import dev.upgradeledger.domain.policy.VersionPolicy;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.PolicyRules;
import dev.upgradeledger.events.RequestUpgrade;
import dev.upgradeledger.events.Rule;
import dev.upgradeledger.events.SchemaChange;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.events.UpgradeStrategy;
import dev.upgradeledger.events.Version;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** One given/when/then test per safety rule of the guides, named after the sentence it enforces. */
class GuideSafetyRulesTest {

    private final UpgradeDecider decider = new UpgradeDecider();

    @Nested
    @DisplayName("single-version: all the cluster peers need to run the same cluster version (IPFS Cluster)")
    class SingleVersion {

        private final SingleVersionPolicy policy = new SingleVersionPolicy(VersionScheme.NUMERIC);

        @Test
        @DisplayName("IPFS Cluster: \"all the cluster peers need to run the same cluster version (X.X.X, including"
                + " the patch number)\" - a peer joining on another patch version is refused")
        void allTheClusterPeersNeedToRunTheSameClusterVersionIncludingThePatchNumber() {
            // given an IPFS cluster on 1.0.8
            ClusterSnapshot cluster = ipfs("1.0.8", "1.0.8");
            // when a peer joins on 1.0.9
            Optional<Refusal> refusal = policy.nodeJoins(cluster, NodeId.of("peer-9"), Version.of("1.0.9"));
            // then it is refused by single-version, with the way out
            assertThat(refusal).get().satisfies(r -> {
                assertThat(r.rule()).isEqualTo(Rule.SINGLE_VERSION);
                assertThat(r.detail()).contains("1.0.9", "1.0.8", "IPFS Cluster");
                assertThat(r.wayOut()).contains("add the node on 1.0.8");
            });
        }

        @Test
        @DisplayName("IPFS Cluster: a peer joining on the cluster's own version (or none given) is welcome")
        void aPeerJoiningOnTheClustersVersionIsWelcome() {
            ClusterSnapshot cluster = ipfs("1.0.8", "1.0.8");
            assertThat(policy.nodeJoins(cluster, NodeId.of("peer-9"), Version.of("1.0.8"))).isEmpty();
            assertThat(policy.nodeJoins(cluster, NodeId.of("peer-9"), null)).isEmpty();
        }

        @Test
        @DisplayName("Backend.AI: \"retain a single version installed across every parts\" - an upgrade of a cluster"
                + " whose nodes diverge is refused with the versions found and how to converge")
        void retainASingleVersionInstalledAcrossEveryParts() {
            // given a cluster with one peer left on another patch version
            ClusterSnapshot cluster = ipfs("1.0.8", "1.0.8", "1.0.9");
            // when an upgrade to 1.1.0 is asked
            UpgradeVerdict verdict = decider.decide(cluster, request(cluster, "1.1.0", UpgradeStrategy.OFFLINE,
                    SchemaChange.NONE), Optional.empty());
            // then it is refused, naming the versions found and the converging upgrade
            Refusal refusal = ((UpgradeVerdict.Refused) verdict).refusal();
            assertThat(refusal.rule()).isEqualTo(Rule.SINGLE_VERSION);
            assertThat(refusal.detail()).contains("1.0.8 (node-1, node-2), 1.0.9 (node-3)");
            assertThat(refusal.wayOut()).contains("upgrade to 1.0.9");
            assertThat(refusal.allowedPath()).containsExactly(Version.of("1.0.9"));
        }

        @Test
        @DisplayName("IPFS Cluster: the converging upgrade to the newest version found is planned for the peers"
                + " left behind only")
        void theConvergingUpgradeMovesOnlyThePeersLeftBehind() {
            ClusterSnapshot cluster = ipfs("1.0.8", "1.0.8", "1.0.9");
            UpgradeVerdict verdict = decider.decide(cluster, request(cluster, "1.0.9", UpgradeStrategy.OFFLINE,
                    SchemaChange.NONE), Optional.empty());
            assertThat(verdict).isInstanceOf(UpgradeVerdict.Accepted.class);
            String plan = ((UpgradeVerdict.Accepted) verdict).hops().get(0).plan().toString();
            assertThat(plan).contains("node-1", "node-2");
        }

        @Test
        @DisplayName("Backend.AI: the planner never moves a node without checking its own path - a node on"
                + " 23.09.9 may not follow the others from 23.09.10 into 24.03 (latest-in-line-first)")
        void thePlannerNeverMovesANodeWithoutCheckingItsOwnPath() {
            ClusterSnapshot cluster = cluster("bai", BACKEND_AI_CATALOG, PolicyRules.STRICT, "23.09.10",
                    "23.09.10", "24.03.0", "23.09.9");
            UpgradeVerdict verdict = decider.decide(cluster, request(cluster, "24.03.0", UpgradeStrategy.OFFLINE,
                    SchemaChange.ADDITIVE), Optional.empty());
            Refusal refusal = ((UpgradeVerdict.Refused) verdict).refusal();
            assertThat(refusal.rule()).isEqualTo(Rule.LATEST_IN_LINE_FIRST);
            assertThat(refusal.detail()).contains("node-3", "23.09.9");
        }
    }

    @Nested
    @DisplayName("finalize gate: during the whole process of the rolling upgrade it is not permitted to use new"
            + " features (Camunda)")
    class Finalize {

        private final FinalizeGate gate = new FinalizeGate();

        @Test
        @DisplayName("Camunda: \"it is not permitted to use new features\" - a next upgrade is refused until the"
                + " last one is finalized or abandoned")
        void aNextUpgradeWaitsUntilTheLastOneIsFinalized() {
            // given a Camunda cluster whose upgrade u-1 completed but was not finalized
            ClusterSnapshot cluster = withUnfinalized(cluster("camunda", CAMUNDA_CATALOG, CAMUNDA_RULES, "7.6",
                    "7.6", "7.6"), "u-1");
            // when the next upgrade is asked, then it is refused with the way out
            assertThat(gate.nextUpgrade(cluster)).get().satisfies(refusal -> {
                assertThat(refusal.rule()).isEqualTo(Rule.FINALIZE_BEFORE_NEXT_UPGRADE);
                assertThat(refusal.wayOut()).contains("/upgrades/u-1/finalize", "/upgrades/u-1/abandon");
            });
            assertThat(gate.featureGate(cluster).open()).isFalse();
        }

        @Test
        @DisplayName("Camunda: new features only once every node runs the new version - finalize is refused while"
                + " any node is not on the target version")
        void finalizeIsRefusedWhileAnyNodeIsNotOnTheTargetVersion() {
            ClusterSnapshot cluster = withUnfinalized(cluster("camunda", CAMUNDA_CATALOG, CAMUNDA_RULES, "7.6",
                    "7.6", "7.5"), "u-1");
            assertThat(gate.finalize(cluster, UpgradeId.of("u-1"))).get().satisfies(refusal -> {
                assertThat(refusal.rule()).isEqualTo(Rule.FINALIZE_NEEDS_EVERY_NODE_ON_TARGET);
                assertThat(refusal.detail()).contains("node-2 on 7.5");
                assertThat(refusal.wayOut()).contains("abandon");
            });
        }

        @Test
        @DisplayName("Camunda: with every node on the target, finalizing opens the feature gate")
        void finalizingWithEveryNodeOnTheTargetIsAllowed() {
            ClusterSnapshot done = cluster("camunda", CAMUNDA_CATALOG, CAMUNDA_RULES, "7.6", "7.6", "7.6");
            assertThat(gate.finalize(withUnfinalized(done, "u-1"), UpgradeId.of("u-1"))).isEmpty();
            assertThat(gate.featureGate(done).open()).isTrue();
            assertThat(gate.abandon(done, UpgradeId.of("u-1")).map(Refusal::rule)).contains(Rule.NOTHING_TO_ABANDON);
        }
    }

    @Nested
    @DisplayName("node-not-newer-than-schema: an engine must never run on a schema older than itself (Camunda)")
    class SchemaOrder {

        private final SchemaOrderPolicy policy = new SchemaOrderPolicy();
        private final VersionPolicy camunda = new VersionPolicy(CAMUNDA_CATALOG, CAMUNDA_RULES);

        @Test
        @DisplayName("Camunda: \"an engine must never run on a schema older than itself\" - an upgrade to 7.6 whose"
                + " declared schema stays on 7.5 is refused, whatever the strategy")
        void anEngineMustNeverRunOnASchemaOlderThanItself() {
            ClusterSnapshot cluster = cluster("camunda", CAMUNDA_CATALOG, CAMUNDA_RULES, "7.5", "7.5", "7.5");
            for (UpgradeStrategy strategy : new UpgradeStrategy[] {UpgradeStrategy.ROLLING, UpgradeStrategy.OFFLINE}) {
                RequestUpgrade behind = withTargetSchema(request(cluster, "7.6", strategy, SchemaChange.ADDITIVE),
                        "7.5");
                Refusal refusal = ((UpgradeVerdict.Refused) decider.decide(cluster, behind, Optional.empty()))
                        .refusal();
                assertThat(refusal.rule()).isEqualTo(Rule.NODE_NOT_NEWER_THAN_SCHEMA);
                assertThat(refusal.wayOut()).contains("ADDITIVE");
            }
            assertThat(decider.decide(cluster, request(cluster, "7.6", UpgradeStrategy.ROLLING,
                    SchemaChange.ADDITIVE), Optional.empty())).isInstanceOf(UpgradeVerdict.Accepted.class);
        }

        @Test
        @DisplayName("Camunda: a request without a schema change is taken at its word, and the plan says the rule"
                + " was not checked")
        void withoutADeclaredSchemaChangeThePlanSaysTheRuleWasNotChecked() {
            ClusterSnapshot cluster = cluster("camunda", CAMUNDA_CATALOG, CAMUNDA_RULES, "7.5", "7.5", "7.5");
            UpgradeVerdict verdict = decider.decide(cluster, request(cluster, "7.6", UpgradeStrategy.ROLLING,
                    SchemaChange.NONE), Optional.empty());
            assertThat(((UpgradeVerdict.Accepted) verdict).uncheckedRules()).extracting(UncheckedRule::rule)
                    .contains(Rule.NODE_NOT_NEWER_THAN_SCHEMA.id());
        }

        private static RequestUpgrade withTargetSchema(RequestUpgrade r, String schema) {
            return new RequestUpgrade(r.clusterId(), r.upgradeId(), r.targetVersion(), Version.of(schema), r.strategy(),
                    r.schemaChange(), r.stateFormatChange(), r.maxUnavailable(), r.byGroup(), r.targetClusterId(),
                    r.failurePolicy(), r.followPath(), r.dryRun(), r.maxAttempts(), r.stepTimeout());
        }

        @Test
        @DisplayName("Camunda: checked as an order in the catalog - a schema ahead of the nodes is fine, one"
                + " behind is a violation, and without an order the plan's schema must be reached")
        void checkedAsAnOrderInTheCatalog() {
            assertThat(policy.violation(camunda, Version.of("7.5"), Version.of("7.6"), null)).isEmpty();
            assertThat(policy.violation(camunda, Version.of("7.6"), Version.of("7.5"), null)).get().asString()
                    .contains("older schema 7.5");
            assertThat(policy.violation(camunda, Version.of("7.6"), Version.of("s1"), Version.of("s2"))).isPresent();
            assertThat(policy.violation(null, Version.of("7.6"), Version.of("s2"), Version.of("s2"))).isEmpty();
        }
    }

    @Nested
    @DisplayName("no rule is ever silently off")
    class WithoutACatalog {

        @Test
        @DisplayName("all guides: \"never to an older version\" - without a catalog, no-downgrade still holds by the"
                + " numeric version scheme")
        void withoutACatalogNoDowngradeHoldsByTheVersionScheme() {
            ClusterSnapshot cluster = cluster("plain", null, null, "2.0.0", "2.0.0");
            UpgradeVerdict verdict = decider.decide(cluster, request(cluster, "1.9.3", UpgradeStrategy.OFFLINE,
                    SchemaChange.NONE), Optional.empty());
            assertThat(((UpgradeVerdict.Refused) verdict).refusal().rule()).isEqualTo(Rule.NO_DOWNGRADE);
        }

        @Test
        @DisplayName("a plan says which rules could not be checked (no catalog: release lines unknown)")
        void aPlanSaysWhichRulesCouldNotBeChecked() {
            ClusterSnapshot cluster = cluster("plain", null, null, "2.0.0", "2.0.0");
            UpgradeVerdict verdict = decider.decide(cluster, request(cluster, "2.1.0", UpgradeStrategy.OFFLINE,
                    SchemaChange.NONE), Optional.empty());
            assertThat(((UpgradeVerdict.Accepted) verdict).uncheckedRules()).extracting(UncheckedRule::rule)
                    .contains(Rule.NO_LINE_SKIPPING.id(), Rule.LATEST_IN_LINE_FIRST.id(),
                            Rule.NO_ROLLING_ACROSS_LINES.id())
                    .doesNotContain(Rule.NO_DOWNGRADE.id());

            ClusterSnapshot named = cluster("named", null, null, "s1", "blue");
            UpgradeVerdict unordered = decider.decide(named, request(named, "green", UpgradeStrategy.OFFLINE,
                    SchemaChange.NONE), Optional.empty());
            assertThat(((UpgradeVerdict.Accepted) unordered).uncheckedRules()).extracting(UncheckedRule::rule)
                    .contains(Rule.NO_DOWNGRADE.id());
        }

        @Test
        @DisplayName("a switched-off rule is listed by the plan too (Camunda rolls between minors)")
        void aSwitchedOffRuleIsListed() {
            ClusterSnapshot cluster = cluster("camunda", CAMUNDA_CATALOG, CAMUNDA_RULES, "7.5", "7.5");
            UpgradeVerdict verdict = decider.decide(cluster, request(cluster, "7.6", UpgradeStrategy.ROLLING,
                    SchemaChange.ADDITIVE), Optional.empty());
            assertThat(((UpgradeVerdict.Accepted) verdict).uncheckedRules()).extracting(UncheckedRule::rule)
                    .containsExactlyInAnyOrder(Rule.CONSECUTIVE_WITHIN_LINE.id(), Rule.NO_ROLLING_ACROSS_LINES.id());
        }
    }

    @Test
    @DisplayName("Backend.AI: shut mission-critical workloads down for a rolling minor upgrade too - the plan halts"
            + " workloads first, resumes them last, and says so")
    void backendAiRollingMinorUpgradeHaltsWorkloadsFirst() {
        ClusterSnapshot cluster = new ClusterSnapshot(dev.upgradeledger.events.ClusterId.of("bai"), "backend.ai",
                Version.of("23.09.9"), Version.of("23.09.9"), cluster("bai", BACKEND_AI_CATALOG, PolicyRules.STRICT,
                "23.09.9", "23.09.9", "23.09.9").nodes(), BACKEND_AI_CATALOG, PolicyRules.STRICT, null, false, null,
                null);
        UpgradeVerdict verdict = decider.decide(cluster, request(cluster, "23.09.10", UpgradeStrategy.ROLLING,
                SchemaChange.ADDITIVE), Optional.empty());
        var stages = ((UpgradeVerdict.Accepted) verdict).hops().get(0).plan().stages();
        assertThat(stages.get(0).steps().get(0).action()).as("Backend.AI: read the release notes first")
                .isEqualTo(dev.upgradeledger.events.StepAction.APPROVAL);
        assertThat(stages.get(1).steps().get(0).action()).isEqualTo(dev.upgradeledger.events.StepAction.HALT_WORKLOADS);
        assertThat(stages.get(1).description()).contains("mission-critical");
        assertThat(stages.get(stages.size() - 1).steps().get(0).action())
                .isEqualTo(dev.upgradeledger.events.StepAction.RESUME_WORKLOADS);
        assertThat(stages.get(1).steps().get(0).stepId()).isEqualTo("s1.0");
        assertThat(stages.get(2).steps().get(0).stepId()).isEqualTo("s2.0");

        ClusterSnapshot camunda = cluster("camunda", CAMUNDA_CATALOG, CAMUNDA_RULES, "7.5", "7.5", "7.5");
        var camundaStages = ((UpgradeVerdict.Accepted) decider.decide(camunda, request(camunda, "7.6",
                UpgradeStrategy.ROLLING, SchemaChange.ADDITIVE), Optional.empty())).hops().get(0).plan().stages();
        assertThat(camundaStages.get(0).steps().get(0).action())
                .as("Camunda's rolling upgrade keeps running without downtime")
                .isEqualTo(dev.upgradeledger.events.StepAction.MIGRATE_SCHEMA);
    }

    @Test
    @DisplayName("the catalog of rules: every id is spelled once and names its guide")
    void everyRuleIdIsUniqueAndNamesItsGuide() {
        assertThat(java.util.Arrays.stream(Rule.values()).map(Rule::id).distinct().count())
                .isEqualTo(Rule.values().length);
        for (Rule rule : Rule.values()) {
            assertThat(rule.guide()).isNotBlank();
            assertThat(rule.sentence()).isNotBlank();
            assertThat(Rule.byId(rule.id())).contains(rule);
        }
        assertThat(PolicyRules.NO_DOWNGRADE).isEqualTo(Rule.NO_DOWNGRADE.id());
    }
}
