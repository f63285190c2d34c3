package dev.upgradeledger.bench;

import dev.upgradeledger.local.ServiceProcess;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RSS of every running service (and the broker) after each heavy section, printed in that section, and the most seen
 * per service over the run.
 */
final class MemoryTracker {

    private final BenchStack stack;
    private final MemoryProbe probe;
    private final Map<String, Long> maxRss = new LinkedHashMap<>();
    private final Map<String, String> maxAfter = new LinkedHashMap<>();
    private final Map<String, Long> peakRss = new LinkedHashMap<>();
    private final List<Map<String, Object>> samples = new ArrayList<>();

    MemoryTracker(BenchStack stack, MemoryProbe probe) {
        this.stack = stack;
        this.probe = probe;
    }

    /** Samples every service now, adds a row to {@code section} and keeps the maxima. */
    void after(String label, Report.Section section) {
        Map<String, Object> sample = new LinkedHashMap<>();
        StringBuilder row = new StringBuilder();
        for (Map.Entry<String, ServiceProcess> service : stack.services().entrySet()) {
            if (!service.getValue().isAlive()) {
                continue;
            }
            try {
                MemoryProbe.Memory memory = probe.of(service.getValue());
                sample.put(service.getKey(), memory.toMap());
                record(service.getKey(), memory.rssBytes(), memory.peakRssBytes(), label);
                row.append(row.isEmpty() ? "" : ", ").append(service.getKey()).append(' ')
                        .append(Report.mib(memory.rssBytes())).append(" (heap used ")
                        .append(Report.mib((long) memory.heapUsed())).append(')');
            } catch (Exception e) {
                row.append(row.isEmpty() ? "" : ", ").append(service.getKey()).append(" unreadable (")
                        .append(e.getClass().getSimpleName()).append(')');
            }
        }
        long kafka = MemoryProbe.rss(stack.kafkaPid());
        record("kafka", kafka, -1, label);
        row.append(", Kafka broker ").append(Report.mib(kafka));
        sample.put("kafka", Map.of("rssBytes", kafka));
        samples.add(Map.of("after", label, "services", sample));
        section.row("RSS after " + label, row.toString());
    }

    private void record(String name, long rss, long peak, String label) {
        if (rss > maxRss.getOrDefault(name, -1L)) {
            maxRss.put(name, rss);
            maxAfter.put(name, label);
        }
        if (peak > peakRss.getOrDefault(name, -1L)) {
            peakRss.put(name, peak);
        }
    }

    /** The most RSS seen per service over the samples, and the kernel's peak (VmHWM) of the last process seen. */
    void summarize(Report.Section section) {
        for (Map.Entry<String, Long> max : maxRss.entrySet()) {
            Long peak = peakRss.get(max.getKey());
            section.row(max.getKey() + ": most RSS sampled", Report.mib(max.getValue()) + " (after "
                    + maxAfter.get(max.getKey()) + ")" + (peak == null || peak < 0 ? ""
                    : "; peak RSS (VmHWM) " + Report.mib(peak)));
        }
        section.data("samplesAfterSections", samples).data("maxRssBytes", maxRss).data("peakRssBytes", peakRss)
                .note("RSS sampled after each heavy section (" + samples.size() + " samples); VmHWM is the kernel's"
                        + " peak RSS of the process, which for a restarted service covers only its last run");
    }
}
