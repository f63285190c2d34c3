package dev.upgradeledger.domain.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.domain.plan.RecordedExport;
import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.PolicyRules;
import dev.upgradeledger.events.ReleaseCatalog;
import dev.upgradeledger.events.ReleaseLine;
import dev.upgradeledger.events.RequestUpgrade;
import dev.upgradeledger.events.Rule;
import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.events.UpgradeStrategy;
import dev.upgradeledger.events.Version;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The decider's answer to an IPFS Cluster disaster recovery (RESTORE) request. */
class RestoreDecisionTest {

    private static final ReleaseCatalog CATALOG = new ReleaseCatalog(List.of(
            new ReleaseLine("1.0", List.of(Version.of("1.0.7"), Version.of("1.0.8"), Version.of("1.0.9")))));

    private final UpgradeDecider decider = new UpgradeDecider();

    /** A cluster left with diverged peers by a failed bootstrap upgrade. */
    private static ClusterSnapshot diverged() {
        return new ClusterSnapshot(ClusterId.of("ipfs-eu"), "ipfs-cluster", Version.of("1.0.7"), Version.of("2"),
                List.of(new NodeSnapshot(NodeId.of("peer-a"), null, Version.of("1.0.8"), false),
                        new NodeSnapshot(NodeId.of("peer-b"), null, Version.of("1.0.7"), false)),
                CATALOG, PolicyRules.STRICT, null, false, null, null);
    }

    private static RequestUpgrade restore(String target, String from) {
        return new RequestUpgrade(ClusterId.of("ipfs-eu"), UpgradeId.of("restore-1"), Version.of(target), null,
                UpgradeStrategy.RESTORE, null, true, null, false, null, null, false, false, 3, Duration.ofMinutes(10),
                null, null, null, from == null ? null : UpgradeId.of(from));
    }

    private static RecordedExport export(String version) {
        return new RecordedExport(UpgradeId.of("bootstrap-1"), "sha256:abc", "sim://k", Version.of(version),
                Version.of("1"));
    }

    @Test
    void withoutARecordedExportTheRestoreIsRefusedWithAWayOut() {
        UpgradeVerdict verdict = decider.decide(diverged(), restore("1.0.8", "nope-1"), Optional.empty(),
                Optional.empty());

        Refusal refusal = ((UpgradeVerdict.Refused) verdict).refusal();
        assertThat(refusal.rule()).isEqualTo(Rule.NO_EXPORT_RECORDED);
        assertThat(refusal.detail()).contains("nope-1");
        assertThat(refusal.wayOut()).contains("restoreFrom");
    }

    @Test
    void divergedPeersDoNotStopARestoreAndTheHopStartsFromTheExportsVersionAndSchema() {
        UpgradeVerdict verdict = decider.decide(diverged(), restore("1.0.8", null), Optional.empty(),
                Optional.of(export("1.0.7")));

        HopPlan hop = ((UpgradeVerdict.Accepted) verdict).hops().get(0);
        assertThat(hop.from()).isEqualTo(Version.of("1.0.7"));
        assertThat(hop.to()).isEqualTo(Version.of("1.0.8"));
        assertThat(hop.plan().stages().get(2).steps().get(0).action()).isEqualTo(StepAction.IMPORT_STATE);
        assertThat(hop.plan().stages().get(4).steps().get(0).parameters()).containsEntry("from", "1");
    }

    @Test
    void aRestoreIsOneHopFromTheExportsVersion() {
        UpgradeVerdict verdict = decider.decide(diverged(), restore("1.0.9", null), Optional.empty(),
                Optional.of(export("1.0.7")));

        Refusal refusal = ((UpgradeVerdict.Refused) verdict).refusal();
        assertThat(refusal.rule()).isEqualTo(Rule.RESTORE_IS_ONE_HOP);
        assertThat(refusal.wayOut()).contains("restore to 1.0.8 first");
    }
}
