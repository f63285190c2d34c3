package dev.upgradeledger.commandapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.testsupport.ApiClient.ApiResponse;
import dev.upgradeledger.testsupport.LedgerIntegrationTest;
import dev.upgradeledger.testsupport.ServiceIntegrationTest;
import dev.upgradeledger.testsupport.TestIssuer;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Inputs are bounded and checked at the edge, before anything is stored: node addresses that a script driver's
 * {@code ssh "{node.address}"} would run as an option or a command, oversized bodies and free text, and URLs that
 * Tomcat itself refuses, all answered as problem+json.
 */
@LedgerIntegrationTest
class InputHardeningIT extends ServiceIntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @ParameterizedTest
    @ValueSource(strings = {"-oProxyCommand=touch /tmp/pwned", "-oProxyCommand=sh", "$(touch /tmp/pwned)",
            "`touch /tmp/pwned`", "10.0.0.1\\ntouch /tmp/pwned", "10.0.0.1;id", "http://10.0.0.1:8080/",
            "root@10.0.0.1", "10.0.0.1:99999"})
    void aNodeAddressAScriptWouldReadAsMoreIsRefusedAtRegistrationAndWhenAdded(String address) {
        String clusterId = "in-" + UUID.randomUUID().toString().substring(0, 8);
        String json = address.replace("\"", "\\\"");

        ApiResponse registration = api.post("/api/v1/clusters", """
                {"clusterId":"%s","product":"camunda","version":"7.5",
                 "nodes":[{"id":"engine-1","address":"%s"}]}""".formatted(clusterId, json));

        assertProblem(registration, 400, "invalid-request");
        assertThat(registration.json().get("detail").asString()).contains("node address");
        assertThat(new StoredEvents(jdbc).count(clusterId)).isZero();

        register(clusterId);
        ApiResponse added = api.post("/api/v1/clusters/" + clusterId + "/nodes",
                "{\"id\":\"engine-9\",\"address\":\"" + json + "\"}");
        assertProblem(added, 400, "invalid-request");
        assertThat(new StoredEvents(jdbc).count(clusterId)).isEqualTo(1);
    }

    @Test
    void aGroupWithShellSyntaxIsRefused() {
        String clusterId = "in-" + UUID.randomUUID().toString().substring(0, 8);

        ApiResponse registration = api.post("/api/v1/clusters", """
                {"clusterId":"%s","product":"camunda","version":"7.5",
                 "nodes":[{"id":"engine-1","address":"10.0.0.1:22","group":"$(reboot)"}]}""".formatted(clusterId));

        assertProblem(registration, 400, "invalid-request");
        assertThat(new StoredEvents(jdbc).count(clusterId)).isZero();
    }

    @Test
    void aBodyOverTheLimitIsRefusedBeforeItIsRead() {
        String clusterId = "in-" + UUID.randomUUID().toString().substring(0, 8);
        String padding = "x".repeat(3 * 1024 * 1024);

        ApiResponse response = api.post("/api/v1/clusters", """
                {"clusterId":"%s","product":"camunda","version":"7.5","padding":"%s",
                 "nodes":[{"id":"engine-1","address":"10.0.0.1:22"}]}""".formatted(clusterId, padding));

        assertProblem(response, 413, "payload-too-large");
        assertThat(new StoredEvents(jdbc).count(clusterId)).isZero();
    }

    @Test
    void freeTextOverItsLimitIsRefused() {
        String clusterId = register("in-" + UUID.randomUUID().toString().substring(0, 8));

        ApiResponse retire = api.post("/api/v1/clusters/" + clusterId + "/retire",
                "{\"reason\":\"" + "r".repeat(501) + "\"}");
        ApiResponse outcome = api.as(TestIssuer.get().executor()).post("/api/v1/clusters/" + clusterId
                + "/upgrades/u-1/steps/s0.0/outcome", "{\"attempt\":1,\"managerEpoch\":0,\"outcome\":\"FAILED\","
                + "\"code\":\"boom\",\"message\":\"" + "m".repeat(4001) + "\",\"retryable\":false}");

        assertProblem(retire, 400, "invalid-request");
        assertProblem(outcome, 400, "invalid-request");
        assertThat(new StoredEvents(jdbc).count(clusterId)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/clusters/%00", "/api/v1/clusters/a%2fb/retire", "/api/v1/clusters/%2e%2e/x",
            "/api/v1/clusters/a%5cb"})
    void urlsTheContainerRefusesAreProblemsToo(String path) {
        ApiResponse response = api.send("POST", path, "{}");

        assertThat(response.status()).as(response.body()).isBetween(400, 499);
        assertThat(response.contentType()).as(response.body()).startsWith("application/problem+json");
        assertThat(response.body()).doesNotContain("<html");
    }

    private String register(String clusterId) {
        ApiResponse response = api.post("/api/v1/clusters", """
                {"clusterId":"%s","product":"camunda","version":"7.5",
                 "nodes":[{"id":"engine-1","address":"10.0.0.1:22"}]}""".formatted(clusterId));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return clusterId;
    }

    private static void assertProblem(ApiResponse response, int status, String slug) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asString()).isEqualTo("urn:upgrade-ledger:problem:" + slug);
    }
}
