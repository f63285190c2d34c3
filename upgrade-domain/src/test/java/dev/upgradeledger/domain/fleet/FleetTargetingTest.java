package dev.upgradeledger.domain.fleet;

import static dev.upgradeledger.domain.fleet.Fleets.OFFLINE;
import static dev.upgradeledger.domain.fleet.Fleets.cluster;
import static dev.upgradeledger.domain.fleet.Fleets.id;
import static dev.upgradeledger.domain.fleet.Fleets.member;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upgradeledger.events.InvalidValueException;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.events.Version;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Which clusters a fleet upgrade takes, each with its own path, and which it skips with the rule. */
class FleetTargetingTest {

    private final FleetTargeting targeting = new FleetTargeting();

    private final List<FleetMember> fleet = List.of(
            member(cluster("eu-1", "1.0.7", "1.0.7"), "region=eu", "tier=gold"),
            member(cluster("eu-2", "1.0.9", "1.0.9"), "region=eu"),
            member(cluster("eu-3", "1.1.0", "1.1.0"), "region=eu"),
            member(cluster("us-1", "1.0.8", "1.0.9"), "region=us"),
            member(Fleets.clusterOf("us-2", "acme", UpgradeId.of("u-7"), "1.0.8"), "region=us"),
            member(Fleets.clusterOf("other-1", "other", null, "1.0.7"), "region=eu"));

    @Test
    @DisplayName("each selected cluster gets its own allowed path to the target, from its own version")
    void eachClusterGetsItsOwnPath() {
        // given clusters of acme on 1.0.7 and 1.0.9 (and one of another product)
        // when the acme clusters of region eu are upgraded to 1.1.0
        FleetTarget target = targeting.target(fleet, new FleetSelector("acme", null, Map.of("region", "eu"), null),
                Version.of("1.1.0"), OFFLINE);
        // then 1.0.7 walks its line to the latest first, 1.0.9 hops once, the other product is not selected
        assertThat(target.included()).extracting(FleetTarget.Included::cluster).containsExactly(id("eu-1"), id("eu-2"));
        assertThat(target.included().get(0).path()).extracting(Version::value)
                .containsExactly("1.0.7", "1.0.8", "1.0.9", "1.1.0");
        assertThat(target.included().get(1).path()).extracting(Version::value).containsExactly("1.0.9", "1.1.0");
        // and the one already on the target is skipped, with the rule, not dropped
        assertThat(target.skipped()).singleElement().satisfies(skipped -> {
            assertThat(skipped.cluster()).isEqualTo(id("eu-3"));
            assertThat(skipped.rule()).isEqualTo("same-version");
        });
    }

    @Test
    @DisplayName("a cluster that cannot take the upgrade now is listed as skipped with the rule and the way out")
    void clustersThatCannotReachTheTargetAreSkippedWithTheRule() {
        // given us-1 whose nodes diverge and us-2 running an upgrade
        // when region us is upgraded to 1.1.0
        FleetTarget target = targeting.target(fleet, new FleetSelector(null, null, Map.of("region", "us"), null),
                Version.of("1.1.0"), OFFLINE);
        // then nothing is taken and both are skipped, each with its rule
        assertThat(target.included()).isEmpty();
        assertThat(target.skipped()).extracting(FleetTarget.Skipped::cluster, FleetTarget.Skipped::rule)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(id("us-1"), "single-version"),
                        org.assertj.core.groups.Tuple.tuple(id("us-2"), "upgrade-in-progress"));
        assertThat(target.skipped().get(0).wayOut()).contains("1.0.9");
    }

    @Test
    @DisplayName("a version range and explicit ids narrow the selection; every criterion must hold")
    void rangeAndIdsNarrowTheSelection() {
        FleetSelector selector = new FleetSelector("acme", VersionRange.parse(">=1.0.8 <1.1.0"), null,
                Set.of(id("eu-1"), id("eu-2"), id("us-1")));
        // eu-1 is outside the range, eu-3 and us-2 are not named
        FleetTarget target = targeting.target(fleet, selector, Version.of("1.1.0"), OFFLINE);
        assertThat(target.included()).extracting(FleetTarget.Included::cluster).containsExactly(id("eu-2"));
        assertThat(target.skipped()).extracting(FleetTarget.Skipped::cluster).containsExactly(id("us-1"));
    }

    @Test
    @DisplayName("labels select the clusters whose snapshot carries every given pair, whatever else they carry")
    void labelsSelectClustersCarryingEveryPair() {
        // given clusters whose snapshots carry their labels
        List<FleetMember> labelled = List.of(
                new FleetMember(Fleets.labelled(cluster("eu-gold", "1.0.9"), Map.of("region", "eu", "tier", "gold"))),
                new FleetMember(Fleets.labelled(cluster("eu-plain", "1.0.9"), Map.of("region", "eu"))),
                new FleetMember(Fleets.labelled(cluster("us-gold", "1.0.9"), Map.of("region", "us", "tier", "gold"))),
                new FleetMember(cluster("none", "1.0.9")));
        // when region=eu and tier=gold are asked for
        FleetTarget both = targeting.target(labelled, new FleetSelector(null, null,
                Map.of("region", "eu", "tier", "gold"), null), Version.of("1.1.0"), OFFLINE);
        // then only the cluster carrying both is taken; the others are not selected at all (not skipped)
        assertThat(both.included()).extracting(FleetTarget.Included::cluster).containsExactly(id("eu-gold"));
        assertThat(both.skipped()).isEmpty();
        // and one label takes every cluster carrying it, none without labels
        FleetTarget gold = targeting.target(labelled, new FleetSelector(null, null, Map.of("tier", "gold"), null),
                Version.of("1.1.0"), OFFLINE);
        assertThat(gold.included()).extracting(FleetTarget.Included::cluster)
                .containsExactlyInAnyOrder(id("eu-gold"), id("us-gold"));
    }

    @Test
    @DisplayName("a selector without any criterion is refused: a fleet upgrade never takes everything by omission")
    void anEmptySelectorIsRefused() {
        assertThatThrownBy(() -> new FleetSelector(" ", null, Map.of(), Set.of()))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("needs a product");
    }

    @Test
    @DisplayName("version ranges: a single version, bounds, and a version the scheme cannot order")
    void versionRanges() {
        assertThat(VersionRange.parse("7.5").contains(Version.of("7.5"))).isTrue();
        assertThat(VersionRange.parse("7.5").contains(Version.of("7.5.0"))).isTrue();
        assertThat(VersionRange.parse("7.5").contains(Version.of("7.6"))).isFalse();
        VersionRange range = VersionRange.parse(">=1.0.7 <1.1");
        assertThat(range.contains(Version.of("1.0.7"))).isTrue();
        assertThat(range.contains(Version.of("1.0.99"))).isTrue();
        assertThat(range.contains(Version.of("1.1.0"))).isFalse();
        assertThat(range.contains(Version.of("1.0.6"))).isFalse();
        assertThat(range.contains(Version.of("nightly"))).isFalse();
        assertThat(VersionRange.parse("nightly").contains(Version.of("nightly"))).isTrue();
        assertThatThrownBy(() -> VersionRange.parse(" ")).isInstanceOf(InvalidValueException.class);
    }

    @Test
    @DisplayName("MIGRATION is not a fleet strategy: each cluster would need its own target cluster")
    void migrationIsRefused() {
        assertThatThrownBy(() -> new UpgradeSettings(dev.upgradeledger.events.UpgradeStrategy.MIGRATION, null, false,
                null, false, null, 0, null)).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("ROLLING, OFFLINE or REJOIN");
    }
}
