package dev.upgradeledger.domain.policy;

import static dev.upgradeledger.domain.policy.Catalogs.v;
import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.events.PolicyRules;
import dev.upgradeledger.events.UpgradeStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class VersionPolicyStrategyTest {

    private final VersionPolicy strict = new VersionPolicy(Catalogs.backendAi(), PolicyRules.STRICT);
    private final Hop major = strict.hop(v("23.09.10"), v("24.03.0"));
    private final Hop minor = strict.hop(v("24.03.0"), v("24.03.1"));

    @Test
    void aRollingHopIntoANewLineIsRefusedWithNoPath() {
        PathDecision.Refused refusal = strict.checkStrategy(major, UpgradeStrategy.ROLLING).orElseThrow();

        assertThat(refusal.rule()).isEqualTo(PolicyRules.NO_ROLLING_ACROSS_LINES);
        assertThat(refusal.reason()).isEqualTo("23.09.10 -> 24.03.0 enters release line 24.03, and a major upgrade "
                + "must never be rolling: use OFFLINE, REJOIN or MIGRATION (rule no-rolling-across-lines)");
        assertThat(refusal.allowedPath()).isEmpty();
    }

    @ParameterizedTest(name = "{0} into a new line is fine")
    @EnumSource(value = UpgradeStrategy.class, names = "ROLLING", mode = EnumSource.Mode.EXCLUDE)
    void everyOtherStrategyMayEnterANewLine(UpgradeStrategy strategy) {
        assertThat(strict.checkStrategy(major, strategy)).isEmpty();
    }

    @Test
    void aRollingHopWithinALineIsFine() {
        assertThat(strict.checkStrategy(minor, UpgradeStrategy.ROLLING)).isEmpty();
    }

    @Test
    void aRollingRollbackAcrossLinesIsRefusedToo() {
        Hop rollback = strict.hop(v("24.03.0"), v("23.09.10"));

        assertThat(strict.checkStrategy(rollback, UpgradeStrategy.ROLLING)).isPresent();
    }

    @Test
    void withNoRollingAcrossLinesOffARollingHopIntoANewLineIsFine() {
        VersionPolicy policy = new VersionPolicy(Catalogs.backendAi(),
                Catalogs.strictExcept(PolicyRules.NO_ROLLING_ACROSS_LINES));

        assertThat(policy.checkStrategy(major, UpgradeStrategy.ROLLING)).isEmpty();
    }

    @Test
    void aHopBetweenVersionsOutsideTheCatalogIsJudgedByItsOwnFlag() {
        Hop foreign = new Hop(v("1.0"), v("2.0"), true);

        assertThat(strict.checkStrategy(foreign, UpgradeStrategy.ROLLING).orElseThrow().reason())
                .startsWith("1.0 -> 2.0 enters a new release line");
    }
}
