package dev.upgradeledger.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;

/**
 * The machine's own limits, measured in the same run as the figures they explain: cores, memory, the JVM's heap, a
 * single-core CPU baseline and the disk's fsync rate.
 */
final class MachineProbe {

    private static final int SHA_BUFFER = 1 << 20;
    private static final int FSYNC_BLOCK = 8192;
    /** Keeps the digests alive so that the JIT cannot drop the work. */
    private static volatile byte blackhole;

    private MachineProbe() {
    }

    /** Measures and adds the rows; answers the limits it measured (CPU and disk; the rest NaN). */
    static Limits measure(Report.Section section, Path dataFolder) throws IOException {
        Runtime runtime = Runtime.getRuntime();
        section.row("cores (availableProcessors)", Integer.toString(runtime.availableProcessors()))
                .data("availableProcessors", runtime.availableProcessors());
        cgroupCpuLimit().ifPresent(limit -> section.row("cgroup CPU limit", limit).data("cgroupCpuMax", limit));
        long total = meminfo("MemTotal");
        long available = meminfo("MemAvailable");
        section.row("memory total / available", Report.mib(total) + " / " + Report.mib(available))
                .data("memTotalBytes", total).data("memAvailableBytes", available);
        section.row("harness JVM max heap", Report.mib(runtime.maxMemory())).data("harnessMaxHeapBytes",
                runtime.maxMemory());
        String load = loadAverage();
        section.row("load average (1/5/15 min) at start", load).data("loadAverageAtStart", load);

        double sha = sha256MegabytesPerSecond();
        section.row("CPU baseline, 1 core", String.format(Locale.ROOT, "SHA-256 %s MB/s", Report.number(sha)))
                .data("sha256MBps", Report.round(sha));

        Fsync fsync = fsyncRate(dataFolder);
        section.row("disk fsync rate (data folder)", String.format(Locale.ROOT,
                        "%s fdatasync/s, 8 KiB write each (%d in %s s); mean %s ms",
                        Report.number(fsync.perSecond()), fsync.count(), Report.number(fsync.seconds()),
                        Report.number(1000.0 / fsync.perSecond())))
                .data("fsyncPerSecond", Report.round(fsync.perSecond()))
                .data("fsyncSamples", fsync.count())
                .data("dataFolder", dataFolder.toString());
        return Limits.NONE.withMachine(sha, fsync.perSecond());
    }

    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** A value of /proc/meminfo in bytes, -1 when unreadable. */
    static long meminfo(String key) {
        return procValueKib(Path.of("/proc/meminfo"), key) * 1024;
    }

    /** A "Key:   123 kB" value of a /proc file in KiB, -1 when absent or unreadable. */
    static long procValueKib(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith(key + ":")) {
                    return Long.parseLong(line.substring(key.length() + 1).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private static Optional<String> cgroupCpuLimit() {
        try {
            String max = Files.readString(Path.of("/sys/fs/cgroup/cpu.max")).trim();
            String[] parts = max.split("\\s+");
            if (parts[0].equals("max")) {
                return Optional.of("none (cpu.max " + max + ")");
            }
            return Optional.of(String.format(Locale.ROOT, "%.2f cores (cpu.max %s)",
                    Double.parseDouble(parts[0]) / Double.parseDouble(parts[1]), max));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** SHA-256 over a fixed 1 MiB buffer on this thread: 1 s of warm-up, then 3 s measured. */
    static double sha256MegabytesPerSecond() {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[SHA_BUFFER];
        new Random(42).nextBytes(buffer);
        hashFor(digest, buffer, 1_000_000_000L);
        long start = System.nanoTime();
        long bytes = hashFor(digest, buffer, 3_000_000_000L);
        return bytes / 1e6 / ((System.nanoTime() - start) / 1e9);
    }

    private static long hashFor(MessageDigest digest, byte[] buffer, long nanos) {
        long end = System.nanoTime() + nanos;
        long bytes = 0;
        while (System.nanoTime() < end) {
            digest.update(buffer);
            blackhole ^= digest.digest()[0];
            bytes += buffer.length;
        }
        return bytes;
    }

    record Fsync(int count, double seconds) {
        double perSecond() {
            return count / seconds;
        }
    }

    /**
     * Overwrites 8 KiB at the same place of a preallocated file and forces its data to disk ({@code fdatasync}, what
     * PostgreSQL's default {@code wal_sync_method} does on Linux), for 3 s or 5,000 times.
     */
    static Fsync fsyncRate(Path folder) throws IOException {
        Files.createDirectories(folder);
        Path file = folder.resolve("fsync-probe.bin");
        try (FileChannel channel = FileChannel.open(file, List.of(StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.READ).toArray(StandardOpenOption[]::new))) {
            ByteBuffer block = ByteBuffer.allocate(FSYNC_BLOCK);
            channel.write(block, 0);
            channel.force(true);
            long start = System.nanoTime();
            long end = start + 3_000_000_000L;
            int count = 0;
            while (count < 5_000 && System.nanoTime() < end) {
                block.clear();
                block.putLong(0, count);
                channel.write(block, 0);
                channel.force(false);
                count++;
            }
            return new Fsync(count, (System.nanoTime() - start) / 1e9);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
