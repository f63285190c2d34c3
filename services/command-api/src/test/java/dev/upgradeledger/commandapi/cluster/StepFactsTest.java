package dev.upgradeledger.commandapi.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.NodeStopped;
import dev.upgradeledger.events.PlannedStep;
import dev.upgradeledger.events.StateChecked;
import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.events.UpgradeId;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The facts of the IPFS Cluster steps: a stop, and the state checks of the bootstrap procedure. */
class StepFactsTest {

    private static final ClusterId IPFS = ClusterId.of("ipfs");
    private static final UpgradeId UPGRADE = UpgradeId.of("u-110");

    private static PlannedStep check(String node, Map<String, String> parameters) {
        return new PlannedStep("s9.0", StepAction.CHECK_STATE, IPFS, NodeId.of(node), parameters);
    }

    private static Object fact(PlannedStep step, String checksum, Map<String, String> recorded) {
        return StepFacts.of(IPFS, UPGRADE, step, Map.of("checksum", checksum), null, null, null, recorded);
    }

    @Test
    void aStopRecordsThePeerStopped() {
        PlannedStep stop = new PlannedStep("s2.0", StepAction.STOP_NODE, IPFS, NodeId.of("peer-1"), Map.of());

        assertThat(StepFacts.of(IPFS, UPGRADE, stop, Map.of(), null, null, null, Map.of()))
                .isEqualTo(new NodeStopped(IPFS, UPGRADE, "s2.0", NodeId.of("peer-1")));
    }

    @Test
    void theSurvivorsChecksumIsRecordedAsTheReference() {
        assertThat(fact(check("peer-1", Map.of()), "sha256:aa", Map.of()))
                .isEqualTo(new StateChecked(IPFS, UPGRADE, "s9.0", NodeId.of("peer-1"), "sha256:aa", null, null));
    }

    @Test
    @DisplayName("IPFS Cluster: rejoined peers \"will receive a full copy of the state upon starting\": equal checksums")
    void aRejoinedPeerWithTheSurvivorsChecksumIsAccepted() {
        assertThat(fact(check("peer-2", Map.of("against", "peer-1")), "sha256:aa", Map.of("peer-1", "sha256:aa")))
                .isEqualTo(new StateChecked(IPFS, UPGRADE, "s9.0", NodeId.of("peer-2"), "sha256:aa",
                        NodeId.of("peer-1"), "sha256:aa"));
    }

    @Test
    void aRejoinedPeerWhoseChecksumDiffersFailsNamingThePeerAndBothChecksums() {
        assertThatThrownBy(() -> fact(check("peer-2", Map.of("against", "peer-1")), "sha256:bb",
                Map.of("peer-1", "sha256:aa")))
                .isInstanceOfSatisfying(StepFacts.MissingFact.class,
                        missing -> assertThat(missing.code()).isEqualTo("state-checksum-mismatch"))
                .hasMessageContaining("peer-2").hasMessageContaining("sha256:bb")
                .hasMessageContaining("peer-1").hasMessageContaining("sha256:aa");
    }

    @Test
    void aCheckAgainstAPeerWithoutARecordedChecksumFails() {
        assertThatThrownBy(() -> fact(check("peer-2", Map.of("against", "peer-1")), "sha256:aa", Map.of()))
                .isInstanceOfSatisfying(StepFacts.MissingFact.class,
                        missing -> assertThat(missing.code()).isEqualTo("no-reference-checksum"));
    }

    @Test
    void aCheckWithoutAChecksumFails() {
        assertThatThrownBy(() -> StepFacts.of(IPFS, UPGRADE, check("peer-1", Map.of()), Map.of(), null, null, null,
                Map.of()))
                .isInstanceOfSatisfying(StepFacts.MissingFact.class,
                        missing -> assertThat(missing.code()).isEqualTo("missing-checksum"));
    }
}
