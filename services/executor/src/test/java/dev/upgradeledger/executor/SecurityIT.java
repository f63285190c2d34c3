package dev.upgradeledger.executor;

import dev.upgradeledger.testsupport.AccessMatrix;
import dev.upgradeledger.testsupport.AccessMatrix.Needs;
import dev.upgradeledger.testsupport.ServiceIntegrationTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who may read the executor and inject faults, on the real service with real signed tokens. */
@ExecutorIntegrationTest
class SecurityIT extends ServiceIntegrationTest {

    private static final String CLUSTER = "secured-cluster";

    @Test
    void everyEndpointAnswersWhoeverItsRulesNameAndRefusesEveryoneElse() {
        String fault = """
                {"clusterId":"%s","nodeId":"engine-1","action":"VERIFY_NODE","mode":"FAIL","times":1,
                 "retryable":false}""".formatted(CLUSTER);
        List<Endpoint> endpoints = List.of(
                new Endpoint("GET", "/api/v1/cursors", null, Needs.VIEWER_OF_ALL),
                new Endpoint("GET", "/api/v1/cursors/" + CLUSTER, null, Needs.VIEWER_OF_CLUSTER),
                new Endpoint("GET", "/api/v1/steps?clusterId=" + CLUSTER, null, Needs.VIEWER_OF_CLUSTER),
                new Endpoint("GET", "/api/v1/steps", null, Needs.VIEWER_OF_ALL),
                new Endpoint("GET", "/api/v1/simulated/clusters/" + CLUSTER, null, Needs.VIEWER_OF_CLUSTER),
                new Endpoint("POST", "/api/v1/simulated/faults", fault, Needs.ADMIN),
                new Endpoint("GET", "/api/v1/simulated/faults", null, Needs.ADMIN),
                new Endpoint("DELETE", "/api/v1/simulated/faults", null, Needs.ADMIN),
                new Endpoint("GET", "/actuator/health", null, Needs.NOTHING),
                new Endpoint("GET", "/actuator/prometheus", null, Needs.VIEWER_OF_ALL),
                new Endpoint("GET", "/v3/api-docs", null, Needs.ANY_TOKEN));
        for (Endpoint endpoint : endpoints) {
            AccessMatrix.check(api, CLUSTER, endpoint.method(), endpoint.path(), endpoint.body(), endpoint.needs());
        }
    }

    private record Endpoint(String method, String path, String body, Needs needs) {
    }
}
