package dev.upgradeledger.bench;

import dev.upgradeledger.local.ServiceProcess;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What to run and how much of it; from {@code -D} system properties or environment variables of the same name.
 * {@code --large} multiplies every count by 5 (set counts still win).
 */
record BenchSettings(
        int warmupRegistrations,
        int registrationsPerLevel,
        List<Integer> clientLevels,
        int endToEndSamples,
        int ingestEvents,
        int upgradeRuns,
        int parallelUpgrades,
        Optional<Path> dataFolder,
        boolean keepData,
        List<String> serviceJvmOptions,
        Path reportFolder,
        String note) {

    static final String USAGE = String.join(System.lineSeparator(),
            "Usage: bench/run [--large]",
            "",
            "Starts PostgreSQL, Kafka and the three services on free ports in a temporary folder, measures, prints a",
            "report and writes it to bench/target/bench-report.{json,md}. --large multiplies every count by 5.",
            "",
            "Settings (environment variables, or -D system properties of the same name):",
            "  LEDGER_BENCH_WARMUP              registrations before anything is measured (default 100)",
            "  LEDGER_BENCH_REGISTRATIONS       registrations per client level (default 300)",
            "  LEDGER_BENCH_CLIENTS             concurrent client levels (default 1,4,16)",
            "  LEDGER_BENCH_E2E_SAMPLES         registration -> projection samples (default 100)",
            "  LEDGER_BENCH_INGEST_EVENTS       synthetic envelopes for the projection, rounded up to whole",
            "                                   clusters of 22 events (default 3000)",
            "  LEDGER_BENCH_UPGRADE_RUNS        6-node rolling upgrades one after another (default 3)",
            "  LEDGER_BENCH_PARALLEL_UPGRADES   clusters upgrading at once (default 10)",
            "  LEDGER_BENCH_DATA                data folder (default: a new temporary folder, deleted afterwards)",
            "  LEDGER_BENCH_KEEP_DATA=1         keep the data folder",
            "  LEDGER_BENCH_JVM_OPTIONS         the services' JVM options (default: the local stack's, "
                    + String.join(" ", ServiceProcess.DEFAULT_JVM_OPTIONS) + ")",
            "  LEDGER_BENCH_REPORT_DIR          where the report files go (default bench/target)",
            "  LEDGER_BENCH_NOTE                a sentence printed in the report (e.g. what else the machine ran)",
            "  LEDGER_SIMULATED_LATENCY         the simulated driver's time per action (executor; default 20ms)");

    static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message);
        }
    }

    static BenchSettings resolve(List<String> args, Function<String, String> settings, Path workingDir) {
        int scale = 1;
        for (String arg : args) {
            if (arg.equals("--large")) {
                scale = 5;
            } else {
                throw new Invalid("Unknown argument: " + arg + System.lineSeparator() + USAGE);
            }
        }
        return new BenchSettings(
                count(settings, "LEDGER_BENCH_WARMUP", 100 * scale),
                count(settings, "LEDGER_BENCH_REGISTRATIONS", 300 * scale),
                levels(settings.apply("LEDGER_BENCH_CLIENTS")),
                count(settings, "LEDGER_BENCH_E2E_SAMPLES", 100 * scale),
                count(settings, "LEDGER_BENCH_INGEST_EVENTS", 3000 * scale),
                count(settings, "LEDGER_BENCH_UPGRADE_RUNS", 3 * scale),
                count(settings, "LEDGER_BENCH_PARALLEL_UPGRADES", 10 * scale),
                text(settings, "LEDGER_BENCH_DATA").map(workingDir::resolve),
                text(settings, "LEDGER_BENCH_KEEP_DATA").map(value -> value.equals("1") || value.equals("true"))
                        .orElse(false),
                text(settings, "LEDGER_BENCH_JVM_OPTIONS").map(value -> List.of(value.split("\\s+")))
                        .orElse(ServiceProcess.DEFAULT_JVM_OPTIONS),
                workingDir.resolve(text(settings, "LEDGER_BENCH_REPORT_DIR").orElse("bench/target")),
                text(settings, "LEDGER_BENCH_NOTE").orElse(""));
    }

    Map<String, Object> describe() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("warmupRegistrations", warmupRegistrations);
        map.put("registrationsPerLevel", registrationsPerLevel);
        map.put("clientLevels", clientLevels);
        map.put("endToEndSamples", endToEndSamples);
        map.put("ingestEvents", ingestEvents);
        map.put("upgradeRuns", upgradeRuns);
        map.put("parallelUpgrades", parallelUpgrades);
        map.put("serviceJvmOptions", String.join(" ", serviceJvmOptions));
        return map;
    }

    private static int count(Function<String, String> settings, String name, int defaultValue) {
        Optional<String> value = text(settings, name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.get());
            if (parsed >= 1) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new Invalid(name + " must be a whole number of at least 1, not '" + value.get() + "'");
    }

    static List<Integer> levels(String value) {
        if (value == null || value.isBlank()) {
            return List.of(1, 4, 16);
        }
        try {
            List<Integer> levels = Arrays.stream(value.split(",")).map(String::trim).map(Integer::parseInt).toList();
            if (levels.stream().allMatch(level -> level >= 1 && level <= 256)) {
                return levels;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new Invalid("LEDGER_BENCH_CLIENTS must be a comma-separated list of client counts (1-256), not '"
                + value + "'");
    }

    private static Optional<String> text(Function<String, String> settings, String name) {
        return Optional.ofNullable(settings.apply(name)).map(String::trim).filter(value -> !value.isEmpty());
    }
}
