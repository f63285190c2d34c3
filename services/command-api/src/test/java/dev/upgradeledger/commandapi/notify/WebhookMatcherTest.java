package dev.upgradeledger.commandapi.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upgradeledger.commandapi.fleet.FleetUpgradeEvent.PlannedCluster;
import dev.upgradeledger.commandapi.fleet.FleetUpgradeEvent.PlannedWave;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A webhook's criteria in one place: event types and products (any of a fleet's products matches); a fleet's products
 * are its own and its planned clusters'; an unknown event type in the configuration stops the service naming it.
 */
class WebhookMatcherTest {

    @Test
    void emptyCriteriaTakeEverythingAndEachListedOneMustMatch() {
        Notified fleet = new Notified("FleetWaveStarted", Set.of("camunda", "zeebe"));

        assertThat(new WebhookMatcher(null, null).matches(fleet)).isTrue();
        assertThat(new WebhookMatcher(List.of(), List.of()).matches(new Notified("UpgradeFailed", null))).isTrue();
        assertThat(new WebhookMatcher(List.of("FleetWaveStarted"), List.of("zeebe")).matches(fleet)).isTrue();
        assertThat(new WebhookMatcher(List.of("FleetUpgradeHalted"), List.of()).matches(fleet)).isFalse();
        assertThat(new WebhookMatcher(List.of(), List.of("kafka")).matches(fleet)).isFalse();
        // a product filter does not take a notification whose products are unknown
        assertThat(new WebhookMatcher(List.of(), List.of("kafka")).matches(new Notified("UpgradeFailed", Set.of())))
                .isFalse();
        assertThat(new WebhookMatcher(List.of(), List.of("kafka")).filtersByProduct()).isTrue();
        assertThat(new WebhookMatcher(List.of("UpgradeFailed"), null).filtersByProduct()).isFalse();
    }

    @Test
    void aLabelCriterionTakesANotificationWhenOneConcernedClusterCarriesEveryLabel() {
        WebhookMatcher euGold = new WebhookMatcher(null, null, Map.of("region", "eu", "tier", "gold"));
        Map<String, String> euGoldCluster = Map.of("region", "eu", "tier", "gold", "team", "core");

        assertThat(euGold.filtersByLabel()).isTrue();
        assertThat(new WebhookMatcher(null, null).filtersByLabel()).isFalse();
        assertThat(euGold.matches(new Notified("UpgradeFailed", Set.of(), List.of(euGoldCluster)))).isTrue();
        // a fleet matches through any one of its clusters, not through labels spread over several
        assertThat(euGold.matches(new Notified("FleetWaveStarted", Set.of(),
                List.of(Map.of("region", "us"), euGoldCluster)))).isTrue();
        assertThat(euGold.matches(new Notified("FleetWaveStarted", Set.of(),
                List.of(Map.of("region", "eu"), Map.of("tier", "gold"))))).isFalse();
        assertThat(euGold.matches(new Notified("UpgradeFailed", Set.of(), List.of(Map.of("region", "eu",
                "tier", "silver"))))).isFalse();
        // labels unknown (a cluster with none): no match; with the other criteria, all must hold
        assertThat(euGold.matches(new Notified("UpgradeFailed", Set.of()))).isFalse();
        assertThat(new WebhookMatcher(List.of("UpgradeFailed"), List.of("camunda"), Map.of("region", "eu"))
                .matches(new Notified("UpgradeFailed", Set.of("zeebe"), List.of(euGoldCluster)))).isFalse();
    }

    @Test
    void aFleetConcernsItsProductAndEveryPlannedClustersProduct() {
        PlannedCluster canary = new PlannedCluster("c-1", "camunda", "1.0", List.of("1.0", "1.1"), null);
        PlannedCluster other = new PlannedCluster("z-1", "zeebe", "1.0", List.of("1.0", "1.1"), null);
        PlannedCluster unknown = new PlannedCluster("u-1", null, "1.0", List.of("1.0", "1.1"), null);
        List<PlannedWave> waves = List.of(new PlannedWave(0, true, List.of(canary)),
                new PlannedWave(1, false, List.of(other, unknown)));

        // selected by ids (no product of its own): its clusters' products
        Set<String> byIds = FleetNotifier.products(null, waves);
        assertThat(byIds).containsExactlyInAnyOrder("camunda", "zeebe");
        assertThat(new WebhookMatcher(List.of(), List.of("zeebe")).matches(new Notified("FleetUpgradeStarted", byIds)))
                .isTrue();
        assertThat(FleetNotifier.products("kafka", waves)).containsExactlyInAnyOrder("kafka", "camunda", "zeebe");
    }

    @Test
    void theConfigurationNamesNotifiedTypesOfUpgradesAndFleetsAndRefusesOthers() {
        NotificationProperties fleetTypes = properties(List.of("FleetUpgradeHalted", "UpgradeFailed"));
        assertThat(fleetTypes.webhooks().get(0).matcher().events())
                .containsExactly("FleetUpgradeHalted", "UpgradeFailed");
        assertThat(NotificationProperties.NOTIFIED_TYPES).contains("UpgradeCompleted", "FleetWaveStarted",
                "FleetUpgradeRolledBack").doesNotContain("FleetClusterStarted", "FleetWaveCheckRequested");

        assertThatThrownBy(() -> properties(List.of("FleetClusterStarted")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("ledger.notifications: webhook pager: FleetClusterStarted is not a notified"
                        + " event type (one of UpgradePlanned, ")
                .hasMessageContaining("FleetWaveStarted");
    }

    private static NotificationProperties properties(List<String> events) {
        return new NotificationProperties(List.of(new NotificationProperties.Webhook("pager",
                URI.create("https://hooks.example.internal/ledger"), "a-shared-secret-of-at-least-32-characters",
                List.of("camunda"), events, null)), null, null, null, null, null);
    }
}
