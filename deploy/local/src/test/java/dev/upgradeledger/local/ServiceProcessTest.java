package dev.upgradeledger.local;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceProcessTest {

    @TempDir
    static Path jarDir;

    @TempDir
    Path logs;

    private static Path jar;
    private final List<ServiceProcess> started = new ArrayList<>();

    @BeforeAll
    static void packageFakeService() throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeService.class.getName());
        jar = jarDir.resolve("fake-service-exec.jar");
        String entry = FakeService.class.getName().replace('.', '/') + ".class";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
             InputStream classFile = FakeService.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            classFile.transferTo(out);
            out.closeEntry();
        }
    }

    @AfterEach
    void killLeftovers() {
        started.forEach(ServiceProcess::kill);
    }

    @Test
    void startsWaitsForReadinessKillsAndRestarts() throws Exception {
        ServiceProcess service = service(Map.of("FAKE_READY_DELAY_MS", "700"));

        service.start();
        assertThat(service.isAlive()).isTrue();
        service.awaitReady(Duration.ofSeconds(30));
        assertThat(get(service)).isEqualTo(200);
        long firstPid = service.pid();

        service.kill();
        assertThat(service.isAlive()).isFalse();
        assertThat(service.exitCode()).hasValue(137);

        service.start();
        service.awaitReady(Duration.ofSeconds(30));
        assertThat(service.pid()).isNotEqualTo(firstPid);
        assertThat(get(service)).isEqualTo(200);

        service.stop();
        assertThat(service.isAlive()).isFalse();
        assertThat(Files.readString(service.logFile()))
                .contains("fake service listening on " + service.port())
                .containsPattern("(?s)starting fake.*starting fake");
    }

    @Test
    void failsEarlyWithTheLogTailWhenTheProcessExits() throws Exception {
        ServiceProcess service = service(Map.of("FAKE_FAILURE", "cannot connect to the event store"));

        service.start();

        assertThatThrownBy(() -> service.awaitReady(Duration.ofSeconds(30)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("fake exited with code 3")
                .hasMessageContaining(service.logFile().toString())
                .hasMessageContaining("cannot connect to the event store");
    }

    @Test
    void refusesToStartTwice() throws Exception {
        ServiceProcess service = service(Map.of());
        service.start();

        assertThatThrownBy(service::start).isInstanceOf(IllegalStateException.class);
    }

    private ServiceProcess service(Map<String, String> environment) throws IOException {
        ServiceProcess service = new ServiceProcess("fake", jar, freePort(), environment, logs.resolve("fake.log"));
        started.add(service);
        return service;
    }

    private static int get(ServiceProcess service) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(service.baseUrl().resolve("/actuator/health/readiness")).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
