package dev.upgradeledger.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Launcher settings, from arguments plus system properties or environment variables of the same name. */
record StackConfig(
        Path home,
        int postgresPort,
        int kafkaPort,
        Optional<Connections> external,
        boolean onlyInfra,
        List<Service> services) {

    static final List<Map.Entry<String, Integer>> DEFAULT_SERVICE_PORTS = List.of(
            Map.entry("command-api", 8080), Map.entry("projection", 8081), Map.entry("executor", 8082));

    /** Replica k (from 2) of a service listens on the service's port + (k - 1) x this. */
    static final int REPLICA_PORT_STEP = 10;
    static final int MAX_REPLICAS = 5;

    record Connections(String dbUrl, String dbUser, String dbPassword, String kafkaBootstrapServers) {
    }

    /** A service to run; {@code jar} is empty only with {@code --only-infra} when no jar was found. */
    record Service(String name, int port, Optional<Path> jar) {
    }

    static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message);
        }
    }

    static final String USAGE = String.join(System.lineSeparator(),
            "Usage: deploy/local/run [--only-infra | --external]",
            "   or: java -jar deploy/local/target/ledger-local-launcher.jar [--only-infra | --external]",
            "",
            "  --only-infra   start only PostgreSQL and Kafka; print how to run the services",
            "  --external     start no PostgreSQL/Kafka; use LEDGER_DB_URL and LEDGER_KAFKA_BOOTSTRAP_SERVERS",
            "                 (implied when both are set)",
            "",
            "Settings (environment variables, or -D system properties of the same name):",
            "  LEDGER_HOME                       data folder (default ./.ledger-data)",
            "  LEDGER_PG_PORT                    embedded PostgreSQL port (default 15432)",
            "  LEDGER_KAFKA_PORT                 embedded Kafka port (default 19092; controller uses port + 1)",
            "  LEDGER_COMMAND_API_PORT           default 8080",
            "  LEDGER_PROJECTION_PORT            default 8081",
            "  LEDGER_EXECUTOR_PORT              default 8082",
            "  LEDGER_BIND_ADDRESS               where the services listen (default 127.0.0.1)",
            "  LEDGER_OIDC_ISSUER_URI            the OpenID issuer whose tokens the services trust (default: the local",
            "                                    issuer on http://127.0.0.1:LEDGER_ISSUER_PORT, default 9000)",
            "  LEDGER_COMMAND_API_REPLICAS, LEDGER_PROJECTION_REPLICAS, LEDGER_EXECUTOR_REPLICAS",
            "                                    instances of a service (default 1, at most 5); replica k is named",
            "                                    <service>-k and listens on the service's port + 10 x (k - 1)",
            "  LEDGER_COMMAND_API_JAR, LEDGER_PROJECTION_JAR, LEDGER_EXECUTOR_JAR   a service's executable jar",
            "  LEDGER_SERVICES_DIR               folder holding <service>-*-exec.jar files",
            "                                    (default: services/<service>/target/ under the folder holding mvnw)",
            "  LEDGER_DB_URL, LEDGER_DB_USER, LEDGER_DB_PASSWORD, LEDGER_KAFKA_BOOTSTRAP_SERVERS   external mode");

    /**
     * @param settings   looks a setting up by name, null when unset
     * @param workingDir the directory relative paths and the repository search start from
     */
    static StackConfig resolve(List<String> args, Function<String, String> settings, Path workingDir) {
        boolean onlyInfra = false;
        boolean externalFlag = false;
        for (String arg : args) {
            switch (arg) {
                case "--only-infra" -> onlyInfra = true;
                case "--external" -> externalFlag = true;
                default -> throw new Invalid("Unknown argument: " + arg + System.lineSeparator() + USAGE);
            }
        }
        Path home = workingDir.resolve(setting(settings, "LEDGER_HOME").orElse(".ledger-data")).normalize();
        Optional<Connections> external = external(settings, externalFlag);
        if (onlyInfra && external.isPresent()) {
            throw new Invalid("--only-infra starts the embedded PostgreSQL and Kafka, which external mode replaces;"
                    + " use one or the other");
        }
        List<Service> services = new ArrayList<>();
        for (Map.Entry<String, Integer> service : DEFAULT_SERVICE_PORTS) {
            String name = service.getKey();
            int port = port(settings, envPrefix(name) + "_PORT", service.getValue());
            Optional<Path> jar;
            try {
                jar = Optional.of(findJar(name, settings, workingDir));
            } catch (Invalid e) {
                if (!onlyInfra) {
                    throw e;
                }
                jar = Optional.empty();
            }
            services.add(new Service(name, port, jar));
            int replicas = replicas(settings, envPrefix(name) + "_REPLICAS");
            for (int replica = 2; replica <= replicas; replica++) {
                services.add(new Service(name + "-" + replica, port + REPLICA_PORT_STEP * (replica - 1), jar));
            }
        }
        StackConfig config = new StackConfig(home, port(settings, "LEDGER_PG_PORT", 15432),
                port(settings, "LEDGER_KAFKA_PORT", 19092), external, onlyInfra, List.copyOf(services));
        config.requireDistinctPorts();
        return config;
    }

    /** The ports this launcher will listen on or have children listen on, by what uses them. */
    Map<String, Integer> localPorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        if (external.isEmpty()) {
            ports.put("PostgreSQL", postgresPort);
            ports.put("Kafka", kafkaPort);
            ports.put("Kafka controller", kafkaPort + 1);
        }
        if (!onlyInfra) {
            services.forEach(service -> ports.put(service.name(), service.port()));
        }
        return ports;
    }

    private void requireDistinctPorts() {
        Map<Integer, String> users = new HashMap<>();
        localPorts().forEach((user, port) -> {
            String other = users.putIfAbsent(port, user);
            if (other != null) {
                throw new Invalid(other + " and " + user + " are both configured to use port " + port);
            }
        });
    }

    private static Optional<Connections> external(Function<String, String> settings, boolean requested) {
        Optional<String> dbUrl = setting(settings, "LEDGER_DB_URL");
        Optional<String> kafka = setting(settings, "LEDGER_KAFKA_BOOTSTRAP_SERVERS");
        if (dbUrl.isEmpty() && kafka.isEmpty() && !requested) {
            return Optional.empty();
        }
        if (dbUrl.isEmpty() || kafka.isEmpty()) {
            String missing = dbUrl.isEmpty() && kafka.isEmpty() ? "both are unset"
                    : (dbUrl.isEmpty() ? "LEDGER_DB_URL" : "LEDGER_KAFKA_BOOTSTRAP_SERVERS") + " is unset";
            throw new Invalid("External mode needs LEDGER_DB_URL and LEDGER_KAFKA_BOOTSTRAP_SERVERS (" + missing
                    + "); set both for external mode, or neither for the embedded servers");
        }
        return Optional.of(new Connections(dbUrl.get(),
                setting(settings, "LEDGER_DB_USER").orElse(EmbeddedPostgresServer.USER),
                setting(settings, "LEDGER_DB_PASSWORD").orElse(EmbeddedPostgresServer.PASSWORD),
                kafka.get()));
    }

    static Path findJar(String service, Function<String, String> settings, Path workingDir) {
        String jarSetting = envPrefix(service) + "_JAR";
        Optional<String> explicit = setting(settings, jarSetting);
        if (explicit.isPresent()) {
            Path jar = workingDir.resolve(explicit.get()).normalize();
            if (!Files.isRegularFile(jar)) {
                throw new Invalid(jarSetting + " points to " + jar + ", which is not a file");
            }
            return jar;
        }
        Optional<String> servicesDir = setting(settings, "LEDGER_SERVICES_DIR");
        if (servicesDir.isPresent()) {
            return singleJar(workingDir.resolve(servicesDir.get()).normalize(), service,
                    "check LEDGER_SERVICES_DIR");
        }
        Path root = repositoryRoot(workingDir).orElseThrow(() -> new Invalid(
                "Cannot find the repository root (a folder containing mvnw) at or above " + workingDir
                        + "; run from inside the repository, or set LEDGER_SERVICES_DIR or " + jarSetting));
        return singleJar(root.resolve("services").resolve(service).resolve("target"), service,
                "build first: ./mvnw -DskipTests package (or use deploy/local/run)");
    }

    static Optional<Path> repositoryRoot(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw"))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    private static Path singleJar(Path dir, String service, String hint) {
        String pattern = service + "-*-exec.jar";
        List<Path> jars = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> found = Files.newDirectoryStream(dir, pattern)) {
                found.forEach(jars::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (jars.size() == 1) {
            return jars.get(0);
        }
        if (jars.isEmpty()) {
            throw new Invalid("No " + pattern + " for " + service + " in " + dir + "; " + hint);
        }
        jars.sort(null);
        throw new Invalid("Found " + jars.size() + " " + pattern + " files in " + dir + " but need exactly one: "
                + jars + "; remove the stale ones (./mvnw clean package)");
    }

    private static int port(Function<String, String> settings, String name, int defaultPort) {
        Optional<String> value = setting(settings, name);
        if (value.isEmpty()) {
            return defaultPort;
        }
        try {
            int port = Integer.parseInt(value.get().trim());
            if (port > 0 && port < 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new Invalid(name + " must be a port number between 1 and 65534, not '" + value.get() + "'");
    }

    private static int replicas(Function<String, String> settings, String name) {
        Optional<String> value = setting(settings, name);
        if (value.isEmpty()) {
            return 1;
        }
        try {
            int replicas = Integer.parseInt(value.get().trim());
            if (replicas >= 1 && replicas <= MAX_REPLICAS) {
                return replicas;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new Invalid(name + " must be a number of instances from 1 to " + MAX_REPLICAS + ", not '" + value.get()
                + "'");
    }

    /** Where the services listen: {@code LEDGER_BIND_ADDRESS}, 127.0.0.1 unless told otherwise. */
    static String bindAddress() {
        return setting(StackConfig::environmentOrProperty, "LEDGER_BIND_ADDRESS").orElse("127.0.0.1");
    }

    /** The issuer whose tokens the services trust: {@code LEDGER_OIDC_ISSUER_URI}, else the local issuer. */
    static String issuerUri() {
        return setting(StackConfig::environmentOrProperty, "LEDGER_OIDC_ISSUER_URI")
                .orElse("http://127.0.0.1:" + issuerPort());
    }

    /** The local issuer's port: {@code LEDGER_ISSUER_PORT}, 9000 by default. */
    static int issuerPort() {
        return port(StackConfig::environmentOrProperty, "LEDGER_ISSUER_PORT", 9000);
    }

    /**
     * The local issuer's jar ({@code LEDGER_ISSUER_JAR}, else {@code deploy/issuer/target/ledger-issuer-*-exec.jar}),
     * or empty when an external issuer is configured ({@code LEDGER_OIDC_ISSUER_URI}) or no jar is found.
     */
    static Optional<Path> localIssuerJar(Path workingDir) {
        if (setting(StackConfig::environmentOrProperty, "LEDGER_OIDC_ISSUER_URI").isPresent()) {
            return Optional.empty();
        }
        Optional<String> named = setting(StackConfig::environmentOrProperty, "LEDGER_ISSUER_JAR");
        if (named.isPresent()) {
            return Optional.of(workingDir.resolve(named.get()));
        }
        Path target = workingDir.resolve("deploy/issuer/target");
        try (var files = java.nio.file.Files.list(target)) {
            return files.filter(file -> file.getFileName().toString().matches("ledger-issuer-.*-exec\\.jar"))
                    .findFirst();
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    private static String environmentOrProperty(String name) {
        String property = System.getProperty(name);
        return property != null ? property : System.getenv(name);
    }

    private static Optional<String> setting(Function<String, String> settings, String name) {
        return Optional.ofNullable(settings.apply(name)).map(String::trim).filter(value -> !value.isEmpty());
    }

    private static String envPrefix(String service) {
        return "LEDGER_" + service.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
