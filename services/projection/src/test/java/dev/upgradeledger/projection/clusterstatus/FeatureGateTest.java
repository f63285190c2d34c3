package dev.upgradeledger.projection.clusterstatus;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Camunda: "during the whole process of the rolling upgrade it is not permitted to use new features". */
class FeatureGateTest {

    @Test
    @DisplayName("Camunda: new features are not permitted while an upgrade runs, before it is finalized, or while"
            + " nodes run different versions")
    void newFeaturesWaitForOneVersionAndAFinalizedUpgrade() {
        assertThat(summary("RUNNING", false, "7.5", "7.6").newFeaturesAllowed()).isFalse();
        assertThat(summary("COMPLETED", true, "7.6").newFeaturesAllowed()).isFalse();
        assertThat(summary("ABANDONED", false, "7.5", "7.6").newFeaturesAllowed()).isFalse();
        assertThat(summary("FINALIZED", false, "7.6").newFeaturesAllowed()).isTrue();
        assertThat(summary(null, false, "7.5").newFeaturesAllowed()).isTrue();
    }

    private static ClusterSummary summary(String upgradeStatus, boolean mixedWindow, String... versions) {
        Instant now = Instant.parse("2026-12-01T10:00:00Z");
        return new ClusterSummary("c-1", "camunda", "7.6", "7.6", versions.length, now, now, 9, 90,
                new ClusterSummary.Upgrade(upgradeStatus == null ? null : "u-1", upgradeStatus, "7.6"), mixedWindow,
                false, ClusterStatus.CONVERGED, List.of(versions), null, java.util.Map.of());
    }
}
