package dev.upgradeledger.commandapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.events.AuditMetadata;
import dev.upgradeledger.testsupport.AccessMatrix;
import dev.upgradeledger.testsupport.AccessMatrix.Needs;
import dev.upgradeledger.testsupport.AccessMatrix.Persona;
import dev.upgradeledger.testsupport.ApiClient;
import dev.upgradeledger.testsupport.ApiClient.ApiResponse;
import dev.upgradeledger.testsupport.LedgerIntegrationTest;
import dev.upgradeledger.testsupport.ServiceIntegrationTest;
import dev.upgradeledger.testsupport.TestIssuer;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Who may do what on command-api, on the real stack with real signed tokens: every endpoint with every persona, the
 * refusals storing nothing and being counted, and a step outcome that only the executor may report.
 */
@LedgerIntegrationTest
class SecurityIT extends ServiceIntegrationTest {

    private static final String CATALOG = """
            {"lines":[{"name":"7.5","versions":["7.5"]},{"name":"7.6","versions":["7.6"]}],
             "rules":{"noRollingAcrossLines":false}}""";

    @Autowired
    JdbcClient jdbc;
    @Autowired
    MeterRegistry meters;

    /** Every endpoint of command-api, with what it needs; {@code %s} is the cluster. */
    private static List<Endpoint> endpoints(String clusterId) {
        String cluster = "/api/v1/clusters/" + clusterId;
        String upgrade = cluster + "/upgrades/u-" + clusterId;
        return List.of(
                new Endpoint("POST", "/api/v1/clusters", registration(clusterId), Needs.OPERATOR_OF_CLUSTER),
                new Endpoint("PUT", cluster + "/catalog", "{\"catalog\":" + CATALOG + "}", Needs.OPERATOR_OF_CLUSTER),
                new Endpoint("POST", cluster + "/nodes", "{\"id\":\"engine-9\",\"address\":\"10.0.0.9:8080\"}",
                        Needs.OPERATOR_OF_CLUSTER),
                new Endpoint("DELETE", cluster + "/nodes/engine-9", null, Needs.OPERATOR_OF_CLUSTER),
                new Endpoint("POST", cluster + "/management/claim", "{\"managerId\":\"ledger-a\"}",
                        Needs.OPERATOR_OF_CLUSTER),
                new Endpoint("POST", cluster + "/management/hand-over",
                        "{\"fromManagerId\":\"ledger-a\",\"toManagerId\":\"ledger-b\"}", Needs.OPERATOR_OF_CLUSTER),
                new Endpoint("POST", cluster + "/upgrades", "{\"targetVersion\":\"7.6\",\"strategy\":\"OFFLINE\","
                        + "\"dryRun\":true}", Needs.OPERATOR_OF_CLUSTER),
                new Endpoint("POST", upgrade + "/steps/s0.0/outcome",
                        "{\"attempt\":1,\"managerEpoch\":0,\"outcome\":\"SUCCEEDED\"}", Needs.EXECUTOR),
                new Endpoint("POST", upgrade + "/pause", "{\"reason\":\"matrix\"}", Needs.OPERATOR_OF_CLUSTER),
                new Endpoint("POST", upgrade + "/resume", null, Needs.OPERATOR_OF_CLUSTER),
                new Endpoint("POST", upgrade + "/abort", "{\"reason\":\"matrix\"}", Needs.OPERATOR_OF_CLUSTER),
                new Endpoint("POST", upgrade + "/rollback", "{\"reason\":\"matrix\"}", Needs.OPERATOR_OF_CLUSTER),
                new Endpoint("POST", upgrade + "/finalize", null, Needs.OPERATOR_OF_CLUSTER),
                new Endpoint("POST", cluster + "/retire", "{\"reason\":\"matrix\"}", Needs.OPERATOR_OF_CLUSTER),
                new Endpoint("GET", "/api/v1/admin/publisher", null, Needs.ADMIN),
                new Endpoint("POST", "/api/v1/admin/publisher/replay", null, Needs.ADMIN),
                new Endpoint("GET", "/api/v1/admin/publisher/dead-letters", null, Needs.ADMIN),
                new Endpoint("POST", "/api/v1/admin/publisher/dead-letters/redrive", null, Needs.ADMIN),
                new Endpoint("GET", "/actuator/health", null, Needs.NOTHING),
                new Endpoint("GET", "/actuator/health/readiness", null, Needs.NOTHING),
                new Endpoint("GET", "/actuator/prometheus", null, Needs.VIEWER_OF_ALL),
                new Endpoint("GET", "/v3/api-docs", null, Needs.ANY_TOKEN),
                new Endpoint("GET", "/api/v1/no-such-thing", null, Needs.ADMIN));
    }

    @Test
    void everyEndpointRefusesWhoeverItsRulesDoNotNameAndStoresNothingForThem() {
        String clusterId = register();
        int before = stored(clusterId);
        double refusalsBefore = refusals();

        int refused = 0;
        for (Endpoint endpoint : endpoints(clusterId)) {
            refused += AccessMatrix.checkRefusals(api, clusterId, endpoint.method(), endpoint.path(), endpoint.body(),
                    endpoint.needs());
        }

        assertThat(stored(clusterId)).as("a refused command stores nothing").isEqualTo(before);
        assertThat(refusals() - refusalsBefore).as("every refusal is counted").isEqualTo(refused);
    }

    @Test
    void everyEndpointLetsWhoeverItsRulesNamePastAuthorization() {
        String clusterId = register();
        api.post("/api/v1/clusters/" + clusterId + "/upgrades", """
                {"upgradeId":"u-%s","targetVersion":"7.6","strategy":"ROLLING","maxUnavailable":"1"}"""
                .formatted(clusterId));

        for (Endpoint endpoint : endpoints(clusterId)) {
            EnumSet<Persona> allowed = EnumSet.noneOf(Persona.class);
            for (Persona persona : Persona.values()) {
                if (endpoint.needs().allows(persona)
                        && !(endpoint.path().endsWith("/replay"))) { // a replay would republish the shared store
                    allowed.add(persona);
                }
            }
            AccessMatrix.check(api, clusterId, endpoint.method(), endpoint.path(), endpoint.body(), endpoint.needs(),
                    allowed);
        }
    }

    @Test
    void aForgedStepOutcomeIsRefusedAndChangesNothingThenTheExecutorsCounts() {
        String clusterId = register();
        ApiResponse accepted = api.post("/api/v1/clusters/" + clusterId + "/upgrades", """
                {"upgradeId":"u-%s","targetVersion":"7.6","strategy":"ROLLING","maxUnavailable":"1"}"""
                .formatted(clusterId));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
        String stepId = accepted.json().at("/decision/hops/0/plan/stages/0/steps/0/stepId").asString();
        String outcome = "/api/v1/clusters/" + clusterId + "/upgrades/u-" + clusterId + "/steps/" + stepId
                + "/outcome";
        String succeeded = "{\"attempt\":1,\"managerEpoch\":0,\"outcome\":\"SUCCEEDED\",\"facts\":{}}";
        int before = stored(clusterId);

        AccessMatrix.checkRefusals(api, clusterId, "POST", outcome, succeeded, Needs.EXECUTOR);
        assertThat(api.as(TestIssuer.get().token("sre-mallory", "admin:*", "operator:*", "viewer:*"))
                .post(outcome, succeeded).status()).as("no grant but executor's reports").isEqualTo(403);
        assertThat(stored(clusterId)).as("the forgeries changed nothing").isEqualTo(before);

        ApiResponse real = api.as(TestIssuer.get().executor()).post(outcome, succeeded);

        assertThat(real.status()).as(real.body()).isEqualTo(200);
        assertThat(real.json().get("receipt").asString()).as("the executor's report is the first").isEqualTo("ACCEPTED");
        assertThat(stored(clusterId)).isGreaterThan(before);
        assertThat(jdbc.sql("select convert_from(metadata, 'UTF8') from domainevententry"
                        + " where aggregateidentifier = ? and sequencenumber = ?")
                .params(clusterId, before).query(String.class).single())
                .contains("\"" + AuditMetadata.ACTOR + "\":\"executor\"");
    }

    @Test
    void anOperatorOfAProductMayRegisterItsClustersButNoOtherProducts() {
        ApiClient camundaOperator = api.as(TestIssuer.get().token("camunda-ops", "operator:product/camunda"));
        String camunda = "sec-" + UUID.randomUUID().toString().substring(0, 8);
        String ipfs = "sec-" + UUID.randomUUID().toString().substring(0, 8);

        ApiResponse own = camundaOperator.post("/api/v1/clusters", registration(camunda));
        ApiResponse other = camundaOperator.post("/api/v1/clusters",
                registration(ipfs).replace("\"camunda\"", "\"ipfs-cluster\""));

        assertThat(own.status()).as(own.body()).isEqualTo(201);
        assertThat(other.status()).as(other.body()).isEqualTo(403);
        assertThat(stored(ipfs)).isZero();
        assertThat(camundaOperator.post("/api/v1/clusters/" + camunda + "/retire", "{}").status())
                .as("the product's grant covers the registered cluster").isEqualTo(204);
    }

    private String register() {
        String clusterId = "sec-" + UUID.randomUUID().toString().substring(0, 8);
        ApiResponse response = api.post("/api/v1/clusters", registration(clusterId));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return clusterId;
    }

    private static String registration(String clusterId) {
        return """
                {"clusterId":"%s","product":"camunda","version":"7.5","catalog":%s,
                 "nodes":[{"id":"engine-1","address":"10.0.0.1:8080"},{"id":"engine-2","address":"10.0.0.2:8080"}]}"""
                .formatted(clusterId, CATALOG);
    }

    private int stored(String clusterId) {
        return new StoredEvents(jdbc).count(clusterId);
    }

    private double refusals() {
        return meters.find("ledger.security.refusals").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private record Endpoint(String method, String path, String body, Needs needs) {
    }
}
