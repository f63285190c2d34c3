package dev.upgradeledger.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Spring Boot service run as a child JVM ({@code java <jvmOptions> -jar <jar>}), with stdout and stderr appended to
 * its log file. The environment is the parent's plus the given variables plus {@code SERVER_PORT=port}.
 * Instances can be started again after {@link #stop()} or {@link #kill()}. No shutdown hook is registered: a JVM that
 * exits without stopping it leaves the service running.
 */
public final class ServiceProcess {

    /**
     * JVM options that bound a service's resident memory (target 384 MiB; what {@code bench/run} measured with them is
     * in docs/benchmarks.md): a 192 MiB heap (the services' live data after a full collection stays under 100 MiB,
     * also with a 10,000-node cluster), the serial collector (no per-core GC threads), and bounds on the code cache,
     * metaspace, thread stacks and direct buffers. A service that runs out of heap exits, to be restarted (by the local
     * stack, Compose, Kubernetes), instead of going on with the threads the error killed (command-api once went on
     * without its event store's reader: nothing was published, and nothing said so). The container manifests set the
     * same in {@code JAVA_TOOL_OPTIONS}.
     */
    public static final List<String> MEMORY_BOUNDED_JVM_OPTIONS = List.of("-Xmx192m", "-XX:+UseSerialGC",
            "-XX:ReservedCodeCacheSize=48m", "-XX:MaxMetaspaceSize=160m", "-Xss512k", "-XX:MaxDirectMemorySize=64m",
            "-XX:+ExitOnOutOfMemoryError");

    /**
     * The local stack's and the system tests' options: {@link #MEMORY_BOUNDED_JVM_OPTIONS}, with the JIT stopped at
     * C1 (starts sooner and compiles with less CPU on a developer's machine; the benchmark leaves C2 on).
     */
    public static final List<String> DEFAULT_JVM_OPTIONS = Stream.concat(MEMORY_BOUNDED_JVM_OPTIONS.stream(),
            Stream.of("-XX:TieredStopAtLevel=1")).toList();

    /**
     * glibc's malloc arenas: at most two instead of eight per core, each of which can keep tens of MiB resident in a
     * JVM with many threads; set for every service unless the environment names it.
     */
    public static final String MALLOC_ARENAS = "2";

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final int LOG_TAIL_LINES = 40;

    private final String name;
    private final Path jar;
    private final int port;
    private final Map<String, String> environment;
    private final Path logFile;
    private final List<String> jvmOptions;
    private final boolean ownSession;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private volatile Process process;
    private volatile long logOffset;
    private volatile String readinessPath = "/actuator/health/readiness";

    public ServiceProcess(String name, Path jar, int port, Map<String, String> environment, Path logFile) {
        this(name, jar, port, environment, logFile, DEFAULT_JVM_OPTIONS);
    }

    public ServiceProcess(String name, Path jar, int port, Map<String, String> environment, Path logFile,
                          List<String> jvmOptions) {
        this(name, jar, port, environment, logFile, jvmOptions, false);
    }

    ServiceProcess(String name, Path jar, int port, Map<String, String> environment, Path logFile,
                   List<String> jvmOptions, boolean ownSession) {
        this.name = name;
        this.jar = jar.toAbsolutePath();
        this.port = port;
        this.environment = Map.copyOf(environment);
        this.logFile = logFile.toAbsolutePath();
        this.jvmOptions = List.copyOf(jvmOptions);
        this.ownSession = ownSession;
    }

    /** Starts the JVM and returns at once; see {@link #awaitReady(Duration)}. */
    public synchronized void start() throws IOException {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
        }
        List<String> command = new ArrayList<>();
        command.add(ChildProcesses.java());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        Files.createDirectories(logFile.getParent());
        logOffset = Files.exists(logFile) ? Files.size(logFile) : 0;
        Files.writeString(logFile, "=== " + Instant.now() + " starting " + name + ": " + String.join(" ", command)
                + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        ProcessBuilder builder = new ProcessBuilder(ownSession ? ChildProcesses.inOwnSession(command) : command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putIfAbsent("MALLOC_ARENA_MAX", MALLOC_ARENAS);
        builder.environment().putAll(environment);
        builder.environment().put("SERVER_PORT", Integer.toString(port));
        process = builder.start();
    }

    /** Where {@link #awaitReady} looks instead of {@code /actuator/health/readiness} (for a process that is no service). */
    public ServiceProcess readinessPath(String path) {
        this.readinessPath = path;
        return this;
    }

    /**
     * Polls {@code /actuator/health/readiness} (or the {@link #readinessPath}) until it answers 200.
     *
     * @throws IllegalStateException if the process exits or the timeout passes first; the message holds the last
     *                               40 lines this run wrote to the log file
     */
    public void awaitReady(Duration timeout) throws InterruptedException {
        Process current = process;
        if (current == null) {
            throw new IllegalStateException(name + " was never started");
        }
        HttpRequest request = HttpRequest.newBuilder(baseUrl().resolve(readinessPath))
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!current.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + current.exitValue()
                        + " before it was ready; last lines of " + logFile + ":" + System.lineSeparator()
                        + ChildProcesses.tail(logFile, logOffset, LOG_TAIL_LINES));
            }
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " was not ready within " + timeout.toSeconds()
                        + " s; last lines of " + logFile + ":" + System.lineSeparator()
                        + ChildProcesses.tail(logFile, logOffset, LOG_TAIL_LINES));
            }
            Thread.sleep(250);
        }
    }

    /** SIGTERM, then SIGKILL if the process has not exited after 30 s. Returns once it has exited. */
    public void stop() {
        stop(STOP_GRACE);
    }

    /** SIGTERM, then SIGKILL if the process has not exited after {@code grace}. Returns once it has exited. */
    public synchronized void stop(Duration grace) {
        Process current = process;
        if (current == null || !current.isAlive()) {
            return;
        }
        current.destroy();
        if (!waitFor(current, grace)) {
            current.destroyForcibly();
            waitFor(current, STOP_GRACE);
        }
    }

    /** SIGKILL (on Linux); returns once the process has exited. */
    public synchronized void kill() {
        Process current = process;
        if (current != null) {
            current.destroyForcibly();
            waitFor(current, STOP_GRACE);
        }
    }

    public boolean isAlive() {
        Process current = process;
        return current != null && current.isAlive();
    }

    /** The exit code of the last run, empty while running or before the first start. */
    public OptionalInt exitCode() {
        Process current = process;
        return current == null || current.isAlive() ? OptionalInt.empty() : OptionalInt.of(current.exitValue());
    }

    public long pid() {
        Process current = process;
        if (current == null) {
            throw new IllegalStateException(name + " was never started");
        }
        return current.pid();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public Path jar() {
        return jar;
    }

    public Path logFile() {
        return logFile;
    }

    private static boolean waitFor(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}
