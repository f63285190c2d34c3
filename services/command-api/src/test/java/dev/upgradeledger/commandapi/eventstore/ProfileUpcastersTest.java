package dev.upgradeledger.commandapi.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.PlannedStage;
import dev.upgradeledger.events.PlannedStep;
import dev.upgradeledger.events.ProfileUsed;
import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.events.UpgradePlan;
import dev.upgradeledger.events.UpgradePlanned;
import dev.upgradeledger.events.UpgradeStrategy;
import dev.upgradeledger.events.Version;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;

/** Stored plans of revisions 1-3 are read as revision 4 with no profile named; revision 4 is left as it is. */
class ProfileUpcastersTest {

    private final Jackson3Serializer serializer = Jackson3Serializer.builder().build();
    private final ProfileUpcasters.PlannedProfileUpcaster upcaster = new ProfileUpcasters.PlannedProfileUpcaster();

    @Test
    void aRevision3PlanIsReadAsRevision4WithoutAProfile() {
        String stored = json(planned(null)).replace(",\"profile\":null", "");
        assertThat(stored).doesNotContain("profile");

        IntermediateEventRepresentation out = upcast("3", stored);

        assertThat(out.getType().getRevision()).isEqualTo("4");
        UpgradePlanned read = (UpgradePlanned) serializer.deserialize(out.getData());
        assertThat(read.profile()).isNull();
        assertThat(read.plan()).isEqualTo(planned(null).plan());
    }

    @Test
    void aRevision4PlanKeepsItsProfile() {
        ProfileUsed used = new ProfileUsed("camunda", 2L, ProfileUsed.CatalogSource.PRODUCT);

        IntermediateEventRepresentation out = upcast("4", json(planned(used)));

        assertThat(out.getType().getRevision()).isEqualTo("4");
        assertThat(((UpgradePlanned) serializer.deserialize(out.getData())).profile()).isEqualTo(used);
    }

    private IntermediateEventRepresentation upcast(String revision, String json) {
        List<IntermediateEventRepresentation> out = upcaster.upcast(Stream.of(new InitialEventRepresentation(
                new GenericDomainEventEntry<>("Cluster", "c-1", 3, "e-1", Instant.parse("2026-12-01T10:00:00Z"),
                        UpgradePlanned.class.getName(), revision, json.getBytes(StandardCharsets.UTF_8),
                        "{}".getBytes(StandardCharsets.UTF_8)), serializer))).toList();
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    private String json(UpgradePlanned event) {
        return new String(serializer.serialize(event, byte[].class).getData(), StandardCharsets.UTF_8);
    }

    private static UpgradePlanned planned(ProfileUsed profile) {
        ClusterId cluster = ClusterId.of("c-1");
        UpgradePlan plan = new UpgradePlan(List.of(new PlannedStage(0, "migrate", List.of(new PlannedStep("s0.0",
                StepAction.MIGRATE_SCHEMA, cluster, null, Map.of())))));
        return new UpgradePlanned(cluster, UpgradeId.of("u-1"), Version.of("7.5"), Version.of("7.6"),
                Version.of("7.6"), UpgradeStrategy.ROLLING, plan, List.of(), profile);
    }
}
