package dev.upgradeledger.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Upgrades whose actions take as long as real ones (2 s by default): the executor is restarted with that simulated
 * latency, then one 6-node rolling upgrade with maxUnavailable 1, one with 3, and several such clusters at once with 3
 * are timed beside their plan's critical path (stages x latency); then the executor is restarted with the latency of
 * the other sections.
 */
final class SlowSection {

    private final BenchContext context;

    SlowSection(BenchContext context) {
        this.context = context;
    }

    void run(Report.Section section) throws Exception {
        BenchSettings settings = context.settings();
        Duration latency = settings.slowLatency();
        long timeout = settings.slowTimeoutSeconds() * 1_000_000_000L;
        double restart = context.stack().restart("executor",
                Map.of("LEDGER_SIMULATED_LATENCY", BenchSettings.springDuration(latency)));
        section.row("executor restarted with " + latency.toMillis() + " ms per action", Report.number(restart)
                + " s until ready");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("latencyMs", latency.toMillis());
        data.put("executorRestartSeconds", Report.round(restart));
        try {
            for (String maxUnavailable : new String[] {"1", "3"}) {
                context.out().printf("  one 6-node rolling upgrade, maxUnavailable %s ...%n", maxUnavailable);
                Workloads.Upgrade upgrade = context.workloads().rollingUpgrade("slow" + maxUnavailable,
                        maxUnavailable, timeout);
                double seconds = upgrade.nanos() / 1e9;
                double critical = upgrade.plan().criticalPath(latency).toMillis() / 1000.0;
                section.rowVs("6 nodes, maxUnavailable " + maxUnavailable, String.format(Locale.ROOT,
                                "%s in %s s (n=1); plan: %s", upgrade.status(), Report.number(seconds),
                                upgrade.plan().describe(latency)),
                        Ratio.of(seconds, critical, "the critical path, s"));
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("status", upgrade.status());
                one.put("seconds", Report.round(seconds));
                one.put("plan", upgrade.plan().toMap(latency));
                one.put("vsCriticalPath", Ratio.data(seconds, critical));
                data.put("maxUnavailable" + maxUnavailable, one);
            }
            int clusters = settings.slowClusters();
            context.out().printf("  %d clusters x 6 nodes, maxUnavailable 3, at once ...%n", clusters);
            Workloads.ParallelUpgrades parallel = context.workloads().parallelRollingUpgrades(clusters, "slowpar", "3",
                    clusters, timeout, 200, null);
            Map<String, Long> outcomes = new TreeMap<>();
            parallel.upgrades().forEach(upgrade -> outcomes.merge(upgrade.status(), 1L, Long::sum));
            double wall = parallel.wallNanos() / 1e9;
            double critical = parallel.plan().criticalPath(latency).toMillis() / 1000.0;
            boolean allDone = outcomes.getOrDefault("COMPLETED", 0L) == clusters;
            Stats each = Stats.ofNanos(parallel.upgrades().stream()
                    .filter(upgrade -> upgrade.status().equals("COMPLETED")).map(Workloads.Upgrade::nanos).toList());
            section.rowVs(clusters + " clusters x 6 nodes at once, maxUnavailable 3", String.format(Locale.ROOT,
                            "%s; each completed one %s; outcomes %s; plan of each: %s", allDone ? "all COMPLETED after "
                                    + Report.number(wall) + " s" : "did not complete in "
                                    + settings.slowTimeoutSeconds() + " s", each.describe(), outcomes,
                            parallel.plan().describe(latency)),
                    (allDone ? "" : "more than ") + Ratio.of(wall, critical, "one upgrade's critical path, s"));
            Map<String, Object> at = new LinkedHashMap<>();
            at.put("clusters", clusters);
            at.put("outcomes", outcomes);
            at.put("wallSeconds", Report.round(wall));
            at.put("each", each.toMap());
            at.put("plan", parallel.plan().toMap(latency));
            at.put("vsCriticalPath", Ratio.data(wall, critical));
            data.put("parallel", at);
        } finally {
            double back = context.stack().restart("executor",
                    Map.of("LEDGER_SIMULATED_LATENCY", context.settings().simulatedLatency()));
            section.row("executor restarted with " + context.settings().simulatedLatency() + " per action again",
                    Report.number(back) + " s until ready");
        }
        section.data("slow", data)
                .note("critical path = the plan's stages x the action's latency: the shortest an upgrade can take with"
                        + " that driver, if every step of a stage ran at once and the ledger took no time; steps one"
                        + " after another take steps x latency")
                .note("the executor is restarted (SIGTERM, then started on the same port) with"
                        + " LEDGER_SIMULATED_LATENCY=" + BenchSettings.springDuration(latency) + " before and with "
                        + context.settings().simulatedLatency() + " after this section");
        context.memory().after("slow", section);
    }
}
