package dev.upgradeledger.deploychecks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Where deploy/ and the services' configuration are, and what the services read from their environment. */
final class DeployFiles {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");

    private DeployFiles() {
    }

    static Path deploy() {
        String configured = System.getenv("LEDGER_DEPLOY_DIR");
        Path dir = configured != null ? Path.of(configured) : Path.of("..");
        return dir.toAbsolutePath().normalize();
    }

    static Path repository() {
        return deploy().getParent();
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The environment variables the services' configuration files and main sources name as placeholders
     * ({@code ${LEDGER_DB_URL:...}}, {@code @Value("${LEDGER_OTLP_ENDPOINT}")}).
     */
    static Set<String> placeholdersTheServicesRead() {
        Set<String> names = new LinkedHashSet<>();
        Path root = repository();
        try (Stream<Path> files = Stream.of(
                root.resolve("platform/service-support/src/main/resources/ledger-defaults.yml"),
                root.resolve("services/command-api/src/main/resources/application.yml"),
                root.resolve("services/executor/src/main/resources/application.yml"),
                root.resolve("services/projection/src/main/resources/application.yml"))) {
            Stream.concat(files, javaSources(root)).forEach(file -> {
                Matcher matcher = PLACEHOLDER.matcher(read(file));
                while (matcher.find()) {
                    names.add(matcher.group(1));
                }
            });
        }
        return names;
    }

    private static Stream<Path> javaSources(Path root) {
        List<Path> sources = new ArrayList<>();
        for (String module : List.of("platform/service-support", "services/command-api", "services/executor",
                "services/projection")) {
            try (Stream<Path> walk = Files.walk(root.resolve(module).resolve("src/main/java"))) {
                walk.filter(file -> file.toString().endsWith(".java")).forEach(sources::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sources.stream();
    }

    /**
     * Whether a service reads {@code name} from its environment: a placeholder of its configuration files, or the
     * relaxed binding of a {@code ledger.*} property documented in docs/configuration.md
     * ({@code LEDGER_KAFKA_REPLICATIONFACTOR} for {@code ledger.kafka.replication-factor}), or a Spring property by
     * relaxed binding ({@code SPRING_*}, {@code SERVER_*}, {@code MANAGEMENT_*}, {@code LOGGING_*}), or the JVM's
     * options, or glibc's malloc arenas ({@code MALLOC_ARENA_MAX}, read by the C library under the JVM).
     */
    static boolean readByTheServices(String name) {
        return placeholdersTheServicesRead().contains(name)
                || documentedLedgerProperties().contains(name)
                || Stream.of("SPRING_", "SERVER_", "MANAGEMENT_", "LOGGING_").anyMatch(name::startsWith)
                || name.equals("JAVA_TOOL_OPTIONS") || name.equals("MALLOC_ARENA_MAX");
    }

    /** The documented {@code ledger.*} properties, as environment variables (Spring's relaxed binding). */
    static Set<String> documentedLedgerProperties() {
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = Pattern.compile("`(ledger\\.[a-z0-9.-]*[a-z0-9])`")
                .matcher(read(repository().resolve("docs/configuration.md")));
        while (matcher.find()) {
            names.add(matcher.group(1).replace("-", "").replace('.', '_').toUpperCase(java.util.Locale.ROOT));
        }
        return names;
    }
}
