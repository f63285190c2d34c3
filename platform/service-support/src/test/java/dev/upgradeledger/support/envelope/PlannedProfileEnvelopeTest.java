package dev.upgradeledger.support.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.PlannedStage;
import dev.upgradeledger.events.PlannedStep;
import dev.upgradeledger.events.ProfileUsed;
import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.events.UpgradePlan;
import dev.upgradeledger.events.UpgradePlanned;
import dev.upgradeledger.events.UpgradeStrategy;
import dev.upgradeledger.events.Version;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Consumers read {@code UpgradePlanned} revision 4 with the profile version it names, and an envelope of revision 3
 * (without {@code profile}, still on the topic) as planned without one.
 */
class PlannedProfileEnvelopeTest {

    private final EnvelopeCodec codec = new EnvelopeCodec();

    @Test
    void aRevision4PlanCarriesItsProfileAndARevision3PlanNone() {
        ProfileUsed used = new ProfileUsed("camunda", 2L, ProfileUsed.CatalogSource.PRODUCT);
        String encoded = codec.encode(envelope(planned(used), "4"));
        assertThat(encoded).contains("\"profile\":{\"product\":\"camunda\",\"version\":2,\"catalogSource\":\"PRODUCT\"}");

        assertThat(((UpgradePlanned) codec.decode(encoded).payload()).profile()).isEqualTo(used);

        String revision3 = codec.encode(envelope(planned(null), "3")).replace(",\"profile\":null", "");
        assertThat(revision3).doesNotContain("profile");
        UpgradePlanned old = (UpgradePlanned) codec.decode(revision3).payload();
        assertThat(old.profile()).isNull();
        assertThat(old.plan()).isEqualTo(planned(null).plan());
    }

    private static EventEnvelope envelope(UpgradePlanned event, String revision) {
        return new EventEnvelope("e-1", "UpgradePlanned", revision, event.clusterId(), 3, 42,
                Instant.parse("2026-12-06T10:00:00Z"), "c-1", "c-1", "sre", event);
    }

    private static UpgradePlanned planned(ProfileUsed profile) {
        ClusterId cluster = ClusterId.of("c-1");
        UpgradePlan plan = new UpgradePlan(List.of(new PlannedStage(0, "migrate", List.of(new PlannedStep("s0.0",
                StepAction.MIGRATE_SCHEMA, cluster, null, Map.of())))));
        return new UpgradePlanned(cluster, UpgradeId.of("u-1"), Version.of("7.5"), Version.of("7.6"),
                Version.of("7.6"), UpgradeStrategy.ROLLING, plan, List.of(), profile);
    }
}
