package dev.upgradeledger.domain.policy;

import static dev.upgradeledger.domain.policy.Catalogs.path;
import static dev.upgradeledger.domain.policy.Catalogs.strictExcept;
import static dev.upgradeledger.domain.policy.Catalogs.v;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upgradeledger.events.PolicyRules;
import dev.upgradeledger.events.ReleaseCatalog;
import dev.upgradeledger.events.Version;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionPolicyRulesTest {

    private final ReleaseCatalog catalog = Catalogs.backendAi();
    private final VersionPolicy strict = new VersionPolicy(catalog, PolicyRules.STRICT);

    private static PathDecision.Refused refused(PathDecision decision) {
        assertThat(decision).isInstanceOf(PathDecision.Refused.class);
        return (PathDecision.Refused) decision;
    }

    private PathDecision allowedDirectly(String from, String to) {
        return new PathDecision.Allowed(path(catalog, from, to));
    }

    @Test
    void aDowngradeIsRefusedWithNoPath() {
        PathDecision.Refused refusal = refused(strict.check(v("24.03.0"), v("23.09.10")));

        assertThat(refusal.rule()).isEqualTo(PolicyRules.NO_DOWNGRADE);
        assertThat(refusal.reason()).isEqualTo("24.03.0 -> 23.09.10 is a downgrade (23.09.10 comes before 24.03.0 "
                + "in the release catalog), and rule no-downgrade forbids going to an older version except as a "
                + "recorded rollback");
        assertThat(refusal.allowedPath()).isEmpty();
        assertThat(refusal.describeAllowedPath()).isEmpty();
        assertThat(strict.plan(v("24.03.0"), v("23.09.10"), true)).isEqualTo(refusal);
    }

    @Test
    void withNoDowngradeOffAnyDowngradeIsAllowedDirectlyWhateverTheOtherRules() {
        VersionPolicy policy = new VersionPolicy(catalog, strictExcept(PolicyRules.NO_DOWNGRADE));

        assertThat(policy.check(v("24.09.0"), v("23.03.0"))).isEqualTo(allowedDirectly("24.09.0", "23.03.0"));
        assertThat(policy.check(v("23.09.5"), v("23.09.1"))).isEqualTo(allowedDirectly("23.09.5", "23.09.1"));
        assertThat(policy.shortestAllowedPath(v("24.09.0"), v("23.03.0")))
                .containsExactly(new Hop(v("24.09.0"), v("23.03.0"), true));
    }

    @Test
    void withNoLineSkippingOffTheLatestOfALineMayJumpSeveralLines() {
        VersionPolicy policy = new VersionPolicy(catalog, strictExcept(PolicyRules.NO_LINE_SKIPPING));

        assertThat(policy.check(v("23.09.10"), v("24.09.1"))).isEqualTo(allowedDirectly("23.09.10", "24.09.1"));
        assertThat(refused(policy.check(v("23.09.9"), v("24.09.1"))).rule())
                .isEqualTo(PolicyRules.LATEST_IN_LINE_FIRST);
    }

    @Test
    void withLatestInLineFirstOffAnyVersionMayEnterTheNextLine() {
        VersionPolicy policy = new VersionPolicy(catalog, strictExcept(PolicyRules.LATEST_IN_LINE_FIRST));

        assertThat(policy.check(v("23.09.9"), v("24.03.0"))).isEqualTo(allowedDirectly("23.09.9", "24.03.0"));
        assertThat(policy.shortestAllowedPath(v("23.03.0"), v("24.09.2")))
                .isEqualTo(path(catalog, "23.03.0", "23.09.10", "24.03.5", "24.09.2"));
    }

    @Test
    void withConsecutiveWithinLineOffVersionsOfALineMayBeSkipped() {
        VersionPolicy policy = new VersionPolicy(catalog, strictExcept(PolicyRules.CONSECUTIVE_WITHIN_LINE));

        assertThat(policy.check(v("23.09.0"), v("23.09.2"))).isEqualTo(allowedDirectly("23.09.0", "23.09.2"));
        assertThat(policy.shortestAllowedPath(v("23.09.0"), v("24.03.0")))
                .isEqualTo(path(catalog, "23.09.0", "23.09.10", "24.03.0"));
    }

    @Test
    void withEveryVersionRuleOffEveryForwardHopIsAllowed() {
        VersionPolicy policy = new VersionPolicy(catalog, new PolicyRules(false, false, false, true, true));

        assertThat(policy.check(v("23.03.0"), v("24.09.2"))).isEqualTo(allowedDirectly("23.03.0", "24.09.2"));
    }

    @Test
    void whenSeveralRulesAreBrokenTheFirstInRuleOrderIsReported() {
        PathDecision.Refused refusal = refused(strict.check(v("23.09.9"), v("24.09.0")));

        assertThat(refusal.rule()).isEqualTo(PolicyRules.NO_LINE_SKIPPING);
        assertThat(refusal.allowedPath()).isEqualTo(path(catalog, "23.09.9", "23.09.10", "24.03.5", "24.09.0"));
    }

    @Test
    void skippingSeveralVersionsOfALineNamesHowManyAndWhich() {
        assertThat(refused(strict.check(v("23.09.0"), v("23.09.4"))).reason()).isEqualTo("23.09.0 -> 23.09.4 skips "
                + "3 versions (23.09.1 to 23.09.3) within release line 23.09, but rule consecutive-within-line "
                + "allows only the next version (23.09.1)");
    }

    @Test
    void skippingSeveralLinesNamesEachOfThem() {
        assertThat(refused(strict.check(v("23.03.11"), v("24.09.0"))).reason()).startsWith(
                "23.03.11 -> 24.09.0 skips release lines 23.09, 24.03, but rule no-line-skipping");
    }

    @Test
    void anUnknownVersionIsRefusedNamingItAndTheKnownLines() {
        PathDecision.Refused refusal = refused(strict.check(v("23.09.10"), v("25.01.0")));

        assertThat(refusal.rule()).isEqualTo(VersionPolicy.UNKNOWN_VERSION);
        assertThat(refusal.reason()).isEqualTo("version 25.01.0 is not in the release catalog, whose release lines "
                + "are 23.03, 23.09, 24.03, 24.09");
        assertThat(refusal.allowedPath()).isEmpty();
    }

    @Test
    void twoUnknownVersionsAreBothNamed() {
        PathDecision.Refused refusal = refused(strict.plan(v("1.0"), v("2.0"), true));

        assertThat(refusal.rule()).isEqualTo(VersionPolicy.UNKNOWN_VERSION);
        assertThat(refusal.reason()).startsWith("versions 1.0 and 2.0 are not in the release catalog");
    }

    @Test
    void anUnknownVersionOutranksTheSameVersion() {
        assertThat(refused(strict.check(v("9.9"), v("9.9"))).rule()).isEqualTo(VersionPolicy.UNKNOWN_VERSION);
    }

    @Test
    void upgradingAVersionToItselfIsRefusedWithNoPath() {
        PathDecision.Refused refusal = refused(strict.plan(v("24.03.1"), v("24.03.1"), true));

        assertThat(refusal.rule()).isEqualTo(VersionPolicy.SAME_VERSION);
        assertThat(refusal.reason()).contains("24.03.1");
        assertThat(refusal.allowedPath()).isEmpty();
        assertThat(strict.shortestAllowedPath(v("24.03.1"), v("24.03.1"))).isEmpty();
    }

    @Test
    void followingThePathTurnsARefusalIntoTheChainOfAllowedHops() {
        PathDecision planned = strict.plan(v("23.09.9"), v("24.03.0"), true);

        assertThat(planned).isEqualTo(new PathDecision.Allowed(path(catalog, "23.09.9", "23.09.10", "24.03.0")));
    }

    @Test
    void withoutFollowingThePathAPlanIsTheRefusalOfCheck() {
        assertThat(strict.plan(v("23.09.9"), v("24.03.0"), false)).isEqualTo(strict.check(v("23.09.9"), v("24.03.0")));
    }

    @Test
    void anAllowedDirectHopIsPlannedAsThatSingleHopEvenWhenFollowingPaths() {
        assertThat(strict.plan(v("23.09.10"), v("24.03.5"), true)).isEqualTo(allowedDirectly("23.09.10", "24.03.5"));
    }

    @Test
    void lowLevelQueriesRejectUnknownVersions() {
        assertThatThrownBy(() -> strict.shortestAllowedPath(v("23.09.1"), v("25.01.0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("25.01.0");
        assertThatThrownBy(() -> strict.isAfter(v("nope"), v("23.09.1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> strict.hop(v("23.09.1"), v("nope"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void orderFollowsTheCatalogNotTheVersionText() {
        assertThat(strict.isAfter(v("23.09.10"), v("23.09.9"))).isTrue();
        assertThat(strict.isAfter(v("23.09.9"), v("23.09.10"))).isFalse();
        assertThat(strict.isAfter(v("23.09.9"), v("23.09.9"))).isFalse();

        List<Version> versions = new ArrayList<>(List.of(v("24.03.0"), v("23.09.10"), v("23.09.9"), v("23.03.11")));
        versions.sort(strict.order());
        assertThat(versions).containsExactly(v("23.03.11"), v("23.09.9"), v("23.09.10"), v("24.03.0"));
    }

    @Test
    void versionNamesNeedNoNumericMeaning() {
        ReleaseCatalog named = Catalogs.catalog(Catalogs.line("stable", "zeta", "alpha"),
                Catalogs.line("next", "v1.0.2-rc1", "v1.0.2"));
        VersionPolicy policy = new VersionPolicy(named, PolicyRules.STRICT);

        assertThat(policy.isAfter(v("alpha"), v("zeta"))).isTrue();
        assertThat(refused(policy.check(v("zeta"), v("v1.0.2"))).describeAllowedPath())
                .isEqualTo("zeta -> alpha -> v1.0.2");
    }

    @Test
    void aHopIsFlaggedAsEnteringANewLineWhenItsVersionsLieInDifferentLines() {
        assertThat(strict.hop(v("23.09.10"), v("24.03.0")).entersNewLine()).isTrue();
        assertThat(strict.hop(v("24.03.0"), v("23.09.10")).entersNewLine()).isTrue();
        assertThat(strict.hop(v("24.03.0"), v("24.03.1")).entersNewLine()).isFalse();
    }

    @Test
    void theCatalogAndRulesItWasBuiltFromAreKept() {
        assertThat(strict.catalog()).isEqualTo(catalog);
        assertThat(strict.rules()).isEqualTo(PolicyRules.STRICT);
        assertThat(strict.knows(v("24.09.2"))).isTrue();
        assertThat(strict.knows(v("24.09.3"))).isFalse();
    }

    @Test
    void nullVersionsAreRejected() {
        assertThatThrownBy(() -> strict.check(null, v("24.09.2"))).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> strict.check(v("24.09.2"), null)).isInstanceOf(NullPointerException.class);
    }
}
