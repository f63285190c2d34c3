package dev.upgradeledger.local;

import dev.upgradeledger.local.StackConfig.Connections;
import dev.upgradeledger.local.StackConfig.Service;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StackConfigTest {

    @TempDir
    Path repo;

    private final Map<String, String> settings = new HashMap<>();

    @BeforeEach
    void repositoryWithBuiltServices() throws IOException {
        Files.createFile(repo.resolve("mvnw"));
        for (String service : List.of("command-api", "projection", "executor")) {
            jar(repo.resolve("services").resolve(service).resolve("target"), service + "-0.1.0-SNAPSHOT-exec.jar");
            jar(repo.resolve("services").resolve(service).resolve("target"), service + "-0.1.0-SNAPSHOT.jar");
        }
    }

    @Test
    void defaultsFindTheServiceJarsFromAnywhereInsideTheRepository() throws IOException {
        Path subDirectory = Files.createDirectories(repo.resolve("deploy/local"));

        StackConfig config = resolve(subDirectory);

        assertThat(config.home()).isEqualTo(subDirectory.resolve(".ledger-data"));
        assertThat(config.postgresPort()).isEqualTo(15432);
        assertThat(config.kafkaPort()).isEqualTo(19092);
        assertThat(config.external()).isEmpty();
        assertThat(config.onlyInfra()).isFalse();
        assertThat(config.services()).containsExactly(
                new Service("command-api", 8080, Optional.of(builtJar("command-api"))),
                new Service("projection", 8081, Optional.of(builtJar("projection"))),
                new Service("executor", 8082, Optional.of(builtJar("executor"))));
    }

    @Test
    void settingsOverrideDefaults() throws IOException {
        Path elsewhere = Files.createDirectories(repo.resolve("dist"));
        Path commandApi = jar(elsewhere, "command-api-9-exec.jar");
        settings.putAll(Map.of(
                "LEDGER_HOME", "data",
                "LEDGER_PG_PORT", "25432",
                "LEDGER_KAFKA_PORT", "29092",
                "LEDGER_COMMAND_API_PORT", "9080",
                "LEDGER_PROJECTION_PORT", " 9081 ",
                "LEDGER_EXECUTOR_PORT", "9082",
                "LEDGER_COMMAND_API_JAR", "dist/command-api-9-exec.jar"));

        StackConfig config = resolve(repo);

        assertThat(config.home()).isEqualTo(repo.resolve("data"));
        assertThat(config.postgresPort()).isEqualTo(25432);
        assertThat(config.kafkaPort()).isEqualTo(29092);
        assertThat(config.services()).extracting(Service::port).containsExactly(9080, 9081, 9082);
        assertThat(config.services().get(0).jar()).contains(commandApi);
        assertThat(config.services().get(1).jar()).contains(builtJar("projection"));
    }

    @Test
    void replicasOfAServiceGetTheirOwnNamesAndPorts() {
        settings.putAll(Map.of("LEDGER_COMMAND_API_REPLICAS", "2", "LEDGER_EXECUTOR_REPLICAS", "3"));

        StackConfig config = resolve(repo);

        assertThat(config.services()).extracting(Service::name, Service::port).containsExactly(
                tuple("command-api", 8080), tuple("command-api-2", 8090), tuple("projection", 8081),
                tuple("executor", 8082), tuple("executor-2", 8092), tuple("executor-3", 8102));
        assertThat(config.services().get(1).jar()).isEqualTo(config.services().get(0).jar());
    }

    @Test
    void aReplicaCountOutsideOneToFiveIsRefused() {
        settings.put("LEDGER_PROJECTION_REPLICAS", "0");

        assertThatThrownBy(() -> resolve(repo))
                .isInstanceOf(StackConfig.Invalid.class)
                .hasMessageContaining("LEDGER_PROJECTION_REPLICAS");
    }

    @Test
    void servicesDirHoldsTheJarsFlat() throws IOException {
        Path dist = Files.createDirectories(repo.resolve("dist"));
        for (String service : List.of("command-api", "projection", "executor")) {
            jar(dist, service + "-1.0-exec.jar");
        }
        settings.put("LEDGER_SERVICES_DIR", dist.toString());

        assertThat(resolve(repo).services()).extracting(service -> service.jar().orElseThrow())
                .containsExactly(dist.resolve("command-api-1.0-exec.jar"), dist.resolve("projection-1.0-exec.jar"),
                        dist.resolve("executor-1.0-exec.jar"));
    }

    @Test
    void missingJarTellsToBuildFirst() throws IOException {
        Files.delete(builtJar("projection"));

        assertThatThrownBy(() -> resolve(repo))
                .isInstanceOf(StackConfig.Invalid.class)
                .hasMessageContaining("projection-*-exec.jar")
                .hasMessageContaining(repo.resolve("services/projection/target").toString())
                .hasMessageContaining("build first");
    }

    @Test
    void twoCandidateJarsAreAnError() throws IOException {
        jar(repo.resolve("services/executor/target"), "executor-0.0.9-exec.jar");

        assertThatThrownBy(() -> resolve(repo))
                .isInstanceOf(StackConfig.Invalid.class)
                .hasMessageContaining("need exactly one")
                .hasMessageContaining("executor-0.0.9-exec.jar");
    }

    @Test
    void withoutRepositoryOrSettingsTheJarsCannotBeFound(@TempDir Path outside) {
        assertThatThrownBy(() -> resolve(outside))
                .isInstanceOf(StackConfig.Invalid.class)
                .hasMessageContaining("mvnw")
                .hasMessageContaining("LEDGER_SERVICES_DIR");
    }

    @Test
    void onlyInfraToleratesMissingJars(@TempDir Path outside) {
        StackConfig config = resolve(outside, "--only-infra");

        assertThat(config.onlyInfra()).isTrue();
        assertThat(config.services()).allSatisfy(service -> assertThat(service.jar()).isEmpty());
        assertThat(config.localPorts()).containsOnlyKeys("PostgreSQL", "Kafka", "Kafka controller");
    }

    @Test
    void externalModeWhenBothConnectionsAreSet() {
        settings.put("LEDGER_DB_URL", "jdbc:postgresql://db:5432/ledger");
        settings.put("LEDGER_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092");
        settings.put("LEDGER_DB_USER", "ledger");

        StackConfig config = resolve(repo);

        assertThat(config.external()).contains(
                new Connections("jdbc:postgresql://db:5432/ledger", "ledger", "postgres", "kafka:9092"));
        assertThat(config.localPorts()).containsOnlyKeys("command-api", "projection", "executor");
    }

    @Test
    void externalFlagNeedsBothConnections() {
        settings.put("LEDGER_DB_URL", "jdbc:postgresql://db:5432/ledger");

        assertThatThrownBy(() -> resolve(repo, "--external"))
                .isInstanceOf(StackConfig.Invalid.class)
                .hasMessageContaining("LEDGER_KAFKA_BOOTSTRAP_SERVERS is unset");
        assertThatThrownBy(() -> resolve(repo))
                .isInstanceOf(StackConfig.Invalid.class)
                .hasMessageContaining("LEDGER_KAFKA_BOOTSTRAP_SERVERS is unset");
    }

    @Test
    void externalAndOnlyInfraExcludeEachOther() {
        settings.put("LEDGER_DB_URL", "jdbc:postgresql://db:5432/ledger");
        settings.put("LEDGER_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092");

        assertThatThrownBy(() -> resolve(repo, "--only-infra")).isInstanceOf(StackConfig.Invalid.class);
    }

    @Test
    void rejectsBadPortsUnknownArgumentsAndPortClashes() {
        settings.put("LEDGER_PG_PORT", "fifteen");
        assertThatThrownBy(() -> resolve(repo)).hasMessageContaining("LEDGER_PG_PORT");

        settings.put("LEDGER_PG_PORT", "70000");
        assertThatThrownBy(() -> resolve(repo)).hasMessageContaining("LEDGER_PG_PORT");

        settings.remove("LEDGER_PG_PORT");
        assertThatThrownBy(() -> resolve(repo, "--fast")).hasMessageContaining("Unknown argument: --fast");

        settings.put("LEDGER_EXECUTOR_PORT", "19093");
        assertThatThrownBy(() -> resolve(repo))
                .hasMessageContaining("Kafka controller and executor are both configured to use port 19093");
    }

    private StackConfig resolve(Path workingDir, String... args) {
        return StackConfig.resolve(List.of(args), settings::get, workingDir);
    }

    private Path builtJar(String service) {
        return repo.resolve("services").resolve(service).resolve("target")
                .resolve(service + "-0.1.0-SNAPSHOT-exec.jar");
    }

    private static Path jar(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        return Files.write(dir.resolve(name), new byte[] {0});
    }
}
