package dev.upgradeledger.bench;

import dev.upgradeledger.local.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What to run and how much of it; from {@code -D} system properties or environment variables of the same name.
 * {@code --large} multiplies the counts of sections 2-5 by 5, {@code --quick} makes every section small (a smoke run);
 * counts that are set explicitly still win.
 */
record BenchSettings(
        Set<String> sections,
        boolean quick,
        int warmupRegistrations,
        int registrationsPerLevel,
        List<Integer> clientLevels,
        int endToEndSamples,
        int ingestEvents,
        int upgradeRuns,
        int parallelUpgrades,
        String simulatedLatency,
        Duration slowLatency,
        int slowClusters,
        int slowTimeoutSeconds,
        int waveClusters,
        int waveClients,
        int waveTimeoutSeconds,
        int waveCheckClusters,
        int rebuildEvents,
        int recoveryTailEvents,
        int rebuildTimeoutSeconds,
        int bigNodes,
        String bigMaxUnavailable,
        String bigStrategy,
        int bigTimeoutSeconds,
        int limitSeconds,
        Optional<Path> dataFolder,
        boolean keepData,
        List<String> serviceJvmOptions,
        Path reportFolder,
        String note) {

    /** Every section that can be chosen or skipped, in the order they run. */
    static final List<String> SECTIONS = List.of("limits", "commands", "e2e", "ingest", "upgrades", "wave",
            "scaleout", "fleet", "rebuild", "slow", "big");

    /**
     * The services' JVM options in the benchmark: the local stack's memory bounds, but with both JIT compilers (the
     * local stack's {@code -XX:TieredStopAtLevel=1} stops at C1, which starts faster but runs slower).
     */
    static final List<String> DEFAULT_JVM_OPTIONS = ServiceProcess.MEMORY_BOUNDED_JVM_OPTIONS;

    static final String USAGE = String.join(System.lineSeparator(),
            "Usage: bench/run [--quick | --large]",
            "",
            "Starts PostgreSQL, Kafka and the three services on free ports in a temporary folder, measures the servers'",
            "own limits, then the ledger beside them, prints a report and writes it to bench/target/bench-report.{json,md}.",
            "--quick: every section small (a smoke run, a few minutes); --large: the counts of sections 2-5 x5.",
            "",
            "Settings (environment variables, or -D system properties of the same name):",
            "  LEDGER_BENCH_SECTIONS            sections to run, comma-separated (default all): " + String.join(",",
                    SECTIONS),
            "  LEDGER_BENCH_SKIP                sections to leave out, comma-separated (e.g. rebuild,big)",
            "  LEDGER_BENCH_LIMIT_SECONDS       seconds per limit probe (PostgreSQL, Kafka; default 3, quick 1)",
            "  LEDGER_BENCH_WARMUP              registrations before anything is measured (default 100)",
            "  LEDGER_BENCH_REGISTRATIONS       registrations per client level (default 300)",
            "  LEDGER_BENCH_CLIENTS             concurrent client levels (default 1,4,16)",
            "  LEDGER_BENCH_E2E_SAMPLES         registration -> projection samples (default 100)",
            "  LEDGER_BENCH_INGEST_EVENTS       synthetic envelopes for the projection, rounded up to whole",
            "                                   clusters of 22 events (default 3000)",
            "  LEDGER_BENCH_UPGRADE_RUNS        6-node rolling upgrades one after another, 20 ms actions (default 3)",
            "  LEDGER_BENCH_PARALLEL_UPGRADES   clusters upgrading at once, 20 ms actions (default 10)",
            "  LEDGER_BENCH_SIMULATED_LATENCY   the simulated driver's time per action outside the 'slow' section",
            "                                   (default LEDGER_SIMULATED_LATENCY, else 20ms)",
            "  LEDGER_BENCH_SLOW_LATENCY        the 'slow' section's time per action (default 2s, quick 250ms);",
            "                                   the executor is restarted with it, and back, around the section",
            "  LEDGER_BENCH_SLOW_CLUSTERS       clusters upgrading at once in the 'slow' section (default 6)",
            "  LEDGER_BENCH_SLOW_TIMEOUT        seconds each 'slow' measurement may take (default 300)",
            "  LEDGER_BENCH_WAVE_CLUSTERS       6-node clusters upgraded at once in the wave (default 1000, quick 20)",
            "  LEDGER_BENCH_WAVE_CLIENTS        concurrent upgrade requests of the wave (default 32)",
            "  LEDGER_BENCH_WAVE_TIMEOUT        seconds the wave (and the scale-out wave) may take (default 300)",
            "  LEDGER_BENCH_WAVE_CHECK          clusters whose simulated fleet is checked over the executor's API",
            "                                   (default all; a number checks that many, spread over the wave)",
            "  LEDGER_BENCH_FLEET_CLUSTERS      6-node clusters of the fleet upgrade (default 1000, quick 20)",
            "  LEDGER_BENCH_FLEET_CANARY        its canary wave's clusters (default 1)",
            "  LEDGER_BENCH_FLEET_WAVE_SIZE     each later wave: a count or a percentage (default 20%)",
            "  LEDGER_BENCH_FLEET_MAX_CONCURRENT clusters upgrading at once (default 200)",
            "  LEDGER_BENCH_FLEET_TIMEOUT       seconds the fleet may take, then it is aborted (default 300, quick 120)",
            "  LEDGER_BENCH_REBUILD_EVENTS      synthetic events on ledger.events before the FULL rebuild",
            "                                   (default 1000000, quick 20000)",
            "  LEDGER_BENCH_RECOVERY_TAIL       events produced after a snapshot, replayed by the recovery",
            "                                   (default 2% of the rebuild's events; 0 skips the recovery)",
            "  LEDGER_BENCH_REBUILD_TIMEOUT     seconds each rebuild phase may take (default 300)",
            "  LEDGER_BENCH_BIG_NODES           nodes of the one big upgrade (default 10000, quick 1000)",
            "  LEDGER_BENCH_BIG_STRATEGY        its strategy: ROLLING, OFFLINE or REJOIN (default ROLLING)",
            "  LEDGER_BENCH_BIG_MAX_UNAVAILABLE its maxUnavailable (default 10%)",
            "  LEDGER_BENCH_BIG_TIMEOUT         seconds it may take (default 900, quick 120; 10,000 nodes took",
            "                                   432 s on the quiet 2-core machine)",
            "  LEDGER_BENCH_READY_SECONDS       how long each service may take to start (default 240)",
            "  LEDGER_BENCH_DATA                data folder (default: a new temporary folder, deleted afterwards)",
            "  LEDGER_BENCH_KEEP_DATA=1         keep the data folder",
            "  LEDGER_BENCH_JVM_OPTIONS         the services' JVM options (default " + String.join(" ",
                    DEFAULT_JVM_OPTIONS) + ";",
            "                                   the local stack adds -XX:TieredStopAtLevel=1)",
            "  LEDGER_BENCH_REPORT_DIR          where the report files go (default bench/target)",
            "  LEDGER_BENCH_NOTE                a sentence printed in the report (e.g. what else the machine ran)");

    static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message);
        }
    }

    static BenchSettings resolve(List<String> args, Function<String, String> settings, Path workingDir) {
        int scale = 1;
        boolean quick = false;
        for (String arg : args) {
            if (arg.equals("--large")) {
                scale = 5;
            } else if (arg.equals("--quick")) {
                quick = true;
            } else {
                throw new Invalid("Unknown argument: " + arg + System.lineSeparator() + USAGE);
            }
        }
        if (quick && scale > 1) {
            throw new Invalid("--quick and --large do not go together");
        }
        int rebuildEvents = count(settings, "LEDGER_BENCH_REBUILD_EVENTS", quick ? 20_000 : 1_000_000);
        return new BenchSettings(
                sections(settings.apply("LEDGER_BENCH_SECTIONS"), settings.apply("LEDGER_BENCH_SKIP")),
                quick,
                count(settings, "LEDGER_BENCH_WARMUP", quick ? 30 : 100 * scale),
                count(settings, "LEDGER_BENCH_REGISTRATIONS", quick ? 50 : 300 * scale),
                levels(settings.apply("LEDGER_BENCH_CLIENTS"), quick ? List.of(1, 4) : List.of(1, 4, 16)),
                count(settings, "LEDGER_BENCH_E2E_SAMPLES", quick ? 20 : 100 * scale),
                count(settings, "LEDGER_BENCH_INGEST_EVENTS", quick ? 500 : 3000 * scale),
                count(settings, "LEDGER_BENCH_UPGRADE_RUNS", quick ? 1 : 3 * scale),
                count(settings, "LEDGER_BENCH_PARALLEL_UPGRADES", quick ? 3 : 10 * scale),
                text(settings, "LEDGER_BENCH_SIMULATED_LATENCY")
                        .or(() -> text(settings, "LEDGER_SIMULATED_LATENCY")).orElse("20ms"),
                duration(settings, "LEDGER_BENCH_SLOW_LATENCY", quick ? Duration.ofMillis(250) : Duration.ofSeconds(2)),
                count(settings, "LEDGER_BENCH_SLOW_CLUSTERS", 6),
                count(settings, "LEDGER_BENCH_SLOW_TIMEOUT", quick ? 120 : 300),
                count(settings, "LEDGER_BENCH_WAVE_CLUSTERS", quick ? 20 : 1000),
                count(settings, "LEDGER_BENCH_WAVE_CLIENTS", quick ? 8 : 32),
                count(settings, "LEDGER_BENCH_WAVE_TIMEOUT", quick ? 120 : 300),
                text(settings, "LEDGER_BENCH_WAVE_CHECK").filter(value -> !value.equalsIgnoreCase("all")).isPresent()
                        ? count(settings, "LEDGER_BENCH_WAVE_CHECK", 0) : Integer.MAX_VALUE,
                rebuildEvents,
                count0(settings, "LEDGER_BENCH_RECOVERY_TAIL", Math.max(1, rebuildEvents / 50)),
                count(settings, "LEDGER_BENCH_REBUILD_TIMEOUT", quick ? 120 : 300),
                count(settings, "LEDGER_BENCH_BIG_NODES", quick ? 1000 : 10_000),
                text(settings, "LEDGER_BENCH_BIG_MAX_UNAVAILABLE").orElse("10%"),
                bigStrategy(text(settings, "LEDGER_BENCH_BIG_STRATEGY").orElse("ROLLING")),
                count(settings, "LEDGER_BENCH_BIG_TIMEOUT", quick ? 120 : 900),
                count(settings, "LEDGER_BENCH_LIMIT_SECONDS", quick ? 1 : 3),
                text(settings, "LEDGER_BENCH_DATA").map(workingDir::resolve),
                text(settings, "LEDGER_BENCH_KEEP_DATA").map(value -> value.equals("1") || value.equals("true"))
                        .orElse(false),
                text(settings, "LEDGER_BENCH_JVM_OPTIONS").map(value -> List.of(value.split("\\s+")))
                        .orElse(DEFAULT_JVM_OPTIONS),
                workingDir.resolve(text(settings, "LEDGER_BENCH_REPORT_DIR").orElse("bench/target")),
                text(settings, "LEDGER_BENCH_NOTE").orElse(""));
    }

    boolean runs(String section) {
        return sections.contains(section);
    }

    Map<String, Object> describe() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("sections", String.join(",", sections));
        map.put("quick", quick);
        map.put("warmupRegistrations", warmupRegistrations);
        map.put("registrationsPerLevel", registrationsPerLevel);
        map.put("clientLevels", clientLevels);
        map.put("endToEndSamples", endToEndSamples);
        map.put("ingestEvents", ingestEvents);
        map.put("upgradeRuns", upgradeRuns);
        map.put("parallelUpgrades", parallelUpgrades);
        map.put("simulatedLatency", simulatedLatency);
        map.put("slowLatency", slowLatency.toString());
        map.put("slowClusters", slowClusters);
        map.put("waveClusters", waveClusters);
        map.put("waveClients", waveClients);
        map.put("waveTimeoutSeconds", waveTimeoutSeconds);
        map.put("waveCheckClusters", waveCheckClusters == Integer.MAX_VALUE ? "all" : waveCheckClusters);
        map.put("rebuildEvents", rebuildEvents);
        map.put("recoveryTailEvents", recoveryTailEvents);
        map.put("rebuildTimeoutSeconds", rebuildTimeoutSeconds);
        map.put("bigNodes", bigNodes);
        map.put("bigMaxUnavailable", bigMaxUnavailable);
        map.put("bigStrategy", bigStrategy);
        map.put("bigTimeoutSeconds", bigTimeoutSeconds);
        map.put("limitSeconds", limitSeconds);
        map.put("serviceJvmOptions", String.join(" ", serviceJvmOptions));
        return map;
    }

    /** The sections to run: all, or those listed, less those skipped; unknown names are refused. */
    static Set<String> sections(String only, String skip) {
        Set<String> chosen = new LinkedHashSet<>();
        List<String> listed = names(only, "LEDGER_BENCH_SECTIONS");
        List<String> skipped = names(skip, "LEDGER_BENCH_SKIP");
        for (String section : SECTIONS) {
            if ((listed.isEmpty() || listed.contains(section)) && !skipped.contains(section)) {
                chosen.add(section);
            }
        }
        return chosen;
    }

    private static List<String> names(String value, String setting) {
        if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("all")) {
            return List.of();
        }
        List<String> names = Arrays.stream(value.split(",")).map(String::trim).map(name -> name.toLowerCase(Locale.ROOT))
                .filter(name -> !name.isEmpty()).toList();
        for (String name : names) {
            if (!SECTIONS.contains(name)) {
                throw new Invalid(setting + ": unknown section '" + name + "'; the sections are " + SECTIONS);
            }
        }
        return names;
    }

    /**
     * The big section's strategy: one that upgrades every node of one cluster on its own (in batches, all at once, or
     * one peer after another); the others need a second cluster or an earlier export.
     */
    static String bigStrategy(String value) {
        String strategy = value.toUpperCase(Locale.ROOT);
        if (!List.of("ROLLING", "OFFLINE", "REJOIN").contains(strategy)) {
            throw new Invalid("LEDGER_BENCH_BIG_STRATEGY must be ROLLING, OFFLINE or REJOIN, was " + value);
        }
        return strategy;
    }

    /** A whole number of at least 1 from {@code name}, or {@code defaultValue} when unset. */
    static int count(Function<String, String> settings, String name, int defaultValue) {
        return number(settings, name, defaultValue, 1);
    }

    private static int count0(Function<String, String> settings, String name, int defaultValue) {
        return number(settings, name, defaultValue, 0);
    }

    private static int number(Function<String, String> settings, String name, int defaultValue, int minimum) {
        Optional<String> value = text(settings, name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.get().replace("_", ""));
            if (parsed >= minimum) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new Invalid(name + " must be a whole number of at least " + minimum + ", not '" + value.get() + "'");
    }

    /** A duration as Spring writes them: {@code 20ms}, {@code 2s}, {@code 1m}. */
    static Duration parseDuration(String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            }
            if (text.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(text.substring(0, text.length() - 1)) * 1000));
            }
            if (text.endsWith("m")) {
                return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)) * 60);
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new Invalid("not a duration (e.g. 20ms, 2s): '" + value + "'");
    }

    /** Spring's form of a duration, for the executor's environment. */
    static String springDuration(Duration duration) {
        return duration.toMillis() + "ms";
    }

    private static Duration duration(Function<String, String> settings, String name, Duration defaultValue) {
        return text(settings, name).map(BenchSettings::parseDuration).orElse(defaultValue);
    }

    static List<Integer> levels(String value) {
        return levels(value, List.of(1, 4, 16));
    }

    static List<Integer> levels(String value, List<Integer> defaults) {
        if (value == null || value.isBlank()) {
            return defaults;
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

    static Optional<String> text(Function<String, String> settings, String name) {
        return Optional.ofNullable(settings.apply(name)).map(String::trim).filter(value -> !value.isEmpty());
    }
}
