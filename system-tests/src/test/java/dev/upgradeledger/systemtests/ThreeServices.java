package dev.upgradeledger.systemtests;

import dev.upgradeledger.local.ServiceProcess;
import dev.upgradeledger.testsupport.LedgerInfrastructure;
import dev.upgradeledger.testsupport.TestIssuer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * command-api, projection and executor as processes, started once for the test classes that only use them
 * ({@link LedgerCliIT}, {@link ApiContractsIT}, {@link ConsoleIT}, {@link ConsoleCorsIT}) and stopped when the test JVM
 * ends. command-api allows the projection's origin (CORS), where the SRE console's pages come from, and sends its fleet
 * notifications to an in-JVM {@link WebhookReceiver}.
 */
final class ThreeServices {

    /** Three JVMs starting at once on a small shared machine: more patience than one restarted service needs. */
    private static final Duration READY = Duration.ofSeconds(300);
    private static ThreeServices started;

    final ServiceProcess commandApi;
    final ServiceProcess projection;
    final ServiceProcess executor;
    /** Where command-api sends its fleet notifications ({@link FleetUpgradeSystemIT} reads them). */
    final WebhookReceiver webhooks;

    /**
     * What every service process of the system tests needs: the shared database and broker, the test issuer's tokens,
     * and the dev profile (the simulated fleet and its faults). Each service adds its broker login
     * ({@link LedgerInfrastructure#serviceEnvironment(String, Map)}).
     */
    static Map<String, String> baseEnvironment() {
        LedgerInfrastructure infrastructure = LedgerInfrastructure.get();
        return Map.of(
                "LEDGER_DB_URL", infrastructure.jdbcUrl(),
                "LEDGER_DB_USER", infrastructure.username(),
                "LEDGER_DB_PASSWORD", infrastructure.password(),
                "LEDGER_KAFKA_BOOTSTRAP_SERVERS", infrastructure.bootstrapServers(),
                "LEDGER_OIDC_ISSUER_URI", TestIssuer.get().issuerUri(),
                "SPRING_PROFILES_ACTIVE", "dev");
    }

    private ThreeServices() throws IOException, InterruptedException {
        LedgerInfrastructure infrastructure = LedgerInfrastructure.get();
        Map<String, String> environment = baseEnvironment();
        Path jars = Path.of(System.getProperty("ledger.services.dir", "target/services"));
        Path logs = Path.of(System.getProperty("ledger.logs.dir", "target/service-logs"));
        int commandApiPort = freePort();
        int projectionPort = freePort();
        // The SRE console (served by the projection) sends its commands to command-api, which allows its origin.
        Map<String, String> commandApiEnvironment = new HashMap<>(infrastructure.serviceEnvironment("command-api",
                environment));
        commandApiEnvironment.put("LEDGER_CORS_ALLOWED_ORIGINS", "http://127.0.0.1:" + projectionPort);
        webhooks = new WebhookReceiver();
        commandApiEnvironment.putAll(webhooks.environment());
        Map<String, String> projectionEnvironment = new HashMap<>(infrastructure.serviceEnvironment("projection",
                environment));
        projectionEnvironment.put("LEDGER_CONSOLE_COMMAND_API_URL", "http://127.0.0.1:" + commandApiPort);
        commandApi = new ServiceProcess("shared-command-api", jars.resolve("command-api.jar"), commandApiPort,
                commandApiEnvironment, logs.resolve("shared-command-api.log"));
        projection = new ServiceProcess("shared-projection", jars.resolve("projection.jar"), projectionPort,
                projectionEnvironment, logs.resolve("shared-projection.log"));
        executor = new ServiceProcess("shared-executor", jars.resolve("executor.jar"), freePort(),
                infrastructure.serviceEnvironment("executor", environment),
                logs.resolve("shared-executor.log"));
        List<ServiceProcess> all = List.of(commandApi, projection, executor);
        // At the test JVM's exit: all three at once and SIGKILL after 15 s, so every one is gone before Surefire kills
        // this JVM (30 s after its exit began); one by one with 30 s each, the executor outlived it.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            List<Thread> stopping = all.stream().map(service -> new Thread(() -> service.stop(Duration.ofSeconds(15)),
                    "stop-" + service.name())).toList();
            stopping.forEach(Thread::start);
            for (Thread thread : stopping) {
                try {
                    thread.join(20_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            webhooks.stop();
        }));
        for (ServiceProcess service : all) {
            service.start();
        }
        try {
            for (ServiceProcess service : all) {
                service.awaitReady(READY);
            }
        } catch (RuntimeException | InterruptedException e) {
            all.forEach(ServiceProcess::stop);
            webhooks.stop();
            throw e;
        }
    }

    /**
     * Stops the shared services, if they run. Test classes that start services of their own on the same database and
     * broker call this first: two command-apis would compete for the publishing token, and a second executor in the
     * same consumer group would take half of the steps (and not know of the faults injected into the test's own).
     */
    static synchronized void stopIfStarted() {
        if (started != null) {
            List.of(started.commandApi, started.projection, started.executor).forEach(ServiceProcess::stop);
            started.webhooks.stop();
            started = null;
        }
    }

    static synchronized ThreeServices get() throws IOException, InterruptedException {
        if (started == null) {
            started = new ThreeServices();
        }
        return started;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
