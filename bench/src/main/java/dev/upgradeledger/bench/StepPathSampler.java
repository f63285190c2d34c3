package dev.upgradeledger.bench;

import dev.upgradeledger.local.ServiceProcess;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a step of the wave costs, per process: every ~2 s (on a thread of its own) the CPU time of each process the
 * harness started, from {@code /proc/<pid>/stat} ({@code utime+stime}; for PostgreSQL the postmaster's, its live
 * backends' and its reaped children's {@code cutime+cstime}), PostgreSQL's {@code pg_stat_database.xact_commit}, the
 * tables' reads ({@code seq_scan + idx_scan}) and rows written ({@code n_tup_ins + n_tup_upd + n_tup_del}) over
 * {@code pg_stat_all_tables}, and the wave's stored {@code StepStarted} events. The report divides the deltas over a
 * window of the wave (from the sample where 5 % of its steps had started to the one where 95 % had) by the steps
 * started in it. Linux only (it reads {@code /proc}); elsewhere it reports that it could not sample.
 *
 * <p>The sampler's own queries run in one transaction per sample on one connection: one commit and one read of the
 * event store per sample, subtracted from the figures. PostgreSQL's statistics reach the views up to a second late,
 * which the window's width (tens of seconds) makes small.
 */
final class StepPathSampler implements AutoCloseable {

    /** Clock ticks per second of {@code /proc/<pid>/stat}'s times; 100 on every Linux the harness runs on. */
    static final double TICKS_PER_SECOND = 100.0;
    static final String POSTGRES = "postgresql";
    static final String HARNESS = "harness (bench JVM)";

    /** One reading. {@code cpuTicks} per process name; counters -1 when unreadable. */
    record Sample(long nanos, Map<String, Long> cpuTicks, long commits, long reads, long rowsWritten,
                  long stepsStarted, String loadAverage) {
    }

    /** The deltas between two samples, per step started between them. */
    record Window(Sample from, Sample to) {

        long steps() {
            return to.stepsStarted() - from.stepsStarted();
        }

        double seconds() {
            return (to.nanos() - from.nanos()) / 1e9;
        }

        /** CPU ms per step of one process, NaN when it was not read at both ends. */
        double cpuMsPerStep(String process) {
            Long a = from.cpuTicks().get(process);
            Long b = to.cpuTicks().get(process);
            if (a == null || b == null || steps() <= 0) {
                return Double.NaN;
            }
            return (b - a) / TICKS_PER_SECOND * 1000.0 / steps();
        }

        /** A counter's delta per step, less {@code ownPerSample} for each sample the sampler itself took. */
        double perStep(long fromValue, long toValue, int samplesBetween, double ownPerSample) {
            if (fromValue < 0 || toValue < 0 || steps() <= 0) {
                return Double.NaN;
            }
            return (toValue - fromValue - samplesBetween * ownPerSample) / steps();
        }
    }

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String clusterPrefix;
    private final Map<String, Long> pids;
    private final Path postmasterPidFile;
    private final long intervalMillis;
    private final List<Sample> samples = new ArrayList<>();
    private volatile boolean running = true;
    private volatile String failure;
    private Thread thread;

    /**
     * Samples the given processes (name -> pid), PostgreSQL (its postmaster's pid from {@code postmaster.pid} in its
     * data folder) and the harness itself; steps are the {@code StepStarted} events of clusters whose id starts with
     * {@code clusterPrefix}.
     */
    StepPathSampler(String jdbcUrl, String user, String password, String clusterPrefix, Map<String, Long> pids,
                    Path postgresDataDirectory, long intervalMillis) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.clusterPrefix = clusterPrefix;
        this.pids = new LinkedHashMap<>(pids);
        this.pids.put(HARNESS, ProcessHandle.current().pid());
        this.postmasterPidFile = postgresDataDirectory.resolve("postmaster.pid");
        this.intervalMillis = intervalMillis;
    }

    /** The services, the broker and PostgreSQL of a running stack, sampled every ~2 s. */
    static StepPathSampler of(BenchStack stack, String clusterPrefix) {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (Map.Entry<String, ServiceProcess> service : stack.services().entrySet()) {
            pids.put(service.getKey(), service.getValue().pid());
        }
        pids.put("kafka", stack.kafkaPid());
        return new StepPathSampler(stack.jdbcUrl(), stack.jdbcUser(), stack.jdbcPassword(), clusterPrefix, pids,
                stack.postgresDataDirectory(), 2_000);
    }

    static boolean supported() {
        return Files.isReadable(Path.of("/proc/self/stat"));
    }

    void start() {
        if (!supported()) {
            failure = "no /proc (Linux only)";
            return;
        }
        thread = new Thread(this::loop, "bench-step-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password)) {
            connection.setAutoCommit(false);
            while (running) {
                Sample sample = sample(connection);
                synchronized (samples) {
                    samples.add(sample);
                }
                long next = System.currentTimeMillis() + intervalMillis;
                while (running && System.currentTimeMillis() < next) {
                    Thread.sleep(50);
                }
            }
            synchronized (samples) {
                samples.add(sample(connection));
            }
        } catch (SQLException | RuntimeException e) {
            failure = e.getClass().getSimpleName() + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Sample sample(Connection connection) throws SQLException {
        long nanos = System.nanoTime();
        Map<String, Long> cpu = new LinkedHashMap<>();
        pids.forEach((name, pid) -> {
            long ticks = processTicks(pid);
            if (ticks >= 0) {
                cpu.put(name, ticks);
            }
        });
        long postgres = postgresTicks();
        if (postgres >= 0) {
            cpu.put(POSTGRES, postgres);
        }
        long commits;
        long reads;
        long written;
        long steps;
        // one transaction: one commit of the sampler's own per sample, and the statistics views read consistently
        try (PreparedStatement database = connection.prepareStatement(
                "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()");
             PreparedStatement tables = connection.prepareStatement(
                     "SELECT coalesce(sum(coalesce(seq_scan, 0) + coalesce(idx_scan, 0)), 0),"
                             + " coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_all_tables"
                             + " WHERE schemaname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')");
             PreparedStatement started = connection.prepareStatement(
                     "SELECT count(*) FROM eventstore.domainevententry WHERE aggregateidentifier LIKE ?"
                             + " AND payloadtype LIKE '%.StepStarted'")) {
            try (ResultSet result = database.executeQuery()) {
                commits = result.next() ? result.getLong(1) : -1;
            }
            try (ResultSet result = tables.executeQuery()) {
                result.next();
                reads = result.getLong(1);
                written = result.getLong(2);
            }
            started.setString(1, Database.like(clusterPrefix));
            try (ResultSet result = started.executeQuery()) {
                result.next();
                steps = result.getLong(1);
            }
            connection.commit();
        }
        return new Sample(nanos, cpu, commits, reads, written, steps, MachineProbe.loadAverage());
    }

    /** {@code utime+stime} of a process (all its threads), -1 when it is gone. */
    static long processTicks(long pid) {
        long[] times = stat(Path.of("/proc", Long.toString(pid), "stat"));
        return times == null ? -1 : times[1] + times[2];
    }

    /**
     * The postmaster's {@code utime+stime+cutime+cstime} (its reaped children's included) plus its live children's
     * {@code utime+stime}; -1 when the postmaster is not found.
     */
    private long postgresTicks() {
        long postmaster;
        try {
            postmaster = Long.parseLong(Files.readAllLines(postmasterPidFile).get(0).trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        long[] own = stat(Path.of("/proc", Long.toString(postmaster), "stat"));
        if (own == null) {
            return -1;
        }
        long total = own[1] + own[2] + own[3] + own[4];
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                long[] times = stat(process.resolve("stat"));
                if (times != null && times[0] == postmaster) {
                    total += times[1] + times[2];
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return total;
    }

    /** {ppid, utime, stime, cutime, cstime} of a {@code /proc/<pid>/stat} file, null when unreadable. */
    static long[] stat(Path file) {
        try {
            return parseStat(Files.readString(file));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** {ppid, utime, stime, cutime, cstime} of a {@code /proc/<pid>/stat} line (the name may hold spaces). */
    static long[] parseStat(String line) {
        String[] fields = line.substring(line.lastIndexOf(')') + 2).trim().split(" ");
        // fields[0] is the state (field 3 of proc(5)); ppid is field 4, utime..cstime fields 14-17
        return new long[] {Long.parseLong(fields[1]), Long.parseLong(fields[11]), Long.parseLong(fields[12]),
                Long.parseLong(fields[13]), Long.parseLong(fields[14])};
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.join(30_000);
        }
    }

    List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    /**
     * The window of the samples from the first at which at least {@code low} of the last sample's steps had started
     * to the last at which at most {@code high} had; null when fewer than two samples fall in it.
     */
    static Window window(List<Sample> samples, double low, double high) {
        if (samples.size() < 2) {
            return null;
        }
        long total = samples.get(samples.size() - 1).stepsStarted();
        int from = -1;
        int to = -1;
        for (int i = 0; i < samples.size(); i++) {
            long steps = samples.get(i).stepsStarted();
            if (from < 0 && steps >= low * total) {
                from = i;
            }
            if (steps <= high * total) {
                to = i;
            }
        }
        if (from < 0 || to <= from || samples.get(to).stepsStarted() <= samples.get(from).stepsStarted()) {
            return null;
        }
        return new Window(samples.get(from), samples.get(to));
    }

    /** Adds the figures to the wave's section: CPU per step per process, commits, reads, rows per step. */
    void report(Report.Section section, String kind, int cores) {
        List<Sample> all = samples();
        Window window = window(all, 0.05, 0.95);
        if (window == null) {
            section.row("CPU per step", failure != null ? "not sampled: " + failure
                    : "too few samples (" + all.size() + ") or steps to form a window");
            return;
        }
        int between = (int) all.stream().filter(s -> s.nanos() > window.from().nanos()
                && s.nanos() <= window.to().nanos()).count();
        List<String> processes = new ArrayList<>(window.to().cpuTicks().keySet());
        StringBuilder cpu = new StringBuilder();
        double total = 0;
        Map<String, Object> perProcess = new LinkedHashMap<>();
        for (String process : processes) {
            double ms = window.cpuMsPerStep(process);
            perProcess.put(process, Double.isNaN(ms) ? null : Report.round(ms));
            if (Double.isNaN(ms) || process.equals(HARNESS)) {
                continue;
            }
            total += ms;
            cpu.append(cpu.isEmpty() ? "" : ", ").append(process).append(' ').append(Report.number(ms)).append(" ms");
        }
        double harness = window.cpuMsPerStep(HARNESS);
        double capacityMsPerStep = cores * window.seconds() * 1000.0 / window.steps();
        double commits = window.perStep(window.from().commits(), window.to().commits(), between, 1);
        double reads = window.perStep(window.from().reads(), window.to().reads(), between, 1);
        double rows = window.perStep(window.from().rowsWritten(), window.to().rowsWritten(), between, 0);
        double stepsPerSecond = window.steps() / window.seconds();
        section.rowVs("CPU per step (5th-95th percentile of steps started)", String.format(Locale.ROOT,
                        "%s ms in all: %s (the harness %s ms more); %d steps in %s s, %s steps/s",
                        Report.number(total), cpu, Report.number(harness), window.steps(),
                        Report.number(window.seconds()), Report.number(stepsPerSecond)),
                String.format(Locale.ROOT, "%d cores give %s ms of CPU per step at this rate (%s %% used);"
                                + " load average %s at the window's start, %s at its end",
                        cores, Report.number(capacityMsPerStep), Report.number(100.0 * total / capacityMsPerStep),
                        window.from().loadAverage(), window.to().loadAverage()))
                .row("PostgreSQL per step", String.format(Locale.ROOT,
                        "%s commits, %s table reads, %s rows written (the sampler's own commit and read per sample"
                                + " taken off)", Report.number(commits), Report.number(reads), Report.number(rows)));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("steps", window.steps());
        data.put("seconds", Report.round(window.seconds()));
        data.put("cpuMsPerStep", perProcess);
        data.put("cpuMsPerStepAll", Report.round(total));
        data.put("cores", cores);
        data.put("pgCommitsPerStep", Report.round(commits));
        data.put("tableReadsPerStep", Report.round(reads));
        data.put("rowsWrittenPerStep", Report.round(rows));
        data.put("loadAverage", List.of(window.from().loadAverage(), window.to().loadAverage()));
        data.put("samples", all.size());
        section.data(kind + "StepPath", data).note("'" + kind + "' CPU per step: every ~2 s the CPU time of each"
                + " process from /proc/<pid>/stat (Linux only; PostgreSQL: the postmaster, its backends and its reaped"
                + " children), pg_stat_database.xact_commit and pg_stat_all_tables (seq_scan + idx_scan; rows"
                + " inserted, updated, deleted) and the wave's stored StepStarted events; deltas from the sample at"
                + " which 5 % of the wave's steps had started to the one at which 95 % had, divided by the steps"
                + " started between them. CPU per step depends less on the machine's load than wall-clock rates, but"
                + " does depend on it (caches, JIT, context switches) and on the step rate (idle polling is spread"
                + " over fewer steps)");
    }
}
