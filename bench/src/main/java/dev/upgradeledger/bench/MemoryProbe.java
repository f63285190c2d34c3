package dev.upgradeledger.bench;

import dev.upgradeledger.local.ServiceProcess;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** A service's memory: RSS and its peak from /proc, heap and non-heap from its Actuator metrics. */
final class MemoryProbe {

    private final LedgerApi api;

    MemoryProbe(LedgerApi api) {
        this.api = api;
    }

    record Memory(long rssBytes, long peakRssBytes, double heapUsed, double heapCommitted, double heapMax,
                  double nonHeapUsed, double liveDataAfterGc) {

        String describe() {
            return "RSS " + Report.mib(rssBytes) + " (peak " + Report.mib(peakRssBytes) + "), heap used "
                    + Report.mib((long) heapUsed) + " of " + Report.mib((long) heapCommitted) + " committed (max "
                    + Report.mib((long) heapMax) + "), live after last full GC " + Report.mib((long) liveDataAfterGc)
                    + ", non-heap " + Report.mib((long) nonHeapUsed);
        }

        Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("rssBytes", rssBytes);
            map.put("peakRssBytes", peakRssBytes);
            map.put("heapUsedBytes", (long) heapUsed);
            map.put("heapCommittedBytes", (long) heapCommitted);
            map.put("heapMaxBytes", (long) heapMax);
            map.put("liveDataAfterLastFullGcBytes", (long) liveDataAfterGc);
            map.put("nonHeapUsedBytes", (long) nonHeapUsed);
            return map;
        }
    }

    Memory of(ServiceProcess service) throws IOException, InterruptedException {
        Path status = Path.of("/proc", Long.toString(service.pid()), "status");
        URI base = service.baseUrl();
        return new Memory(MachineProbe.procValueKib(status, "VmRSS") * 1024,
                MachineProbe.procValueKib(status, "VmHWM") * 1024,
                metric(base, "jvm.memory.used?tag=area:heap"),
                metric(base, "jvm.memory.committed?tag=area:heap"),
                metric(base, "jvm.memory.max?tag=area:heap"),
                metric(base, "jvm.memory.used?tag=area:nonheap"),
                metric(base, "jvm.gc.live.data.size"));
    }

    /** RSS of a process that is not a service (the Kafka broker). */
    static long rss(long pid) {
        return MachineProbe.procValueKib(Path.of("/proc", Long.toString(pid), "status"), "VmRSS") * 1024;
    }

    private double metric(URI base, String query) throws IOException, InterruptedException {
        LedgerApi.Answer answer = api.get(base.resolve("/actuator/metrics/" + query));
        if (answer.status() != 200) {
            return -1;
        }
        JsonNode measurements = answer.json().path("measurements");
        return measurements.isEmpty() ? -1 : measurements.get(0).path("value").asDouble();
    }
}
