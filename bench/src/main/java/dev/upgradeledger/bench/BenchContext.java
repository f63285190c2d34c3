package dev.upgradeledger.bench;

import java.io.PrintStream;
import java.time.Duration;

/** What every section needs: the settings, the running system, the ways to drive and read it, the limits, the report. */
record BenchContext(BenchSettings settings, BenchStack stack, LedgerApi api, Workloads workloads,
                    ProjectionIngest ingest, Database database, Limits limits, Report report, MemoryTracker memory,
                    PrintStream out, String run) {

    /** The simulated driver's latency outside the 'slow' section. */
    Duration fastLatency() {
        return BenchSettings.parseDuration(settings.simulatedLatency());
    }
}
