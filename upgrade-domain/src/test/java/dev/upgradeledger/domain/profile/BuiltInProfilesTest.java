package dev.upgradeledger.domain.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.domain.policy.PathDecision;
import dev.upgradeledger.domain.policy.VersionPolicy;
import dev.upgradeledger.events.Rule;
import dev.upgradeledger.events.Version;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BuiltInProfilesTest {

    @Test
    @DisplayName("the five guides ship as built-in profiles, none of which allows version drift")
    void theFiveGuidesShipAsProfiles() {
        assertThat(BuiltInProfiles.ALL).extracting(ProductProfile::product)
                .containsExactly("camunda", "backend.ai", "ipfs-cluster", "inmanta", "replicante");
        assertThat(BuiltInProfiles.ALL).noneMatch(ProductProfile::allowVersionDrift);
        assertThat(BuiltInProfiles.find("nginx")).isEmpty();
    }

    @Test
    @DisplayName("Backend.AI: upgrade the latest minor before a major, the manager first, and a major applies the"
            + " mission revisions of the previous version")
    void backendAiProfileDeclaresItsProcedure() {
        ProductProfile profile = BuiltInProfiles.BACKEND_AI;
        VersionPolicy policy = new VersionPolicy(profile.catalog(), profile.rules());
        PathDecision decision = policy.check(Version.of("23.09.9"), Version.of("24.03.0"));
        assertThat(((PathDecision.Refused) decision).rule()).isEqualTo(Rule.LATEST_IN_LINE_FIRST.id());
        assertThat(profile.roles().get(0).name()).isEqualTo("manager");
        assertThat(profile.schemaStepRole()).isEqualTo("manager");
        assertThat(profile.extraSteps()).singleElement().satisfies(step -> {
            assertThat(step.action()).isEqualTo("APPLY_MISSION_REVISIONS");
            assertThat(step.parameters()).containsEntry("previousVersion", "{fromVersion}");
        });
        assertThat(profile.haltWorkloadsOnRolling()).isTrue();
    }

    @Test
    @DisplayName("Camunda: 7.4 -> 7.6 skips a minor and is refused by the built-in catalog; rolling between minors is"
            + " allowed")
    void camundaProfileRefusesSkippingAMinor() {
        ProductProfile profile = BuiltInProfiles.CAMUNDA;
        VersionPolicy policy = new VersionPolicy(profile.catalog(), profile.rules());
        assertThat(((PathDecision.Refused) policy.check(Version.of("7.4"), Version.of("7.6"))).rule())
                .isEqualTo(Rule.NO_LINE_SKIPPING.id());
        assertThat(profile.rules().noRollingAcrossLines()).isFalse();
    }
}
