package dev.upgradeledger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ledger product}: what it sends to command-api and how it shows the answers. */
class ProductCommandsTest {

    private final StubService service = new StubService();

    @TempDir
    Path folder;

    @AfterEach
    void stop() {
        service.close();
    }

    @Test
    void putSendsTheFilesProfileWithTheReasonAndTheVersionItWasMadeFrom() throws Exception {
        Path file = folder.resolve("camunda.yaml");
        Files.writeString(file, "versionScheme: NUMERIC\nroles:\n  - {name: engine, rolling: true}\n");
        service.answer("PUT /api/v1/products/camunda", 200, "{\"product\":\"camunda\",\"version\":2,\"changed\":true}");

        CommandLineRun run = CommandLineRun.of(service.env(), "product", "put", "camunda", "-f", file.toString(),
                "--reason", "7.7 released", "--expected-version", "1");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("product camunda: version 2");
        assertThat(Json.MAPPER.readTree(service.requests().get(0).body())).isEqualTo(Json.MAPPER.readTree("""
                {"profile":{"versionScheme":"NUMERIC","roles":[{"name":"engine","rolling":true}]},
                 "reason":"7.7 released","expectedVersion":1}"""));
    }

    @Test
    void aStaleVersionIsRefusedWithTheWayOut() throws Exception {
        Path file = folder.resolve("camunda.json");
        Files.writeString(file, "{\"versionScheme\":\"NUMERIC\"}");
        service.answer("PUT /api/v1/products/camunda", 409, """
                {"type":"urn:upgrade-ledger:problem:profile-version-conflict","title":"Refused","status":409,
                 "detail":"the profile of camunda is at version 3, not 1","rule":"profile-version-conflict",
                 "wayOut":"read GET /api/v1/products/camunda/versions/3"}""");

        CommandLineRun run = CommandLineRun.of(service.env(), "product", "put", "camunda", "-f", file.toString(),
                "--reason", "old copy", "--expected-version", "1");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(run.err()).contains("the profile of camunda is at version 3, not 1", "profile-version-conflict");
    }

    @Test
    void versionsListsWhoDeclaredEachAndWhy() {
        service.answer("GET /api/v1/products/camunda/versions", 200, """
                {"product":"camunda","current":1,"versions":[
                 {"version":0,"builtIn":true,"reason":"built in: Camunda rolling upgrade"},
                 {"version":1,"builtIn":false,"actor":"sre-bob","at":"2026-12-06T10:00:00Z","reason":"7.7"}]}""");

        CommandLineRun run = CommandLineRun.of(service.env(), "product", "versions", "camunda");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("(built in)", "sre-bob", "7.7", "current: 1");
    }
}
