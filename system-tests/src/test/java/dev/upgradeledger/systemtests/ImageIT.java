package dev.upgradeledger.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.upgradeledger.local.ServiceProcess;
import dev.upgradeledger.testsupport.LedgerInfrastructure;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The executor's container image, as {@code jib:buildTar} wrote it, works without Docker: its layers are unpacked in
 * order into a directory (the container's root file system), and its own Java runtime is run through the image's own
 * dynamic loader with only the image's libraries; then the image's entrypoint, with every absolute path moved under
 * that directory, starts the service on the test infrastructure and its health probes answer. The image's metadata is
 * what the manifests rely on: a non-root user, the service's port, the runtime on {@code PATH}.
 * <p>
 * The three images are built alike (one Jib configuration in the parent pom, one runtime from deploy/image); this test
 * runs one of them to keep the build short. {@code -Dledger.images.skip=true} builds no image and skips it.
 */
class ImageIT {

    private static final Duration READY = Duration.ofSeconds(300);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path unpacked;

    private static Path root;
    private static JsonNode config;
    private static Process service;

    @BeforeAll
    static void unpackTheImage() throws IOException, InterruptedException {
        assumeThat(Boolean.getBoolean("ledger.images.skip")).as("images built (-Dledger.images.skip=true)").isFalse();
        Path image = Path.of(System.getProperty("ledger.image.executor",
                "../services/executor/target/jib-image.tar")).toAbsolutePath().normalize();
        assertThat(image).as("the executor's image, written by jib:buildTar at package").isRegularFile();
        Path archive = unpacked.resolve("archive");
        root = unpacked.resolve("root");
        Files.createDirectories(archive);
        Files.createDirectories(root);
        run(List.of("tar", "-xf", image.toString(), "-C", archive.toString()));
        JsonNode manifest = JSON.readTree(archive.resolve("manifest.json").toFile()).get(0);
        assertThat(manifest.get("RepoTags").get(0).asString()).isEqualTo("upgrade-ledger/executor:0.1.0-SNAPSHOT");
        for (JsonNode layer : manifest.get("Layers")) {
            run(List.of("tar", "-xpzf", archive.resolve(layer.asString()).toString(), "-C", root.toString()));
        }
        config = JSON.readTree(archive.resolve(manifest.get("Config").asString()).toFile()).get("config");
    }

    @AfterAll
    static void stopTheService() throws InterruptedException {
        if (service != null && service.isAlive()) {
            service.destroy();
            if (!service.waitFor(30, TimeUnit.SECONDS)) {
                service.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void theImageRunsAsANonRootUserOnItsOwnRuntimeAndExposesTheServicesPort() throws IOException {
        assertThat(config.get("User").asString()).isEqualTo("10001:10001");
        assertThat(Files.readAllLines(root.resolve("etc/passwd"))).contains(
                "ledger:x:10001:10001:Upgrade Ledger:/tmp:/sbin/nologin");
        assertThat(config.get("ExposedPorts").has("8082/tcp")).as("ExposedPorts " + config.get("ExposedPorts"))
                .isTrue();
        assertThat(environment()).containsEntry("JAVA_HOME", "/opt/java")
                .hasEntrySatisfying("PATH", path -> assertThat(path).startsWith("/opt/java/bin:"));
        assertThat(config.get("Entrypoint").get(0).asString()).isEqualTo("java");
        assertThat(root.resolve("opt/java/bin/java")).isExecutable();
        for (String writable : List.of("tmp", "var/lib/ledger")) {
            assertThat(Files.getPosixFilePermissions(root.resolve(writable))).as(writable + ", writable by the user")
                    .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        }
    }

    @Test
    void theImagesJavaRuntimeRunsOnTheImagesLibrariesAlone() throws IOException, InterruptedException {
        String version = run(withImageLoader(List.of(root.resolve("opt/java/bin/java").toString(), "-version")));
        assertThat(version).contains("openjdk version \"17.");
        // What the loader resolves for the runtime's binaries: every library from the image, none from this host.
        // (the runtime's own libraries find libjvm.so, loaded first by the launcher, in lib/server)
        String runtimeLibraries = root + "/opt/java/lib:" + root + "/opt/java/lib/server:";
        for (Path binary : List.of(root.resolve("opt/java/bin/java"), root.resolve("opt/java/lib/server/libjvm.so"),
                root.resolve("opt/java/lib/libnet.so"), root.resolve("opt/java/lib/libzip.so"))) {
            List<String> command = withImageLoader(List.of("--list", binary.toString()));
            command.set(3, runtimeLibraries + command.get(3));
            List<String> resolved = run(command).lines()
                    .filter(line -> line.contains("=>")).toList();
            assertThat(resolved).as(binary.toString()).isNotEmpty().allSatisfy(line ->
                    assertThat(line.substring(line.indexOf("=>") + 2).trim()).startsWith(root.toString()));
        }
    }

    @Test
    void theEntrypointStartsTheServiceWhoseProbesAnswerOnTheTestInfrastructure() throws Exception {
        // A second executor in the shared services' consumer group would take half of their steps.
        ThreeServices.stopIfStarted();
        int port = freePort();
        Map<String, String> environment = new HashMap<>(environment());
        environment.putAll(LedgerInfrastructure.get().serviceEnvironment("executor", ThreeServices.baseEnvironment()));
        environment.put("SERVER_PORT", Integer.toString(port));
        environment.put("JAVA_HOME", root + "/opt/java");
        environment.put("JAVA_TOOL_OPTIONS", String.join(" ", ServiceProcess.DEFAULT_JVM_OPTIONS));
        Path log = Path.of(System.getProperty("ledger.logs.dir", "target/service-logs"), "image-executor.log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(entrypoint()).directory(root.resolve("tmp").toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        service = builder.start();

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        await().atMost(READY).pollInterval(Duration.ofMillis(500)).ignoreExceptionsInstanceOf(IOException.class)
                .untilAsserted(() -> {
            assertThat(service.isAlive()).as("the image's executor runs (log: " + log + ")").isTrue();
            HttpResponse<String> liveness = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/actuator/health/liveness")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(liveness.statusCode()).isEqualTo(200);
            assertThat(liveness.body()).contains("\"UP\"");
        });
        HttpResponse<String> readiness = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
        assertThat(Files.readSymbolicLink(Path.of("/proc", Long.toString(service.pid()), "exe")))
                .as("the program the service's process runs").isEqualTo(root.resolve("lib64/ld-linux-x86-64.so.2"));
    }

    /**
     * The image's entrypoint with its paths under the unpacked root: {@code java} through the image's loader, and the
     * class path file Jib wrote (absolute {@code /app/...} paths) rewritten beside it.
     */
    private static List<String> entrypoint() throws IOException {
        List<String> command = new ArrayList<>();
        for (JsonNode argument : config.get("Entrypoint")) {
            String value = argument.asString();
            if (command.isEmpty()) {
                assertThat(value).isEqualTo("java");
                command.addAll(withImageLoader(List.of(root.resolve("opt/java/bin/java").toString())));
            } else if (value.startsWith("@/")) {
                Path classpath = root.resolve(value.substring(2));
                String moved = Arrays.stream(Files.readString(classpath).trim().split(":"))
                        .map(entry -> root + entry).reduce((a, b) -> a + ":" + b).orElseThrow();
                Path rewritten = unpacked.resolve("classpath-under-root");
                Files.writeString(rewritten, moved);
                command.add("@" + rewritten);
            } else {
                command.add(value);
            }
        }
        assertThat(command.get(command.size() - 1)).isEqualTo("dev.upgradeledger.executor.ExecutorApplication");
        return command;
    }

    /** {@code command} run by the image's dynamic loader, which looks for libraries in the image's directories. */
    private static List<String> withImageLoader(List<String> command) {
        List<String> full = new ArrayList<>(List.of(root.resolve("lib64/ld-linux-x86-64.so.2").toString(),
                "--inhibit-cache", "--library-path", root + "/lib/x86_64-linux-gnu:" + root + "/usr/lib/x86_64-linux-gnu"));
        full.addAll(command);
        return full;
    }

    private static Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>();
        config.get("Env").forEach(entry -> {
            String[] pair = entry.asString().split("=", 2);
            environment.put(pair[0], pair[1]);
        });
        return environment;
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ":\n" + output).isZero();
        return output;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
