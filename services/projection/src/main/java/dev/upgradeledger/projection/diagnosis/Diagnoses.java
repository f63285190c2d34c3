package dev.upgradeledger.projection.diagnosis;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.InvalidValueException;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.projection.diagnosis.UpgradeDiagnosis.StateAt;
import dev.upgradeledger.projection.timetravel.ClusterState;
import dev.upgradeledger.projection.timetravel.RecordedEvents;
import dev.upgradeledger.projection.timetravel.TimeTravel;
import dev.upgradeledger.projection.upgradeprogress.UpgradeAmbiguousException;
import dev.upgradeledger.projection.upgradeprogress.UpgradeNotFoundException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Diagnoses an upgrade from the projection's history: finds the cluster and the range of its history the upgrade
 * spans (one indexed query), reads those events, lets the {@link Diagnostician} read them, and rebuilds the two states
 * it names with one fold of the cluster's history ({@link TimeTravel}). All in one repeatable-read snapshot.
 */
@Service
@Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
public class Diagnoses {

    private final JdbcClient jdbc;
    private final RecordedEvents events;
    private final TimeTravel timeTravel;
    private final MeterRegistry meters;

    Diagnoses(JdbcClient jdbc, RecordedEvents events, TimeTravel timeTravel, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.events = events;
        this.timeTravel = timeTravel;
        this.meters = meters;
    }

    /** The longest causal chain answered in full. */
    public static final int MAX_CHAIN_LIMIT = 10_000;

    /**
     * @param clusterId  the cluster the upgrade ran on, or null to find it
     * @param chainLimit how many events of the causal chain to answer at most (1 to {@value #MAX_CHAIN_LIMIT}): the
     *                   request and the last ones before the failure
     * @throws UpgradeNotFoundException     when no recorded event names the upgrade (on that cluster)
     * @throws UpgradeAmbiguousException when, without a cluster, more than one cluster used the id
     */
    public UpgradeDiagnosis diagnose(UpgradeId upgradeId, ClusterId clusterId, int chainLimit) {
        if (chainLimit < 1 || chainLimit > MAX_CHAIN_LIMIT) {
            throw new InvalidValueException("chainLimit must be 1 to " + MAX_CHAIN_LIMIT + ", was " + chainLimit);
        }
        return Timer.builder("ledger.projection.diagnosis").description("time to diagnose an upgrade")
                .register(meters).record(() -> diagnoseNow(upgradeId, clusterId, chainLimit));
    }

    private UpgradeDiagnosis diagnoseNow(UpgradeId upgradeId, ClusterId clusterId, int chainLimit) {
        List<Span> spans = jdbc.sql("""
                        select cluster_id, min(sequence) as first, max(sequence) as last from history_event
                        where upgrade_id = ? and (cast(? as varchar) is null or cluster_id = ?)
                        group by cluster_id order by cluster_id""")
                .params(upgradeId.value(), clusterId == null ? null : clusterId.value(),
                        clusterId == null ? null : clusterId.value())
                .query((rs, row) -> new Span(ClusterId.of(rs.getString("cluster_id")), rs.getLong("first"),
                        rs.getLong("last")))
                .list();
        if (spans.isEmpty()) {
            throw new UpgradeNotFoundException("no recorded event names upgrade " + upgradeId
                    + (clusterId == null ? "" : " on cluster " + clusterId));
        }
        if (spans.size() > 1) {
            throw new UpgradeAmbiguousException(upgradeId.value(),
                    spans.stream().map(span -> span.clusterId().value()).toList());
        }
        Span span = spans.get(0);
        List<EventEnvelope> window = events.list(span.clusterId(), span.first(), span.last());
        Diagnostician.Findings findings = Diagnostician.analyse(upgradeId.value(), window);
        List<Long> wanted = new ArrayList<>();
        if (findings.beforeFailureSequence() != null) {
            wanted.add(findings.beforeFailureSequence());
        }
        if (findings.lastGoodSequence() != null) {
            wanted.add(findings.lastGoodSequence());
        }
        Map<Long, ClusterState> states = timeTravel.statesAt(span.clusterId(), wanted);
        StateAt before = findings.beforeFailureSequence() == null ? null : new StateAt(
                "as of the event just before the failure", findings.beforeFailureSequence(),
                states.get(findings.beforeFailureSequence()).lastEventType(),
                states.get(findings.beforeFailureSequence()));
        StateAt lastGood = findings.lastGoodSequence() == null ? null : new StateAt(findings.lastGoodDefinition(),
                findings.lastGoodSequence(), findings.lastGoodEventType(), states.get(findings.lastGoodSequence()));
        return new UpgradeDiagnosis(findings.upgradeId(), findings.clusterId(), findings.request(), findings.status(),
                findings.failed(), findings.summary(), findings.failure(), findings.failedStepAttempts(),
                findings.failedAttempts(), findings.quarantinedNodes(), findings.rejection(), findings.ending(),
                findings.causalChain().size(), trimmed(findings.causalChain(), chainLimit), findings.steps(), before,
                lastGood);
    }

    /** The request and the last {@code limit - 1} links before the failure. */
    private static List<UpgradeDiagnosis.ChainLink> trimmed(List<UpgradeDiagnosis.ChainLink> chain, int limit) {
        if (chain.size() <= limit) {
            return chain;
        }
        List<UpgradeDiagnosis.ChainLink> kept = new ArrayList<>(List.of(chain.get(0)));
        kept.addAll(chain.subList(chain.size() - (limit - 1), chain.size()));
        return kept;
    }

    private record Span(ClusterId clusterId, long first, long last) {
    }
}
