package dev.upgradeledger.bench;

import dev.upgradeledger.local.ServiceProcess;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Runs the benchmark: measures the machine, starts the system, warms it up, measures each workload and the services'
 * memory, prints every section as it is done, and writes the report. Run it with {@code bench/run}; {@code --help}
 * lists the settings.
 */
public final class LedgerBench {

    private final BenchSettings settings;
    private final Path repositoryRoot;
    private final PrintStream out;
    private final Report report;
    private final String run = Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36, 36 * 36 * 36 * 36),
            36);

    LedgerBench(BenchSettings settings, Path repositoryRoot, PrintStream out) {
        this.settings = settings;
        this.repositoryRoot = repositoryRoot;
        this.out = out;
        this.report = new Report(out);
    }

    public static void main(String[] args) throws Exception {
        // The JDK's HTTP client keeps idle connections for 20 minutes by default, the services' Tomcat closes them
        // after 60 s: a request on such a connection fails ("header parser received no bytes"). Drop them sooner.
        if (System.getProperty("jdk.httpclient.keepalive.timeout") == null) {
            System.setProperty("jdk.httpclient.keepalive.timeout", "20");
        }
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(BenchSettings.USAGE);
            return;
        }
        Path workingDir = Path.of("").toAbsolutePath();
        BenchSettings settings;
        try {
            settings = BenchSettings.resolve(List.of(args),
                    name -> System.getProperty(name, System.getenv(name)), workingDir);
        } catch (BenchSettings.Invalid e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        new LedgerBench(settings, workingDir, System.out).run();
        // Kafka client and HTTP client threads must not keep the JVM alive.
        System.exit(0);
    }

    void run() throws Exception {
        boolean temporary = settings.dataFolder().isEmpty();
        Path home = settings.dataFolder().orElse(Files.createTempDirectory("ledger-bench-"));
        Files.createDirectories(home);
        report.header("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        report.header("commit", gitCommit());
        report.header("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        report.header("settings", settings.describe());
        report.header("simulated driver latency", settings.simulatedLatency() + " (section 'slow': "
                + settings.slowLatency().toMillis() + " ms)");
        if (!settings.note().isEmpty()) {
            report.header("note", settings.note());
        }
        report.header("caveat", "figures of this run on this machine only; every service, PostgreSQL, Kafka and"
                + " this harness share its cores");
        report.printHeader();

        Report.Section machine = report.section("machine", "1. Machine and server limits (measured in this run)");
        Limits machineLimits = MachineProbe.measure(machine, home);

        BenchStack stack = new BenchStack(home, out);
        Thread stopOnExit = new Thread(stack::close, "ledger-bench-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        long started = System.nanoTime();
        try {
            stack.startInfrastructure();
            Map<String, String> postgres = stack.postgresSettings();
            machine.row("PostgreSQL settings", postgres.toString()).data("postgres", postgres);
            Limits limits = Limits.NONE;
            if (settings.runs("limits")) {
                out.println("  measuring PostgreSQL's and Kafka's own limits (services not started yet) ...");
                limits = new ServerLimits(stack.jdbcUrl(), stack.jdbcUser(), stack.jdbcPassword(),
                        stack.kafkaBootstrapServers(), settings.limitSeconds()).measure(machine);
            }
            limits = limits.withMachine(machineLimits.sha256MBps(), machineLimits.fsyncPerSecond());
            report.print(machine);
            stack.startServices(repositoryRoot, settings.serviceJvmOptions(), settings.simulatedLatency());
            measure(stack, machine, limits);
        } finally {
            stack.close();
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook stops the stack (close is idempotent)
            }
            copyLogs(home.resolve("logs"), settings.reportFolder().resolve("bench-logs"));
            if (temporary && !settings.keepData()) {
                deleteTree(home);
            }
            report.header("wall time", BenchStack.seconds(System.nanoTime() - started));
            // also when a section failed: what was measured until then
            report.write(settings.reportFolder());
        }
        out.println();
        out.println("Report: " + settings.reportFolder().resolve("bench-report.md") + " and bench-report.json;"
                + " service logs in " + settings.reportFolder().resolve("bench-logs"));
    }

    private void measure(BenchStack stack, Report.Section machine, Limits limits) throws Exception {
        LedgerApi api = new LedgerApi(stack.service("command-api").baseUrl(), stack.service("projection").baseUrl(),
                stack.service("executor").baseUrl());
        Workloads workloads = new Workloads(api, run);
        ProjectionIngest ingest = new ProjectionIngest(stack.kafkaBootstrapServers(), api,
                stack.service("projection").baseUrl());
        MemoryProbe memory = new MemoryProbe(api);
        MemoryTracker tracker = new MemoryTracker(stack, memory);
        Database database = new Database(stack.jdbcUrl(), stack.jdbcUser(), stack.jdbcPassword());
        BenchContext context = new BenchContext(settings, stack, api, workloads, ingest, database, limits, report,
                tracker, out, run);
        Duration latency = context.fastLatency();

        out.println();
        out.printf("Warming up: %d registrations with 4 clients, 20 registration->projection round trips, one rolling"
                        + " upgrade, %d synthetic events ...%n", settings.warmupRegistrations(),
                ProjectionIngest.EVENTS_PER_CLUSTER * 5);
        long warm = System.nanoTime();
        Workloads.Registrations warmup = workloads.registrations(4, settings.warmupRegistrations(), "warm");
        workloads.registrationToProjection(20, "warm");
        Workloads.Upgrade warmUpgrade = workloads.rollingUpgrade("warmup");
        ingest.run(ProjectionIngest.EVENTS_PER_CLUSTER * 5, "ingwarm-" + run);
        out.printf("  done in %s (warm-up registrations: %s/s, failures %s; warm-up upgrade %s in %s)%n",
                BenchStack.seconds(System.nanoTime() - warm), Report.number(warmup.perSecond()), warmup.failures(),
                warmUpgrade.status(), BenchStack.seconds(warmUpgrade.nanos()));

        Map<String, Object> memoryAfterWarmup = memorySnapshot(stack, memory);
        Report.Section memorySection = report.section("memory", "11. Memory of each service");
        tracker.after("warm-up", memorySection);

        if (settings.runs("commands")) {
            commandThroughput(workloads, limits);
        }
        if (settings.runs("e2e")) {
            endToEnd(stack, workloads, limits);
        }
        if (settings.runs("ingest")) {
            projectionIngest(ingest, limits);
        }
        if (settings.runs("upgrades")) {
            upgrades(stack, api, workloads, limits, latency);
            tracker.after("20 ms upgrades", memorySection);
        }
        WaveSection.Outcome firstWave = null;
        if (settings.runs("wave")) {
            Report.Section wave = report.section("wave", "6. Wave: " + settings.waveClusters()
                    + " clusters x 6 nodes, rolling upgrades requested at once, " + latency.toMillis()
                    + " ms actions");
            firstWave = runSection(wave, () -> new WaveSection(context).run(wave, "wave"));
        }
        if (settings.runs("scaleout")) {
            Report.Section scale = report.section("scaleout", "7. Scale-out: the wave again with two executors and two"
                    + " projections");
            WaveSection.Outcome before = firstWave;
            runSection(scale, () -> scaleOut(context, scale, before));
        }
        if (settings.runs("fleet")) {
            FleetSection.Settings fleet = FleetSection.Settings.resolve(System::getenv, settings.quick());
            Report.Section section = report.section("fleet", "7b. Fleet upgrade: " + fleet.clusters()
                    + " clusters x 6 nodes in waves (canary " + fleet.canary() + ", waves of " + fleet.waveSize()
                    + ", at most " + fleet.maxConcurrent() + " at once), " + latency.toMillis() + " ms actions");
            WaveSection.Outcome oneByOne = firstWave;
            runSection(section, () -> {
                new FleetSection(context, fleet).run(section, oneByOne);
                return null;
            });
        }
        if (settings.runs("rebuild")) {
            Report.Section rebuild = report.section("rebuild", "8. Projection replay: " + settings.rebuildEvents()
                    + " synthetic events, live ingest, snapshot + recovery, FULL rebuild");
            runSection(rebuild, () -> {
                new RebuildSection(context).run(rebuild);
                return null;
            });
        }
        if (settings.runs("slow")) {
            Report.Section slow = report.section("slow", "9. Actions of " + settings.slowLatency().toMillis()
                    + " ms: rolling upgrades beside their critical path");
            runSection(slow, () -> {
                new SlowSection(context).run(slow);
                return null;
            });
        }
        if (settings.runs("big")) {
            Report.Section big = report.section("big", "10. One " + settings.bigNodes() + "-node "
                    + settings.bigStrategy() + " upgrade, maxUnavailable " + settings.bigMaxUnavailable() + ", "
                    + latency.toMillis() + " ms actions");
            runSection(big, () -> {
                new BigSection(context).run(big);
                return null;
            });
        }

        Map<String, Object> memoryAfterLoad = memorySnapshot(stack, memory);
        for (String service : BenchStack.SERVICES) {
            memorySection.row(service + " after warm-up", ((MemoryProbe.Memory) memoryAfterWarmup.get(service))
                    .describe());
            Object after = memoryAfterLoad.get(service);
            memorySection.row(service + " at the end", after instanceof MemoryProbe.Memory described
                    ? described.describe() : String.valueOf(after));
        }
        memorySection.row("Kafka broker RSS", "after warm-up " + Report.mib((long) memoryAfterWarmup.get("kafka"))
                + ", at the end " + Report.mib((long) memoryAfterLoad.get("kafka")));
        tracker.summarize(memorySection);
        memorySection.data("afterWarmup", toData(memoryAfterWarmup)).data("atEnd", toData(memoryAfterLoad))
                .note("service JVM options: " + String.join(" ", settings.serviceJvmOptions()) + "; heap used includes"
                        + " garbage not yet collected, 'live after last full GC' is Micrometer's jvm.gc.live.data.size"
                        + " (0 until a full collection ran)");
        report.print(memorySection);

        String loadAtEnd = MachineProbe.loadAverage();
        machine.row("load average (1/5/15 min) at end", loadAtEnd).data("loadAverageAtEnd", loadAtEnd);
        out.println();
        out.println("Load average at end: " + loadAtEnd);
    }

    /** A section's work; a failure is reported in the section and the run goes on with the next one. */
    @FunctionalInterface
    private interface SectionWork<T> {
        T run() throws Exception;
    }

    private <T> T runSection(Report.Section section, SectionWork<T> work) {
        out.println();
        out.println("Running: " + section.title() + " ...");
        long begin = System.nanoTime();
        T result = null;
        try {
            result = work.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            section.row("INTERRUPTED", e.toString());
        } catch (Exception | Error e) {
            section.row("FAILED", e.toString());
            e.printStackTrace(out);
        }
        section.row("section took", BenchStack.seconds(System.nanoTime() - begin)).data("sectionSeconds",
                Report.round((System.nanoTime() - begin) / 1e9));
        report.print(section);
        return result;
    }

    private WaveSection.Outcome scaleOut(BenchContext context, Report.Section section, WaveSection.Outcome before)
            throws Exception {
        BenchStack stack = context.stack();
        WaveSection.Outcome after;
        try (KafkaAdmin kafka = new KafkaAdmin(stack.kafkaBootstrapServers())) {
            // each instance has as many members in its group as listener threads: the second doubles them
            int executorMembers = 2 * kafka.members("executor");
            int projectionMembers = 2 * kafka.members("projection");
            double executor2 = stack.startInstance("executor-2", "executor",
                    Map.of("LEDGER_SIMULATED_LATENCY", settings.simulatedLatency()));
            double projection2 = stack.startInstance("projection-2", "projection",
                    Map.of("LEDGER_DATA_DIR", stack.home().resolve("projection-2").toString()));
            String executors = kafka.awaitGroup("executor", executorMembers, 60_000_000_000L);
            String projections = kafka.awaitGroup("projection", projectionMembers, 60_000_000_000L);
            section.row("second instances", String.format(Locale.ROOT, "executor-2 ready in %s s, projection-2 in %s s"
                            + " (same consumer groups; consumer group 'executor': %s, 'projection': %s)",
                    Report.number(executor2), Report.number(projection2), executors, projections));
            after = new WaveSection(context).run(section, "wave2");
        } finally {
            stack.stopInstance("executor-2");
            stack.stopInstance("projection-2");
        }
        if (before != null) {
            section.rowVs("what the second instances add", String.format(Locale.ROOT,
                            "wall time %s s -> %s s; steps/s %s -> %s; events/s %s -> %s",
                            Report.number(before.wallSeconds()), Report.number(after.wallSeconds()),
                            Report.number(before.stepsPerSecond()), Report.number(after.stepsPerSecond()),
                            Report.number(before.eventsPerSecond()), Report.number(after.eventsPerSecond())),
                    Ratio.of(after.stepsPerSecond(), before.stepsPerSecond(), "steps/s with one of each"))
                    .data("stepsPerSecondVsOneInstance", Ratio.data(after.stepsPerSecond(), before.stepsPerSecond()));
        } else {
            section.row("what the second instances add", "the first wave did not run (section 'wave'), nothing to"
                    + " compare with");
        }
        section.note("executor-2 and projection-2 run the same jars on ports of their own, in the consumer groups"
                + " 'executor' and 'projection' (partitions shared among the instances' listener threads); they are"
                + " stopped after this section; command-api stays one instance");
        return after;
    }

    private void commandThroughput(Workloads workloads, Limits limits) throws InterruptedException {
        Report.Section commands = report.section("commandThroughput",
                "2. Command throughput: POST /api/v1/clusters (3-node clusters), closed loop");
        List<Object> levels = new ArrayList<>();
        for (int clients : settings.clientLevels()) {
            Workloads.Registrations level = workloads.registrations(clients, settings.registrationsPerLevel(), "reg");
            Stats stats = Stats.ofNanos(level.latencies());
            commands.rowVs(clients + (clients == 1 ? " client" : " clients"), String.format(Locale.ROOT,
                    "%s registrations/s; latency %s%s", Report.number(level.perSecond()), stats.describe(),
                    level.failures().isEmpty() ? "" : "; not 201: " + new TreeMap<>(level.failures())),
                    Ratio.of(level.perSecond(), limits.pgCommitsFor(clients), limits.pgCommitsLabel(clients))
                            + "; p50 = " + Ratio.of(stats.p50Ms(), limits.pgCommitMs(),
                            "one PG single-row commit, ms"));
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("clients", clients);
            data.put("requests", level.count());
            data.put("wallSeconds", Report.round(level.wallNanos() / 1e9));
            data.put("perSecond", Report.round(level.perSecond()));
            data.put("perSecondVsPgCommits", Ratio.data(level.perSecond(), limits.pgCommitsFor(clients)));
            data.put("latency", stats.toMap());
            data.put("failuresByStatus", level.failures());
            levels.add(data);
        }
        commands.data("levels", levels)
                .note("each client sends its next request when the previous one is answered; registrations/s ="
                        + " answered 201s / wall time of the level; 1 client is set beside PostgreSQL's single-row"
                        + " commits with 1 client, more beside those with 8");
        report.print(commands);
    }

    private void endToEnd(BenchStack stack, Workloads workloads, Limits limits) throws Exception {
        Report.Section endToEnd = report.section("endToEnd", "3. End to end: registration -> projection");
        Workloads.EndToEnd e2e;
        List<PublishLagProbe.Sample> lags;
        try (PublishLagProbe lag = new PublishLagProbe(stack.kafkaBootstrapServers(), "e2e-" + run + "-")) {
            e2e = workloads.registrationToProjection(settings.endToEndSamples(), "e2e");
            Thread.sleep(1_000);
            lags = lag.samples(type -> true);
        }
        List<Long> toProducer = lags.stream().map(PublishLagProbe.Sample::toProducer).toList();
        List<Long> toConsumer = lags.stream().map(PublishLagProbe.Sample::toConsumer).toList();
        Stats post = Stats.ofNanos(e2e.post());
        Stats visible = Stats.ofNanos(e2e.visible());
        Stats producer = Stats.ofNanos(toProducer);
        Stats consumer = Stats.ofNanos(toConsumer);
        endToEnd.rowVs("POST answered (201)", post.describe(), "p50 = " + Ratio.of(post.p50Ms(), limits.pgCommitMs(),
                        "one PG single-row commit, ms"))
                .rowVs("visible in projection GET", visible.describe(), "p50 = " + Ratio.of(visible.p50Ms(),
                        limits.kafkaSendP50Ms(), "Kafka send -> ack p50, ms"))
                .rowVs("event timestamp -> record create time", producer.describe(), "p50 = "
                        + Ratio.of(producer.p50Ms(), limits.kafkaSendP50Ms(), "Kafka send -> ack p50, ms"))
                .rowVs("event timestamp -> received by a consumer", consumer.describe(), "p50 = "
                        + Ratio.of(consumer.p50Ms(), limits.kafkaSendP50Ms(), "Kafka send -> ack p50, ms"))
                .data("post", post.toMap()).data("visibleInProjection", visible.toMap())
                .data("eventToProducerSend", producer.toMap()).data("eventToConsumerReceipt", consumer.toMap())
                .data("failures", e2e.failures())
                .note("one registration at a time; the projection's GET /api/v1/clusters/{id} is polled every 2 ms, so"
                        + " 'visible' is late by up to ~2 ms plus one GET")
                .note("publish lag: the envelope's timestamp is set when command-api creates the event, before its"
                        + " transaction commits; the record's create time is set when the publisher hands it to the"
                        + " producer (1 ms resolution); the consumer is the harness's own (fetch.max.wait 50 ms)");
        report.print(endToEnd);
    }

    private void projectionIngest(ProjectionIngest ingest, Limits limits) throws Exception {
        Report.Section projection = report.section("projectionIngest",
                "4. Projection ingest: synthetic envelopes produced straight to ledger.events");
        ProjectionIngest.Result ingested = ingest.run(settings.ingestEvents(), "ing-" + run);
        double producedPerSecond = Stats.perSecond(ingested.events(), ingested.produceNanos());
        double appliedPerSecond = Stats.perSecond((long) ingested.applied(), ingested.applyNanos());
        projection.row("events", String.format(Locale.ROOT, "%d (%d clusters x %d: a finished 6-node rolling"
                        + " upgrade each)", ingested.events(), ingested.clusters(),
                        ProjectionIngest.EVENTS_PER_CLUSTER))
                .rowVs("produced (acks=all)", String.format(Locale.ROOT, "%s s, %s events/s",
                        Report.number(ingested.produceNanos() / 1e9), Report.number(producedPerSecond)),
                        Ratio.of(producedPerSecond, limits.kafkaProduce(), "Kafka produce records/s"))
                .rowVs("applied by the projection", String.format(Locale.ROOT, "%s s from the first send, %s events/s%s",
                        Report.number(ingested.applyNanos() / 1e9), Report.number(appliedPerSecond),
                        ingested.complete() ? "" : " (INCOMPLETE: " + (long) ingested.applied() + " applied)"),
                        Ratio.of(appliedPerSecond, limits.kafkaConsume(), "Kafka consume records/s") + "; "
                                + Ratio.of(appliedPerSecond, limits.pgBatchRows1(), "PG 100-row batch insert rows/s")
                                + "; " + Ratio.of(appliedPerSecond, limits.pgCommits1(),
                                "PG single-row commits/s, 1 client"))
                .row("skipped as duplicates", Long.toString((long) ingested.duplicates()))
                .data("events", ingested.events()).data("clusters", ingested.clusters())
                .data("produceSeconds", Report.round(ingested.produceNanos() / 1e9))
                .data("producedPerSecond", Report.round(producedPerSecond))
                .data("applySeconds", Report.round(ingested.applyNanos() / 1e9))
                .data("appliedPerSecond", Report.round(appliedPerSecond))
                .data("appliedVsKafkaConsume", Ratio.data(appliedPerSecond, limits.kafkaConsume()))
                .data("appliedVsPgBatchRows", Ratio.data(appliedPerSecond, limits.pgBatchRows1()))
                .data("complete", ingested.complete())
                .data("duplicates", (long) ingested.duplicates())
                .note("done = the projection's ledger_projection_events_total{outcome=\"applied\"} grew by the number"
                        + " produced (polled every 50 ms); the executor consumes the same records at the same time");
        report.print(projection);
    }

    private void upgrades(BenchStack stack, LedgerApi api, Workloads workloads, Limits limits, Duration latency)
            throws Exception {
        Report.Section upgrades = report.section("upgrades", "5. Actions of " + latency.toMillis()
                + " ms: 6-node ROLLING upgrades, 33% at a time");
        List<Long> sequential = new ArrayList<>();
        List<String> outcomes = new ArrayList<>();
        StepTimeline steps = new StepTimeline();
        long events = 0;
        PlanShape plan = PlanShape.UNKNOWN;
        List<PublishLagProbe.Sample> stepStartedLag;
        List<PublishLagProbe.Sample> otherLag;
        try (PublishLagProbe lag = new PublishLagProbe(stack.kafkaBootstrapServers(), "upg-" + run + "-")) {
            for (int i = 0; i < settings.upgradeRuns(); i++) {
                Workloads.Upgrade upgrade = workloads.rollingUpgrade("upg");
                sequential.add(upgrade.nanos());
                outcomes.add(upgrade.status());
                events = upgrade.events();
                plan = upgrade.plan();
                steps.add(api, upgrade.clusterId());
            }
            Thread.sleep(1_000);
            stepStartedLag = lag.samples(type -> type.equals("StepStarted"));
            otherLag = lag.samples(type -> !type.equals("StepStarted") && !type.equals("ClusterRegistered")
                    && !type.equals("ReleaseCatalogDeclared"));
        }
        Stats one = Stats.ofNanos(sequential);
        double critical = plan.criticalPath(latency).toMillis();
        upgrades.rowVs("one at a time, request -> COMPLETED", String.format(Locale.ROOT,
                                "%s; outcomes %s; %d events per cluster history; plan: %s", one.describe(), outcomes,
                                events, plan.describe(latency)),
                        "p50 = " + Ratio.of(one.p50Ms(), critical, "the critical path, ms"))
                .data("sequential", one.toMap()).data("sequentialOutcomes", outcomes)
                .data("eventsPerClusterHistory", events).data("plan", plan.toMap(latency))
                .data("sequentialP50VsCriticalPath", Ratio.data(one.p50Ms(), critical));
        Map<String, Object> stepData = new LinkedHashMap<>();
        for (Map.Entry<String, List<Long>> part : List.of(
                Map.entry("step: StepStarted -> next fact", steps.wholeStep),
                Map.entry("  StepStarted -> executor starts acting", steps.toExecutor),
                Map.entry("    StepStarted timestamp -> record create time", stepStartedLag.stream()
                        .map(PublishLagProbe.Sample::toProducer).toList()),
                Map.entry("    StepStarted timestamp -> received by a consumer", stepStartedLag.stream()
                        .map(PublishLagProbe.Sample::toConsumer).toList()),
                Map.entry("  executor acting (driver + outcome stored)", steps.action),
                Map.entry("  executor done -> fact recorded", steps.reportToFact),
                Map.entry("  fact -> next StepStarted", steps.factToNextStep),
                Map.entry("other upgrade events: timestamp -> record create time", otherLag.stream()
                        .map(PublishLagProbe.Sample::toProducer).toList()))) {
            Stats stats = Stats.ofNanos(part.getValue());
            if (part.getKey().startsWith("step:")) {
                upgrades.rowVs(part.getKey(), stats.describe(), "p50 = " + Ratio.of(stats.p50Ms(),
                        latency.toMillis(), "the action's own latency, ms"));
            } else {
                upgrades.row(part.getKey(), stats.describe());
            }
            stepData.put(part.getKey().trim(), stats.toMap());
        }
        upgrades.data("stepBreakdown", stepData);
        Workloads.ParallelUpgrades parallel = workloads.parallelRollingUpgrades(settings.parallelUpgrades(), "par");
        Stats each = Stats.ofNanos(parallel.upgrades().stream().map(Workloads.Upgrade::nanos).toList());
        Map<String, Long> parallelOutcomes = new TreeMap<>();
        parallel.upgrades().forEach(upgrade -> parallelOutcomes.merge(upgrade.status(), 1L, Long::sum));
        long parallelEvents = parallel.upgrades().stream().mapToLong(Workloads.Upgrade::events).sum();
        upgrades.rowVs(settings.parallelUpgrades() + " clusters at once", String.format(Locale.ROOT,
                                "all done in %s s; each %s; outcomes %s%s", Report.number(parallel.wallNanos() / 1e9),
                                each.describe(), parallelOutcomes, parallel.requestFailures().isEmpty() ? ""
                                        : "; failed requests " + parallel.requestFailures()),
                        Ratio.of(parallel.wallNanos() / 1e6, critical, "one upgrade's critical path, ms"))
                .data("parallelClusters", settings.parallelUpgrades())
                .data("parallelWallSeconds", Report.round(parallel.wallNanos() / 1e9))
                .data("parallelEach", each.toMap()).data("parallelOutcomes", parallelOutcomes)
                .data("parallelEventsTotal", parallelEvents)
                .data("parallelRequestFailures", parallel.requestFailures())
                .note("time from the upgrade request to the projection showing the upgrade COMPLETED (or another end);"
                        + " the executor performs every step on the simulated fleet; 1 schema step + 6 batches x 4"
                        + " steps, each step a round trip command-api -> Kafka -> executor -> Kafka -> command-api;"
                        + " one at a time polled every 20 ms, at once polled by listing every 100 ms")
                .note("critical path = the plan's stages x the action's latency (" + latency.toMillis() + " ms)");
        report.print(upgrades);
    }

    private static Map<String, Object> memorySnapshot(BenchStack stack, MemoryProbe memory)
            throws IOException, InterruptedException {
        Map<String, Object> snapshot = new LinkedHashMap<>();
        for (Map.Entry<String, ServiceProcess> service : stack.services().entrySet()) {
            snapshot.put(service.getKey(), memory.of(service.getValue()));
        }
        snapshot.put("kafka", MemoryProbe.rss(stack.kafkaPid()));
        return snapshot;
    }

    private static Map<String, Object> toData(Map<String, Object> snapshot) {
        Map<String, Object> data = new LinkedHashMap<>();
        snapshot.forEach((name, value) -> data.put(name,
                value instanceof MemoryProbe.Memory memory ? memory.toMap() : Map.of("rssBytes", value)));
        return data;
    }

    private String gitCommit() {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").directory(repositoryRoot.toFile())
                    .redirectErrorStream(true).start();
            String commit = new String(git.getInputStream().readAllBytes()).trim();
            return git.waitFor() == 0 ? commit : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static void copyLogs(Path from, Path to) {
        if (!Files.isDirectory(from)) {
            return;
        }
        try (Stream<Path> logs = Files.list(from)) {
            Files.createDirectories(to);
            for (Path log : logs.toList()) {
                Files.copy(log, to.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            System.err.println("could not copy the logs from " + from + ": " + e.getMessage());
        }
    }

    private static void deleteTree(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not delete " + root + ": " + e.getMessage());
        }
    }
}
