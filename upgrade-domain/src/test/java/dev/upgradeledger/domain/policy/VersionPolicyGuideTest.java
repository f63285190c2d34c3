package dev.upgradeledger.domain.policy;

import static dev.upgradeledger.domain.policy.Catalogs.path;
import static dev.upgradeledger.domain.policy.Catalogs.v;
import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.events.PolicyRules;
import dev.upgradeledger.events.ReleaseCatalog;
import dev.upgradeledger.events.UpgradeStrategy;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VersionPolicyGuideTest {

    private static PathDecision.Refused refused(PathDecision decision) {
        assertThat(decision).isInstanceOf(PathDecision.Refused.class);
        return (PathDecision.Refused) decision;
    }

    @Nested
    @DisplayName("Backend.AI guide (001)")
    class BackendAi {

        private final ReleaseCatalog catalog = Catalogs.backendAi();
        private final VersionPolicy policy = new VersionPolicy(catalog, PolicyRules.STRICT);

        @Test
        @DisplayName("Backend.AI: 23.09.9 -> 24.03.0 is forbidden until the cluster runs the latest 23.09")
        void backendAiRefusesEnteringTheNextLineFromAnOutdatedMinor() {
            PathDecision.Refused refusal = refused(policy.check(v("23.09.9"), v("24.03.0")));

            assertThat(refusal.rule()).isEqualTo(PolicyRules.LATEST_IN_LINE_FIRST);
            assertThat(refusal.reason()).isEqualTo("23.09.9 -> 24.03.0 enters release line 24.03 from 23.09.9, "
                    + "but only the latest version of 23.09 (23.09.10) may enter the next line "
                    + "(rule latest-in-line-first)");
            assertThat(refusal.allowedPath()).isEqualTo(path(catalog, "23.09.9", "23.09.10", "24.03.0"));
            assertThat(refusal.describeAllowedPath()).isEqualTo("23.09.9 -> 23.09.10 -> 24.03.0");
        }

        @ParameterizedTest(name = "Backend.AI: 23.09.10 -> {0} is allowed")
        @ValueSource(strings = {"24.03.0", "24.03.5"})
        @DisplayName("Backend.AI: the latest 23.09 may enter 24.03 at any of its versions")
        void backendAiAllowsTheLatestMinorIntoAnyVersionOfTheNextLine(String target) {
            PathDecision decision = policy.check(v("23.09.10"), v(target));

            assertThat(decision).isEqualTo(new PathDecision.Allowed(path(catalog, "23.09.10", target)));
            assertThat(((PathDecision.Allowed) decision).hops().get(0).entersNewLine()).isTrue();
        }

        @ParameterizedTest(name = "Backend.AI allowed path: {0}")
        @ValueSource(strings = {
            "23.09.10 -> 24.03.0",
            "23.09.10 -> 24.03.5",
            "23.09.9 -> 23.09.10 -> 24.03.0",
            "23.03.11 -> 23.09.0 -> 23.09.1 -> 23.09.2 -> 23.09.3 -> 23.09.4 -> 23.09.5 -> 23.09.6 -> 23.09.7"
                    + " -> 23.09.8 -> 23.09.9 -> 23.09.10 -> 24.03.0"})
        @DisplayName("Backend.AI: every hop of every allowed path the guide lists is allowed")
        void backendAiAllowsEveryHopOfTheGuidesAllowedPaths(String listedPath) {
            List<Hop> hops = path(catalog, listedPath.split(" -> "));

            assertThat(hops).allSatisfy(hop -> assertThat(policy.check(hop.from(), hop.to()))
                    .as(hop.from() + " -> " + hop.to())
                    .isEqualTo(new PathDecision.Allowed(List.of(hop))));
        }

        @Test
        @DisplayName("Backend.AI: the guide's long path from 23.03.11 is allowed, but the shortest enters 23.09 at its latest")
        void backendAiShortestPathFromTheLatestOf2303EntersTheNextLineAtItsLatest() {
            assertThat(policy.shortestAllowedPath(v("23.03.11"), v("24.03.0")))
                    .isEqualTo(path(catalog, "23.03.11", "23.09.10", "24.03.0"));
        }

        @Test
        @DisplayName("Backend.AI forbidden path: 23.03.0 -> 24.03.0 skips 23.09, which is the first rule broken")
        void backendAiRefusesSkippingALineFromAnOutdatedMinor() {
            PathDecision.Refused refusal = refused(policy.check(v("23.03.0"), v("24.03.0")));

            assertThat(refusal.rule()).isEqualTo(PolicyRules.NO_LINE_SKIPPING);
            assertThat(refusal.reason()).isEqualTo("23.03.0 -> 24.03.0 skips release line 23.09, but rule "
                    + "no-line-skipping allows entering only the next release line (23.09) from 23.03");
            assertThat(refusal.describeAllowedPath()).isEqualTo("23.03.0 -> 23.03.1 -> 23.03.2 -> 23.03.3 -> 23.03.4"
                    + " -> 23.03.5 -> 23.03.6 -> 23.03.7 -> 23.03.8 -> 23.03.9 -> 23.03.10 -> 23.03.11 -> 23.09.10"
                    + " -> 24.03.0");
        }

        @Test
        @DisplayName("Backend.AI minor upgrade: 23.09.0 -> 23.09.2 skips an intermediate version")
        void backendAiRefusesSkippingAMinorVersion() {
            PathDecision.Refused refusal = refused(policy.check(v("23.09.0"), v("23.09.2")));

            assertThat(refusal.rule()).isEqualTo(PolicyRules.CONSECUTIVE_WITHIN_LINE);
            assertThat(refusal.reason()).isEqualTo("23.09.0 -> 23.09.2 skips 23.09.1 within release line 23.09, "
                    + "but rule consecutive-within-line allows only the next version (23.09.1)");
            assertThat(refusal.allowedPath()).isEqualTo(path(catalog, "23.09.0", "23.09.1", "23.09.2"));
        }

        @Test
        @DisplayName("Backend.AI: 23.09.10 -> 24.09.0 skips the stop-gap major 24.03")
        void backendAiRefusesSkippingTheStopGapMajor() {
            PathDecision.Refused refusal = refused(policy.check(v("23.09.10"), v("24.09.0")));

            assertThat(refusal.rule()).isEqualTo(PolicyRules.NO_LINE_SKIPPING);
            assertThat(refusal.reason()).contains("23.09.10 -> 24.09.0", "skips release line 24.03",
                    PolicyRules.NO_LINE_SKIPPING);
            assertThat(refusal.allowedPath()).isEqualTo(path(catalog, "23.09.10", "24.03.5", "24.09.0"));
        }

        @Test
        @DisplayName("Backend.AI: 23.09.8 -> 24.03.5 goes through 23.09.9 and 23.09.10")
        void backendAiPathClimbsToTheLatestMinorBeforeTheMajor() {
            assertThat(policy.shortestAllowedPath(v("23.09.8"), v("24.03.5")))
                    .isEqualTo(path(catalog, "23.09.8", "23.09.9", "23.09.10", "24.03.5"));
        }

        @Test
        @DisplayName("Backend.AI: a major upgrade is never rolling, but a minor one may be")
        void backendAiMajorUpgradeIsNeverRolling() {
            Hop major = policy.hop(v("23.09.10"), v("24.03.0"));
            Hop minor = policy.hop(v("24.03.0"), v("24.03.1"));

            assertThat(policy.checkStrategy(major, UpgradeStrategy.ROLLING)).get()
                    .extracting(PathDecision.Refused::rule).isEqualTo(PolicyRules.NO_ROLLING_ACROSS_LINES);
            assertThat(policy.checkStrategy(major, UpgradeStrategy.OFFLINE)).isEmpty();
            assertThat(policy.checkStrategy(minor, UpgradeStrategy.ROLLING)).isEmpty();
        }
    }

    @Nested
    @DisplayName("Camunda guide (003)")
    class Camunda {

        @Test
        @DisplayName("Camunda: 7.4 -> 7.6 is forbidden, the path goes through 7.5")
        void camundaRefusesSkippingAVersion() {
            ReleaseCatalog catalog = Catalogs.camunda();
            VersionPolicy policy = new VersionPolicy(catalog, PolicyRules.STRICT);

            PathDecision.Refused refusal = refused(policy.check(v("7.4"), v("7.6")));

            assertThat(refusal.rule()).isEqualTo(PolicyRules.NO_LINE_SKIPPING);
            assertThat(refusal.reason()).isEqualTo("7.4 -> 7.6 skips release line 7.5, but rule no-line-skipping "
                    + "allows entering only the next release line (7.5) from 7.4");
            assertThat(refusal.allowedPath()).isEqualTo(path(catalog, "7.4", "7.5", "7.6"));
        }

        @Test
        @DisplayName("Camunda: only the direct upgrade 7.5 -> 7.6 is possible")
        void camundaAllowsTheNextVersion() {
            VersionPolicy policy = new VersionPolicy(Catalogs.camunda(), PolicyRules.STRICT);

            assertThat(policy.check(v("7.5"), v("7.6")).isAllowed()).isTrue();
        }

        @Test
        @DisplayName("Camunda with patches: 7.4.1 -> 7.6.1 goes through the latest 7.4, then 7.5, then 7.6")
        void camundaPathGoesThroughTheLatestPatchOfEachLine() {
            ReleaseCatalog catalog = Catalogs.camundaWithPatches();
            VersionPolicy policy = new VersionPolicy(catalog, PolicyRules.STRICT);

            assertThat(policy.plan(v("7.4.1"), v("7.6.1"), true)).isEqualTo(new PathDecision.Allowed(
                    path(catalog, "7.4.1", "7.4.2", "7.4.3", "7.5.2", "7.6.1")));
        }

        @Test
        @DisplayName("Camunda: its rolling 7.5 -> 7.6 upgrade needs no-rolling-across-lines switched off")
        void camundaRollingUpgradeAcrossMinorLinesNeedsTheRuleOff() {
            ReleaseCatalog catalog = Catalogs.camunda();
            Hop hop = new VersionPolicy(catalog, PolicyRules.STRICT).hop(v("7.5"), v("7.6"));
            PolicyRules camundaRules = Catalogs.strictExcept(PolicyRules.NO_ROLLING_ACROSS_LINES);

            assertThat(new VersionPolicy(catalog, PolicyRules.STRICT).checkStrategy(hop, UpgradeStrategy.ROLLING))
                    .isPresent();
            assertThat(new VersionPolicy(catalog, camundaRules).checkStrategy(hop, UpgradeStrategy.ROLLING))
                    .isEmpty();
        }
    }

    @Nested
    @DisplayName("Inmanta guide (004)")
    class Inmanta {

        private final ReleaseCatalog catalog = Catalogs.inmanta();
        private final VersionPolicy policy = new VersionPolicy(catalog, Catalogs.INMANTA_RULES);

        @Test
        @DisplayName("Inmanta: X -> X+2 is forbidden, the path goes one major at a time")
        void inmantaRefusesSkippingAMajor() {
            PathDecision.Refused refusal = refused(policy.check(v("2022.2"), v("2024.1")));

            assertThat(refusal.rule()).isEqualTo(PolicyRules.NO_LINE_SKIPPING);
            assertThat(refusal.allowedPath()).isEqualTo(path(catalog, "2022.2", "2023.4", "2024.1"));
        }

        @Test
        @DisplayName("Inmanta: from an outdated X, X+2 is reached via the latest of X and the latest of X+1")
        void inmantaPathFromAnOutdatedMajorGoesThroughEachLatest() {
            PathDecision.Refused refusal = refused(policy.check(v("2022.1"), v("2024.1")));

            assertThat(refusal.rule()).isEqualTo(PolicyRules.NO_LINE_SKIPPING);
            assertThat(refusal.describeAllowedPath()).isEqualTo("2022.1 -> 2022.2 -> 2023.4 -> 2024.1");
        }

        @Test
        @DisplayName("Inmanta: a non-latest version of X may not enter X+1")
        void inmantaRefusesEnteringTheNextMajorFromANonLatestVersion() {
            PathDecision.Refused refusal = refused(policy.check(v("2023.2"), v("2024.1")));

            assertThat(refusal.rule()).isEqualTo(PolicyRules.LATEST_IN_LINE_FIRST);
            assertThat(refusal.reason()).contains("2023.2", "2024.1", "(2023.4)", PolicyRules.LATEST_IN_LINE_FIRST);
            assertThat(refusal.allowedPath()).isEqualTo(path(catalog, "2023.2", "2023.4", "2024.1"));
        }

        @Test
        @DisplayName("Inmanta: the latest version of X enters X+1")
        void inmantaAllowsTheLatestOfAMajorIntoTheNext() {
            assertThat(policy.check(v("2023.4"), v("2024.1")))
                    .isEqualTo(new PathDecision.Allowed(path(catalog, "2023.4", "2024.1")));
        }

        @Test
        @DisplayName("Inmanta with every rule on: within a major the path also goes one version at a time")
        void inmantaWithStrictRulesClimbsEveryVersionOfTheMajor() {
            VersionPolicy strict = new VersionPolicy(catalog, PolicyRules.STRICT);

            assertThat(strict.shortestAllowedPath(v("2023.2"), v("2024.1")))
                    .isEqualTo(path(catalog, "2023.2", "2023.3", "2023.4", "2024.1"));
        }
    }
}
