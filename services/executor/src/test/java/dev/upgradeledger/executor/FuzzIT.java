package dev.upgradeledger.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.testsupport.ApiClient;
import dev.upgradeledger.testsupport.OpenApiFuzzer;
import dev.upgradeledger.testsupport.ServiceIntegrationTest;
import dev.upgradeledger.testsupport.TestIssuer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Malformed requests generated from the executor's own OpenAPI document (bad path and query values, broken JSON, each
 * fault field of the wrong kind, left out, null or huge, extra fields, wrong content types, methods and paths), sent
 * with an admin's token: no 5xx, every error problem+json with a ledger problem type, and no step, cursor, node or
 * simulated cluster stored for the fuzzed cluster (the executor stores those only from the events it reads). The faults a well-formed variant
 * may inject name a cluster that does not exist and are cleared afterwards.
 */
@ExecutorIntegrationTest
class FuzzIT extends ServiceIntegrationTest {

    private static final String ABSENT = "fz-absent";
    private static final List<String> TABLES = List.of("step_execution", "cluster_cursor", "cluster_node",
            "sim_cluster", "sim_node", "sim_action");

    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void clearInjectedFaults() {
        assertThat(api.send("DELETE", "/api/v1/simulated/faults", null).status()).isEqualTo(204);
    }

    @Test
    void malformedRequestsFromTheOpenApiDocumentAreAnsweredAsProblemsAndStoreNothing() {
        Map<String, Long> before = rows();
        assertThat(before.values()).as("nothing of the fuzzed cluster before").containsOnly(0L);
        OpenApiFuzzer fuzzer = new OpenApiFuzzer(api.baseUrl(), OpenApiFuzzer.openApiDocument(api));
        List<OpenApiFuzzer.Case> cases = fuzzer.cases(Map.of("clusterId", ABSENT),
                Map.of("clusterId", ABSENT), operation -> false);
        String admin = TestIssuer.get().admin();

        List<OpenApiFuzzer.Answer> answers = fuzzer.send(cases, request -> admin);

        assertThat(answers).hasSizeGreaterThanOrEqualTo(100);
        assertThat(answers).allSatisfy(answer -> {
            String what = answer.request().method() + " " + answer.request().path() + " (" + answer.request().what()
                    + ") -> " + answer.status() + " " + answer.body();
            assertThat(answer.status()).as(what).isBetween(200, 499);
            if (answer.status() >= 400) {
                assertThat(answer.contentType()).as(what).startsWith("application/problem+json");
                assertThat(ApiClient.json(answer.body()).path("type").asString("")).as(what)
                        .startsWith("urn:upgrade-ledger:problem:");
            }
        });
        assertThat(answers).as("the document's operations were reached, not only refused")
                .anySatisfy(answer -> assertThat(answer.status()).isBetween(200, 299));
        assertThat(rows()).as("rows per table").isEqualTo(before);
    }

    private Map<String, Long> rows() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : TABLES) {
            counts.put(table, jdbc.sql("select count(*) from " + table + " where cluster_id = ?").param(ABSENT)
                    .query(Long.class).single());
        }
        return counts;
    }
}
