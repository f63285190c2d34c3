package dev.upgradeledger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ledger cluster labels}, {@code register --label} and {@code list --label}: what they send, what they show. */
class ClusterLabelsCommandsTest {

    private final StubService service = new StubService();

    @TempDir
    Path folder;

    @AfterEach
    void stop() {
        service.close();
    }

    @Test
    void labelsSendsTheWholeSetAndSaysWhenNothingChanged() throws Exception {
        service.answer("PUT /api/v1/clusters/camunda-eu/labels", 200,
                "{\"clusterId\":\"camunda-eu\",\"labels\":{\"region\":\"eu\",\"tier\":\"gold\"},\"changed\":false}");

        CommandLineRun run = CommandLineRun.of(service.env(), "cluster", "labels", "camunda-eu", "region=eu",
                "tier=gold");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("cluster camunda-eu labels: region=eu, tier=gold (unchanged: nothing recorded)");
        assertThat(Json.MAPPER.readTree(service.requests().get(0).body())).isEqualTo(Json.MAPPER.readTree(
                "{\"labels\":{\"region\":\"eu\",\"tier\":\"gold\"}}"));
    }

    @Test
    void labelsNeedPairsOrNoneAndRefuseAPairWithoutValueBeforeAnyCall() throws Exception {
        assertThat(CommandLineRun.of(service.env(), "cluster", "labels", "camunda-eu").exitCode())
                .isEqualTo(ExitCodes.USAGE);
        CommandLineRun bad = CommandLineRun.of(service.env(), "cluster", "labels", "camunda-eu", "region");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("a label is KEY=VALUE");
        assertThat(service.requests()).isEmpty();

        service.answer("PUT /api/v1/clusters/camunda-eu/labels", 200,
                "{\"clusterId\":\"camunda-eu\",\"labels\":{},\"changed\":true}");
        CommandLineRun none = CommandLineRun.of(service.env(), "cluster", "labels", "camunda-eu", "--none");
        assertThat(none.exitCode()).as(none.err()).isZero();
        assertThat(none.out()).contains("cluster camunda-eu labels: none");
        assertThat(Json.MAPPER.readTree(service.requests().get(0).body()))
                .isEqualTo(Json.MAPPER.readTree("{\"labels\":{}}"));
    }

    @Test
    void registerAddsTheLabelsOfTheCommandLineToTheFilesAndListFiltersByLabel() throws Exception {
        Path file = folder.resolve("c.yaml");
        Files.writeString(file, "clusterId: c1\nproduct: acme\nversion: \"1.0\"\nlabels: {tier: gold, region: us}\n"
                + "nodes:\n  - {id: n1, address: \"10.0.0.1:80\"}\n");
        service.answer("POST /api/v1/clusters", 201, "{\"clusterId\":\"c1\",\"correlationId\":\"x\"}");
        service.answer("GET /api/v1/clusters", 200, "[]");

        CommandLineRun register = CommandLineRun.of(service.env(), "cluster", "register", "-f", file.toString(),
                "--label", "region=eu");
        CommandLineRun list = CommandLineRun.of(service.env(), "cluster", "list", "--label", "region=eu",
                "--label", "tier=gold");

        assertThat(register.exitCode()).as(register.err()).isZero();
        assertThat(Json.MAPPER.readTree(service.requests().get(0).body()).path("labels"))
                .isEqualTo(Json.MAPPER.readTree("{\"tier\":\"gold\",\"region\":\"eu\"}"));
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(service.requests().get(1).pathAndQuery())
                .isEqualTo("/api/v1/clusters?label=region%3Deu&label=tier%3Dgold");
    }
}
