package dev.upgradeledger.local;

import dev.upgradeledger.local.StackConfig.Connections;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Starts embedded PostgreSQL, a Kafka broker and the three services, supervises the services and stops everything,
 * in reverse order, on Ctrl-C. Run with {@code --help} for the settings.
 */
public final class LocalStack {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration RESTART_DELAY = Duration.ofSeconds(2);
    private static final int MAX_RESTARTS = 5;
    private static final Duration RESTART_WINDOW = Duration.ofMinutes(5);

    private final StackConfig config;
    private final PrintStream out;
    private final ExecutorService workers = Executors.newCachedThreadPool(daemonThreads("ledger-local-worker"));
    private final ScheduledExecutorService supervisor =
            Executors.newSingleThreadScheduledExecutor(daemonThreads("ledger-local-supervisor"));
    private final List<Future<?>> infrastructureStartups = new CopyOnWriteArrayList<>();
    private final List<Supervised> services = new CopyOnWriteArrayList<>();
    private volatile EmbeddedPostgresServer postgres;
    private volatile KafkaBroker kafka;
    private boolean stopping;

    LocalStack(StackConfig config, PrintStream out) {
        this.config = config;
        this.out = out;
    }

    public static void main(String[] args) throws InterruptedException {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(StackConfig.USAGE);
            return;
        }
        StackConfig config;
        try {
            config = StackConfig.resolve(List.of(args), LocalStack::setting, Path.of("").toAbsolutePath());
        } catch (StackConfig.Invalid e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        LocalStack stack = new LocalStack(config, System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (stack.stop()) {
                System.out.flush();
                Runtime.getRuntime().halt(0);
            }
        }, "ledger-local-shutdown"));
        try {
            stack.start();
        } catch (StartupFailure e) {
            if (!stack.isStopping()) {
                System.err.println();
                System.err.println("Startup failed:");
                System.err.println(e.getMessage());
            }
            stack.stop();
            System.exit(1);
        }
        Thread.currentThread().join();
    }

    private static String setting(String name) {
        return System.getProperty(name, System.getenv(name));
    }

    void start() throws StartupFailure, InterruptedException {
        requirePortsFree();
        Connections connections = config.external().isPresent()
                ? config.external().get()
                : startInfrastructure();
        if (config.onlyInfra()) {
            printSummary(connections);
            printServiceInstructions(connections);
            out.println("Ctrl-C to stop.");
            return;
        }
        startServices(connections);
        printSummary(connections);
        out.println("Ctrl-C to stop.");
        supervisor.scheduleWithFixedDelay(this::supervise, 500, 500, TimeUnit.MILLISECONDS);
    }

    private void requirePortsFree() throws StartupFailure {
        List<String> busy = new ArrayList<>();
        config.localPorts().forEach((user, port) -> {
            if (acceptsConnections(port)) {
                busy.add("Port " + port + " (" + user + ") is already in use.");
            }
        });
        if (!busy.isEmpty()) {
            busy.add("Is a previous stack still running? Stop it, or choose other ports (see --help).");
            throw new StartupFailure(busy);
        }
    }

    private Connections startInfrastructure() throws StartupFailure, InterruptedException {
        Path home = config.home();
        out.printf("Starting PostgreSQL (port %d) and Kafka (port %d); data in %s%n",
                config.postgresPort(), config.kafkaPort(), home);
        Future<?> postgresStartup = startTimed("PostgreSQL",
                () -> EmbeddedPostgresServer.start(home, config.postgresPort()), server -> postgres = server);
        Future<?> kafkaStartup = startTimed("Kafka",
                () -> KafkaBroker.start(home, config.kafkaPort(), true), broker -> kafka = broker);
        List<String> failures = new ArrayList<>();
        awaitStartup(postgresStartup, "PostgreSQL", failures);
        awaitStartup(kafkaStartup, "Kafka", failures);
        if (!failures.isEmpty()) {
            throw new StartupFailure(failures);
        }
        return new Connections(postgres.jdbcUrl(), postgres.user(), postgres.password(), kafka.bootstrapServers());
    }

    private <T> Future<?> startTimed(String name, Callable<T> starter, Consumer<T> register) {
        Future<?> startup = workers.submit(() -> {
            long begin = System.nanoTime();
            T started = starter.call();
            register.accept(started);
            out.printf("  %s ready in %s%n", name, seconds(System.nanoTime() - begin));
            return started;
        });
        infrastructureStartups.add(startup);
        return startup;
    }

    private static void awaitStartup(Future<?> startup, String name, List<String> failures)
            throws InterruptedException {
        try {
            startup.get();
        } catch (ExecutionException e) {
            failures.add(name + ": " + e.getCause().getMessage());
        }
    }

    private void startServices(Connections connections) throws StartupFailure, InterruptedException {
        Path logs = config.home().resolve("logs");
        Optional<Path> issuerJar = StackConfig.localIssuerJar(Path.of("").toAbsolutePath());
        Map<String, String> console = consoleEnvironment(config.services());
        if (issuerJar.isPresent()) {
            // people sign in to the console at the local issuer (authorization code with PKCE), from every
            // projection's origin
            List<String> origins = consoleOrigins(config.services());
            services.add(new Supervised(new ServiceProcess("issuer", issuerJar.get(), StackConfig.issuerPort(),
                    Map.of("LEDGER_BIND_ADDRESS", StackConfig.bindAddress(),
                            "LEDGER_OIDC_ISSUER_URI", StackConfig.issuerUri(),
                            "LEDGER_CONSOLE_ORIGINS", String.join(",", origins),
                            "LEDGER_CONSOLE_REDIRECT_URIS", String.join(",", origins.stream()
                                    .map(origin -> origin + "/console/signed-in.html").toList())),
                    logs.resolve("issuer.log"), ServiceProcess.DEFAULT_JVM_OPTIONS, true)
                    .readinessPath("/.well-known/openid-configuration")));
            console.put("LEDGER_CONSOLE_AUTHORIZATION_URI", StackConfig.issuerUri() + "/oauth2/authorize");
            console.put("LEDGER_CONSOLE_TOKEN_URI", StackConfig.issuerUri() + "/oauth2/token");
        }
        for (StackConfig.Service service : config.services()) {
            Map<String, String> environment = new HashMap<>(serviceEnvironment(connections, config.home(),
                    service.name()));
            environment.putAll(console);
            services.add(new Supervised(new ServiceProcess(service.name(), service.jar().orElseThrow(),
                    service.port(), environment,
                    logs.resolve(service.name() + ".log"),
                    ServiceProcess.DEFAULT_JVM_OPTIONS, true)));
        }
        out.printf("Starting %s; logs in %s%n", String.join(", ", serviceNames()), logs);
        synchronized (this) {
            if (stopping) {
                throw new StartupFailure(List.of("Stopped while starting."));
            }
            for (Supervised service : services) {
                try {
                    service.process.start();
                } catch (IOException e) {
                    throw new StartupFailure(List.of(service.process.name() + ": cannot start "
                            + service.process.jar() + ": " + e.getMessage()));
                }
            }
        }
        List<Future<?>> readiness = new ArrayList<>();
        for (Supervised service : services) {
            readiness.add(workers.submit(() -> {
                long begin = System.nanoTime();
                service.process.awaitReady(READY_TIMEOUT);
                out.printf("  %s ready in %s%n", service.process.name(), seconds(System.nanoTime() - begin));
                return null;
            }));
        }
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < services.size(); i++) {
            awaitStartup(readiness.get(i), services.get(i).process.name(), failures);
        }
        if (!failures.isEmpty()) {
            throw new StartupFailure(failures);
        }
    }

    /**
     * The connections, the data folder (where the projection keeps its snapshots), the issuer whose tokens the
     * services trust, the dev profile (the simulated fleet and its fault injection), and the address the services
     * listen on (127.0.0.1 unless {@code LEDGER_BIND_ADDRESS} says otherwise).
     */
    private Map<String, String> serviceEnvironment(Connections connections, Path home, String service) {
        Map<String, String> environment = new java.util.HashMap<>(Map.of(
                "SPRING_PROFILES_ACTIVE", "dev",
                "SERVER_ADDRESS", StackConfig.bindAddress(),
                "LEDGER_OIDC_ISSUER_URI", StackConfig.issuerUri(),
                "LEDGER_DATA_DIR", home.toAbsolutePath().toString(),
                "LEDGER_DB_URL", connections.dbUrl(),
                "LEDGER_DB_USER", connections.dbUser(),
                "LEDGER_DB_PASSWORD", connections.dbPassword(),
                "LEDGER_KAFKA_BOOTSTRAP_SERVERS", connections.kafkaBootstrapServers()));
        if (kafka != null) {
            // the embedded broker takes SASL/SCRAM only: each service logs in as its own user (KafkaAccess)
            environment.putAll(KafkaAccess.serviceEnvironment(service));
        }
        return environment;
    }

    /**
     * The SRE console (served by every projection) sends its commands to the first command-api, which allows the
     * projections' origins (CORS), as 127.0.0.1 and localhost; settings of the caller's environment win.
     */
    static Map<String, String> consoleEnvironment(List<StackConfig.Service> services) {
        String host = StackConfig.bindAddress().equals("0.0.0.0") ? "127.0.0.1" : StackConfig.bindAddress();
        List<String> origins = consoleOrigins(services);
        int commandApiPort = services.stream().filter(service -> service.name().startsWith("command-api"))
                .mapToInt(StackConfig.Service::port).findFirst().orElse(8080);
        Map<String, String> environment = new HashMap<>();
        environment.put("LEDGER_CORS_ALLOWED_ORIGINS", Optional.ofNullable(System.getenv("LEDGER_CORS_ALLOWED_ORIGINS"))
                .orElse(String.join(",", origins)));
        environment.put("LEDGER_CONSOLE_COMMAND_API_URL", Optional.ofNullable(
                System.getenv("LEDGER_CONSOLE_COMMAND_API_URL")).orElse("http://" + host + ":" + commandApiPort));
        return environment;
    }

    /** The console's origins: every projection's, as the bind address, 127.0.0.1 and localhost. */
    static List<String> consoleOrigins(List<StackConfig.Service> services) {
        String host = StackConfig.bindAddress().equals("0.0.0.0") ? "127.0.0.1" : StackConfig.bindAddress();
        List<String> origins = new ArrayList<>();
        for (StackConfig.Service service : services) {
            if (service.name().startsWith("projection")) {
                for (String name : new LinkedHashSet<>(List.of(host, "127.0.0.1", "localhost"))) {
                    origins.add("http://" + name + ":" + service.port());
                }
            }
        }
        return origins;
    }

    private void printSummary(Connections connections) {
        String row = "  %-13s %s%n";
        String detail = "  %-13s   %-8s %s%n";
        out.println();
        out.println(config.onlyInfra() ? "Upgrade Ledger infrastructure is running." : "Upgrade Ledger is running.");
        out.println();
        out.printf(row, "PostgreSQL", connections.dbUrl() + "  (user " + connections.dbUser()
                + (postgres == null ? ")  [external]" : ", password " + connections.dbPassword() + ")"));
        if (postgres != null) {
            out.printf(detail, "", "log", postgres.logFile());
        }
        out.printf(row, "Kafka", connections.kafkaBootstrapServers() + (kafka == null ? "  [external]"
                : "  (SASL " + KafkaAccess.MECHANISM + ": user " + KafkaAccess.CLIENT + ", password "
                + KafkaAccess.password(KafkaAccess.CLIENT) + "; super user " + KafkaAccess.ADMIN + ")"));
        if (kafka != null) {
            out.printf(detail, "", "log", kafka.logFile());
        }
        for (Supervised service : services) {
            ServiceProcess process = service.process;
            out.printf(row, process.name(), process.baseUrl());
            out.printf(detail, "", "health", process.baseUrl().resolve("/actuator/health"));
            out.printf(detail, "", "openapi", process.baseUrl().resolve("/v3/api-docs"));
            out.printf(detail, "", "log", process.logFile());
        }
        boolean localIssuer = services.stream().anyMatch(service -> service.process.name().equals("issuer"));
        services.stream().filter(service -> service.process.name().startsWith("projection")).findFirst()
                .ifPresent(projection -> out.printf(row, "SRE console",
                        projection.process.baseUrl().resolve("/console/index.html") + (localIssuer
                                ? "  (sign in as sre-operator / operator-password, or sre-viewer / viewer-password)"
                                : "  (sign in with a token)")));
        out.printf(row, "Data", config.home());
        out.println();
        out.printf(row, "Issuer", StackConfig.issuerUri());
        out.println("  Every API needs a bearer token. Get one from the local issuer (clients ledger-admin, ledger-operator,");
        out.println("  ledger-viewer, ledger-executor; secrets admin-secret, operator-secret, ...; see docs/security.md):");
        out.println("    TOKEN=$(curl -s -u ledger-operator:operator-secret -d grant_type=client_credentials \\");
        out.println("      " + StackConfig.issuerUri() + "/oauth2/token | sed -E 's/.*\"access_token\":\"([^\"]+)\".*/\\1/')");
        out.println("    curl -H \"Authorization: Bearer $TOKEN\" " + services.stream()
                .filter(service -> service.process.name().startsWith("projection")).findFirst()
                .map(service -> service.process.baseUrl().resolve("/api/v1/clusters").toString())
                .orElse("http://127.0.0.1:8081/api/v1/clusters"));
        out.println();
    }

    private void printServiceInstructions(Connections connections) {
        Path workingDir = Path.of("").toAbsolutePath();
        out.println("Run each service in its own terminal, for example:");
        for (StackConfig.Service service : config.services()) {
            String jar = service.jar()
                    .map(path -> path.startsWith(workingDir) ? workingDir.relativize(path).toString() : path.toString())
                    .orElse("services/" + service.name() + "/target/" + service.name() + "-*-exec.jar");
            Map<String, String> environment = serviceEnvironment(connections, config.home(), service.name());
            out.println();
            out.printf("  SERVER_PORT=%d LEDGER_DB_URL='%s' LEDGER_DB_USER='%s' LEDGER_DB_PASSWORD='%s' \\%n",
                    service.port(), environment.get("LEDGER_DB_URL"), environment.get("LEDGER_DB_USER"),
                    environment.get("LEDGER_DB_PASSWORD"));
            if (environment.containsKey("LEDGER_KAFKA_USERNAME")) {
                out.printf("  LEDGER_KAFKA_SECURITY_PROTOCOL=%s LEDGER_KAFKA_USERNAME='%s' LEDGER_KAFKA_PASSWORD='%s' \\%n",
                        environment.get("LEDGER_KAFKA_SECURITY_PROTOCOL"), environment.get("LEDGER_KAFKA_USERNAME"),
                        environment.get("LEDGER_KAFKA_PASSWORD"));
            }
            out.printf("  LEDGER_KAFKA_BOOTSTRAP_SERVERS='%s' java %s -jar %s%n",
                    environment.get("LEDGER_KAFKA_BOOTSTRAP_SERVERS"),
                    String.join(" ", ServiceProcess.DEFAULT_JVM_OPTIONS), jar);
        }
        if (config.services().stream().anyMatch(service -> service.jar().isEmpty())) {
            out.println();
            out.println("(Service jars not found; build them first: ./mvnw -DskipTests package)");
        }
        out.println();
    }

    private void supervise() {
        services.forEach(Supervised::check);
    }

    synchronized boolean isStopping() {
        return stopping;
    }

    /** Stops everything that was started, once; returns false if another call already did. */
    boolean stop() {
        synchronized (this) {
            if (stopping) {
                return false;
            }
            stopping = true;
        }
        supervisor.shutdownNow();
        for (Future<?> startup : infrastructureStartups) {
            try {
                startup.get(90, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException | InterruptedException ignored) {
                // whatever did start has registered itself and is closed below
            }
        }
        if (kafka == null && postgres == null && services.stream().noneMatch(service -> service.process.isAlive())) {
            return true;
        }
        out.println();
        stopServices();
        if (kafka != null) {
            out.println("Stopping Kafka ...");
            try {
                kafka.close();
            } catch (InterruptedException | RuntimeException e) {
                out.println("  could not stop Kafka cleanly: " + e);
            }
        }
        if (postgres != null) {
            out.println("Stopping PostgreSQL ...");
            try {
                postgres.close();
            } catch (IOException | RuntimeException e) {
                out.println("  could not stop PostgreSQL cleanly: " + e);
            }
        }
        out.println("Stopped.");
        return true;
    }

    private void stopServices() {
        List<Supervised> running = services.stream().filter(service -> service.process.isAlive()).toList();
        if (running.isEmpty()) {
            return;
        }
        out.printf("Stopping %s ...%n", String.join(", ", running.stream().map(s -> s.process.name()).toList()));
        List<Thread> stoppers = new ArrayList<>();
        for (Supervised service : running) {
            Thread stopper = new Thread(service.process::stop, "stop-" + service.process.name());
            stopper.start();
            stoppers.add(stopper);
        }
        for (Thread stopper : stoppers) {
            try {
                stopper.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private List<String> serviceNames() {
        return services.stream().map(service -> service.process.name()).toList();
    }

    private static boolean acceptsConnections(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    private static ThreadFactory daemonThreads(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Restarts a service that exits while the stack runs, within a {@link RestartBudget}. */
    private final class Supervised {

        private final ServiceProcess process;
        private final RestartBudget budget = new RestartBudget(MAX_RESTARTS, RESTART_WINDOW);
        private volatile boolean watched = true;

        Supervised(ServiceProcess process) {
            this.process = process;
        }

        void check() {
            if (!watched || process.isAlive()) {
                return;
            }
            watched = false;
            String exit = process.name() + " exited"
                    + process.exitCode().stream().mapToObj(code -> " with code " + code).findFirst().orElse("");
            if (!budget.tryAcquire(Instant.now())) {
                out.printf("%s; it was restarted %d times within %d minutes, so it stays down. Log: %s%n",
                        exit, MAX_RESTARTS, RESTART_WINDOW.toMinutes(), process.logFile());
                return;
            }
            out.printf("%s; restarting it in %d s. Log: %s%n", exit, RESTART_DELAY.toSeconds(), process.logFile());
            supervisor.schedule(this::restart, RESTART_DELAY.toMillis(), TimeUnit.MILLISECONDS);
        }

        private void restart() {
            synchronized (LocalStack.this) {
                if (stopping) {
                    return;
                }
                try {
                    process.start();
                } catch (IOException e) {
                    out.printf("%s could not be restarted (%s); it stays down.%n", process.name(), e.getMessage());
                    return;
                }
            }
            out.printf("%s restarted (pid %d)%n", process.name(), process.pid());
            watched = true;
            workers.submit(() -> {
                try {
                    process.awaitReady(READY_TIMEOUT);
                    out.printf("%s is ready again at %s%n", process.name(), process.baseUrl());
                } catch (IllegalStateException e) {
                    if (process.isAlive()) {
                        out.printf("%s is not ready after %d s. Log: %s%n",
                                process.name(), READY_TIMEOUT.toSeconds(), process.logFile());
                    }
                }
                return null;
            });
        }
    }

    static final class StartupFailure extends Exception {
        StartupFailure(List<String> problems) {
            super(String.join(System.lineSeparator(), problems));
        }
    }
}
