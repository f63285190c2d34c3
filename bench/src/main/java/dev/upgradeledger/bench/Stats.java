package dev.upgradeledger.bench;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Summary of a set of durations: count, mean and nearest-rank percentiles (the smallest sample with at least p% of
 * the samples at or below it), in milliseconds.
 */
public record Stats(int count, double minMs, double meanMs, double p50Ms, double p95Ms, double p99Ms, double maxMs) {

    /** @param nanos the samples in nanoseconds; may be empty (every figure is then 0) */
    public static Stats ofNanos(Collection<Long> nanos) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        if (sorted.length == 0) {
            return new Stats(0, 0, 0, 0, 0, 0, 0);
        }
        return new Stats(sorted.length, ms(sorted[0]), ms(Arrays.stream(sorted).average().orElse(0)),
                ms(percentile(sorted, 50)), ms(percentile(sorted, 95)), ms(percentile(sorted, 99)),
                ms(sorted[sorted.length - 1]));
    }

    /** Nearest-rank percentile of sorted samples: the value at rank ceil(p/100 * n), 1-based. */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("percentile must be in (0, 100], was " + p);
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    /** Events (or requests) per second for {@code count} done in {@code nanos}; 0 when no time passed. */
    public static double perSecond(long count, long nanos) {
        return nanos <= 0 ? 0 : count * 1e9 / nanos;
    }

    /** "p50 12.3 / p95 20.1 / p99 25.0 / max 30.2 ms (n=200)". */
    public String describe() {
        return String.format(Locale.ROOT, "p50 %s / p95 %s / p99 %s / max %s ms (n=%d)",
                Report.number(p50Ms), Report.number(p95Ms), Report.number(p99Ms), Report.number(maxMs), count);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("samples", count);
        map.put("minMs", Report.round(minMs));
        map.put("meanMs", Report.round(meanMs));
        map.put("p50Ms", Report.round(p50Ms));
        map.put("p95Ms", Report.round(p95Ms));
        map.put("p99Ms", Report.round(p99Ms));
        map.put("maxMs", Report.round(maxMs));
        return map;
    }

    private static double ms(double nanos) {
        return nanos / 1e6;
    }
}
