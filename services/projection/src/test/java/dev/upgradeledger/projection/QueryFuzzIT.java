package dev.upgradeledger.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.testsupport.ApiClient;
import dev.upgradeledger.testsupport.LedgerIntegrationTest;
import dev.upgradeledger.testsupport.OpenApiFuzzer;
import dev.upgradeledger.testsupport.ServiceIntegrationTest;
import dev.upgradeledger.testsupport.TestIssuer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Malformed requests generated from the projection's OpenAPI document (bad ids and query values, bodies and content
 * types where none belong, wrong methods and paths): no 5xx, every error problem+json. The admin operations that
 * replace the read models (recovery, rebuilds, snapshots) are left out: they are not queries, and other tests share
 * these read models.
 */
@LedgerIntegrationTest
class QueryFuzzIT extends ServiceIntegrationTest {

    @Test
    void malformedQueriesFromTheOpenApiDocumentAreAnsweredAsProblems() {
        OpenApiFuzzer fuzzer = new OpenApiFuzzer(api.baseUrl(), OpenApiFuzzer.openApiDocument(api));
        List<OpenApiFuzzer.Case> cases = fuzzer.cases(
                Map.of("clusterId", "fz-absent", "upgradeId", "u-1", "id", "fz-1"),
                operation -> !operation.startsWith("GET ") || operation.endsWith("/stream"));
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
    }
}
