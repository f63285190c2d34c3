package dev.upgradeledger.bench;

import dev.upgradeledger.local.EmbeddedPostgresServer;
import dev.upgradeledger.local.KafkaAccess;
import dev.upgradeledger.local.KafkaBroker;
import dev.upgradeledger.local.ServiceProcess;
import dev.upgradeledger.testsupport.TestIssuer;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The whole system as the local stack runs it (embedded PostgreSQL, the KRaft broker, the three service jars with the
 * same JVM options), but on free ports and in the benchmark's own data folder, so it never meets a developer's stack.
 */
final class BenchStack implements AutoCloseable {

    static final List<String> SERVICES = List.of("command-api", "projection", "executor");
    /** How long a service may take to start: 240 s, or {@code LEDGER_BENCH_READY_SECONDS} on a crowded machine. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(Long.parseLong(
            System.getenv().getOrDefault("LEDGER_BENCH_READY_SECONDS", "240")));

    private final Path home;
    private final PrintStream out;
    private final Set<Integer> taken = new HashSet<>();
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private final Map<String, Path> jars = new LinkedHashMap<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private List<String> jvmOptions = List.of();
    private EmbeddedPostgresServer postgres;
    private KafkaBroker kafka;
    private boolean closed;

    BenchStack(Path home, PrintStream out) {
        this.home = home;
        this.out = out;
    }

    /** Starts PostgreSQL and Kafka (the limits are measured before the services start). */
    void startInfrastructure() throws IOException, InterruptedException {
        int postgresPort = freePort(false);
        int kafkaPort = freePort(true);
        long begin = System.nanoTime();
        out.printf("Starting PostgreSQL (port %d) and Kafka (port %d) in %s%n", postgresPort, kafkaPort, home);
        postgres = EmbeddedPostgresServer.start(home, postgresPort);
        kafka = KafkaBroker.start(home, kafkaPort);
        out.printf("  infrastructure ready in %s%n", seconds(System.nanoTime() - begin));
        environment.put("LEDGER_DB_URL", postgres.jdbcUrl());
        environment.put("LEDGER_DB_USER", postgres.user());
        environment.put("LEDGER_DB_PASSWORD", postgres.password());
        environment.put("LEDGER_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        // tokens of the harness's own issuer; the simulated fleet (the dev profile, as on the local stack)
        environment.put("LEDGER_OIDC_ISSUER_URI", TestIssuer.get().issuerUri());
        environment.put("SPRING_PROFILES_ACTIVE", "dev");
        // Projection snapshots go into the benchmark's folder, not the shared system temporary directory.
        environment.put("LEDGER_DATA_DIR", home.toAbsolutePath().toString());
    }

    /**
     * Starts the three services with the given JVM options; the executor's simulated driver takes
     * {@code simulatedLatency} per action.
     */
    void startServices(Path repositoryRoot, List<String> jvmOptions, String simulatedLatency)
            throws IOException, InterruptedException {
        this.jvmOptions = List.copyOf(jvmOptions);
        for (String service : SERVICES) {
            jars.put(service, serviceJar(repositoryRoot, service));
        }
        for (String service : SERVICES) {
            services.put(service, new ServiceProcess(service, jars.get(service), freePort(false),
                    environmentOf(service, Map.of("LEDGER_SIMULATED_LATENCY", simulatedLatency)),
                    logs().resolve(service + ".log"), jvmOptions));
        }
        long begin = System.nanoTime();
        // Started together and awaited in turn, as the local stack does.
        for (ServiceProcess service : services.values()) {
            service.start();
        }
        for (ServiceProcess service : services.values()) {
            service.awaitReady(READY_TIMEOUT);
            out.printf("  %s ready at %s (pid %d)%n", service.name(), service.baseUrl(), service.pid());
        }
        out.printf("  services ready in %s%n", seconds(System.nanoTime() - begin));
    }

    /**
     * Stops a service (SIGTERM, as a deployment would) and starts it again on the same port with these extra
     * environment variables; answers the seconds it took until it was ready again.
     */
    double restart(String name, Map<String, String> extraEnvironment) throws IOException, InterruptedException {
        ServiceProcess old = services.get(name);
        long begin = System.nanoTime();
        old.stop();
        ServiceProcess fresh = new ServiceProcess(name, old.jar(), old.port(), environmentOf(name, extraEnvironment),
                old.logFile(), jvmOptions);
        services.put(name, fresh);
        fresh.start();
        fresh.awaitReady(READY_TIMEOUT);
        double took = (System.nanoTime() - begin) / 1e9;
        out.printf("  %s restarted (pid %d, %s) in %.1f s%n", name, fresh.pid(), extraEnvironment, took);
        return took;
    }

    /**
     * Starts another instance of a service ({@code name} like {@code executor-2}) on a port of its own, in the same
     * consumer group; answers the seconds until it was ready.
     */
    double startInstance(String name, String of, Map<String, String> extraEnvironment)
            throws IOException, InterruptedException {
        long begin = System.nanoTime();
        ServiceProcess instance = new ServiceProcess(name, jars.get(of), freePort(false),
                environmentOf(of, extraEnvironment), logs().resolve(name + ".log"), jvmOptions);
        services.put(name, instance);
        instance.start();
        instance.awaitReady(READY_TIMEOUT);
        double took = (System.nanoTime() - begin) / 1e9;
        out.printf("  %s ready at %s (pid %d) in %.1f s%n", name, instance.baseUrl(), instance.pid(), took);
        return took;
    }

    /** Stops an extra instance started by {@link #startInstance} and forgets it. */
    void stopInstance(String name) {
        ServiceProcess instance = services.remove(name);
        if (instance != null) {
            instance.stop();
        }
    }

    private Map<String, String> environmentOf(String service, Map<String, String> extra) {
        Map<String, String> merged = new LinkedHashMap<>(environment);
        // each service logs in to the secured broker as its own user (KafkaAccess)
        merged.putAll(KafkaAccess.serviceEnvironment(service));
        merged.putAll(extra);
        return merged;
    }

    private Path logs() {
        return home.resolve("logs");
    }

    String jdbcUrl() {
        return postgres.jdbcUrl();
    }

    String jdbcUser() {
        return postgres.user();
    }

    String jdbcPassword() {
        return postgres.password();
    }

    Path home() {
        return home;
    }

    Path postgresDataDirectory() {
        return postgres.dataDirectory();
    }

    ServiceProcess service(String name) {
        ServiceProcess service = services.get(name);
        if (service == null) {
            throw new IllegalArgumentException("no service " + name);
        }
        return service;
    }

    /** The running services, extra instances included (a copy). */
    Map<String, ServiceProcess> services() {
        return new LinkedHashMap<>(services);
    }

    String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    long kafkaPid() {
        return kafka.pid();
    }

    /** The PostgreSQL settings that decide what a commit costs, with where each comes from when not the default. */
    Map<String, String> postgresSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(),
                postgres.password());
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("""
                     SELECT name, setting, unit, source FROM pg_settings
                     WHERE name IN ('server_version', 'fsync', 'synchronous_commit', 'wal_sync_method',
                                    'full_page_writes', 'shared_buffers', 'max_connections')
                     ORDER BY name""")) {
            while (result.next()) {
                String unit = result.getString("unit");
                String source = result.getString("source");
                settings.put(result.getString("name"), result.getString("setting")
                        + (unit == null ? "" : " x " + unit)
                        + (source.equals("default") ? "" : " (" + source + ")"));
            }
        } catch (SQLException e) {
            settings.put("error", e.getMessage());
        }
        return settings;
    }

    /** Stops the services, then Kafka, then PostgreSQL. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<Thread> stoppers = new ArrayList<>();
        for (ServiceProcess service : services.values()) {
            Thread stopper = new Thread(service::stop, "stop-" + service.name());
            stopper.start();
            stoppers.add(stopper);
        }
        for (Thread stopper : stoppers) {
            try {
                stopper.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (kafka != null) {
            try {
                kafka.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException | RuntimeException e) {
                out.println("could not stop PostgreSQL cleanly: " + e.getMessage());
            }
        }
    }

    /** A port nobody listens on now (and, for Kafka, the next one too, for its controller). */
    private int freePort(boolean withNext) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            if (taken.contains(port) || (withNext && (taken.contains(port + 1) || port + 1 > 65534
                    || !isFree(port + 1)))) {
                continue;
            }
            taken.add(port);
            if (withNext) {
                taken.add(port + 1);
            }
            return port;
        }
        throw new IOException("found no free port pair in 50 attempts");
    }

    private static boolean isFree(int port) {
        try (ServerSocket ignored = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static Path serviceJar(Path root, String service) {
        Path target = root.resolve("services").resolve(service).resolve("target");
        List<Path> jars = new ArrayList<>();
        if (Files.isDirectory(target)) {
            try (DirectoryStream<Path> found = Files.newDirectoryStream(target, service + "-*-exec.jar")) {
                found.forEach(jars::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (jars.size() != 1) {
            throw new IllegalStateException("Need exactly one " + service + "-*-exec.jar in " + target + ", found "
                    + jars + "; build first (bench/run does)");
        }
        return jars.get(0);
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}
