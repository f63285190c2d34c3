package dev.upgradeledger.projection.diagnosis;

import dev.upgradeledger.events.ClusterId;
import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.InvalidValueException;
import dev.upgradeledger.events.UpgradeId;
import dev.upgradeledger.projection.clusterstatus.NodePage;
import dev.upgradeledger.projection.diagnosis.UpgradeDiagnosis.StateAt;
import dev.upgradeledger.projection.timetravel.ClusterState;
import dev.upgradeledger.projection.timetravel.RecordedEvents;
import dev.upgradeledger.projection.timetravel.TimeTravel;
import dev.upgradeledger.projection.upgradeprogress.UpgradeAmbiguousException;
import dev.upgradeledger.projection.upgradeprogress.UpgradeNotFoundException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
        return diagnose(upgradeId, clusterId, chainLimit, DiagnosisPage.of(null, null));
    }

    /**
     * The diagnosis with one page of its lists (steps, failed attempts, quarantined nodes) and the first page of each
     * state's nodes (at most the page's limit).
     *
     * @see #diagnose(UpgradeId, ClusterId, int)
     */
    public UpgradeDiagnosis diagnose(UpgradeId upgradeId, ClusterId clusterId, int chainLimit, DiagnosisPage page) {
        if (chainLimit < 1 || chainLimit > MAX_CHAIN_LIMIT) {
            throw new InvalidValueException("chainLimit must be 1 to " + MAX_CHAIN_LIMIT + ", was " + chainLimit);
        }
        return Timer.builder("ledger.projection.diagnosis").description("time to diagnose an upgrade")
                .register(meters).record(() -> diagnoseNow(upgradeId, clusterId, chainLimit, page));
    }

    private UpgradeDiagnosis diagnoseNow(UpgradeId upgradeId, ClusterId clusterId, int chainLimit,
                                         DiagnosisPage page) {
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
        Map<Long, ClusterState> states = new HashMap<>();
        NodePage firstNodes = new NodePage(null, Math.min(page.limit(), NodePage.MAX_LIMIT));
        timeTravel.statesAt(span.clusterId(), wanted).forEach((sequence, state) ->
                states.put(sequence, state.page(firstNodes)));
        StateAt before = findings.beforeFailureSequence() == null ? null : new StateAt(
                "as of the event just before the failure", findings.beforeFailureSequence(),
                states.get(findings.beforeFailureSequence()).lastEventType(),
                states.get(findings.beforeFailureSequence()));
        StateAt lastGood = findings.lastGoodSequence() == null ? null : new StateAt(findings.lastGoodDefinition(),
                findings.lastGoodSequence(), findings.lastGoodEventType(), states.get(findings.lastGoodSequence()));
        Listed listed = listed(findings, page);
        return new UpgradeDiagnosis(findings.upgradeId(), findings.clusterId(), findings.request(), findings.status(),
                findings.failed(), findings.summary(), findings.failure(), findings.failedStepAttempts(),
                listed.failedAttempts(), listed.quarantinedNodes(), findings.rejection(), findings.ending(),
                findings.causalChain().size(), trimmed(findings.causalChain(), chainLimit), listed.steps(), before,
                lastGood, findings.steps().size(), findings.failedAttempts().size(),
                findings.quarantinedNodes().size(), listed.next());
    }

    /**
     * The page's entries of the three lists: merged in sequence order (a step by its first start), those after the
     * page's {@code after}, at most its limit; each list keeps its own order.
     */
    static Listed listed(Diagnostician.Findings findings, DiagnosisPage page) {
        TreeMap<Long, List<Object>> bySequence = new TreeMap<>();
        findings.steps().forEach(step -> add(bySequence, step.attempts().get(0).startedSequence(), step, page));
        findings.failedAttempts().forEach(attempt -> add(bySequence, attempt.sequence(), attempt, page));
        findings.quarantinedNodes().forEach(quarantine -> add(bySequence, quarantine.sequence(), quarantine, page));
        List<UpgradeDiagnosis.Step> steps = new ArrayList<>();
        List<UpgradeDiagnosis.FailedAttempt> failedAttempts = new ArrayList<>();
        List<UpgradeDiagnosis.Quarantine> quarantined = new ArrayList<>();
        int taken = 0;
        Long last = null;
        for (Map.Entry<Long, List<Object>> entry : bySequence.entrySet()) {
            if (taken >= page.limit()) {
                return new Listed(steps, failedAttempts, quarantined, String.valueOf(last));
            }
            // entries of one sequence (none that the ledger records) stay on one page
            for (Object listed : entry.getValue()) {
                if (listed instanceof UpgradeDiagnosis.Step step) {
                    steps.add(step);
                } else if (listed instanceof UpgradeDiagnosis.FailedAttempt attempt) {
                    failedAttempts.add(attempt);
                } else {
                    quarantined.add((UpgradeDiagnosis.Quarantine) listed);
                }
                taken++;
            }
            last = entry.getKey();
        }
        return new Listed(steps, failedAttempts, quarantined, null);
    }

    private static void add(TreeMap<Long, List<Object>> bySequence, long sequence, Object entry, DiagnosisPage page) {
        if (page.includes(sequence)) {
            bySequence.computeIfAbsent(sequence, key -> new ArrayList<>(1)).add(entry);
        }
    }

    record Listed(List<UpgradeDiagnosis.Step> steps, List<UpgradeDiagnosis.FailedAttempt> failedAttempts,
                  List<UpgradeDiagnosis.Quarantine> quarantinedNodes, String next) {
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
