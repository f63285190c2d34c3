package dev.upgradeledger.projection;

import dev.upgradeledger.testsupport.AccessMatrix;
import dev.upgradeledger.testsupport.AccessMatrix.Needs;
import dev.upgradeledger.testsupport.LedgerIntegrationTest;
import dev.upgradeledger.testsupport.ServiceIntegrationTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who may read the projection, on the real service with real signed tokens: every endpoint with every persona. */
@LedgerIntegrationTest
class SecurityIT extends ServiceIntegrationTest {

    private static final String CLUSTER = "secured-cluster";

    /** Endpoints whose every persona is sent: reads that answer at once. */
    private static List<Endpoint> reads() {
        String cluster = "/api/v1/clusters/" + CLUSTER;
        return List.of(
                new Endpoint("GET", "/api/v1/clusters", Needs.VIEWER_OF_ALL),
                new Endpoint("GET", "/api/v1/clusters?product=camunda", Needs.VIEWER_OF_ALL),
                new Endpoint("GET", cluster, Needs.VIEWER_OF_CLUSTER),
                new Endpoint("GET", cluster + "/nodes", Needs.VIEWER_OF_CLUSTER),
                new Endpoint("GET", cluster + "/history", Needs.VIEWER_OF_CLUSTER),
                new Endpoint("GET", cluster + "/upgrades", Needs.VIEWER_OF_CLUSTER),
                new Endpoint("GET", cluster + "/upgrades/u-1", Needs.VIEWER_OF_CLUSTER),
                new Endpoint("GET", cluster + "/state?sequence=0", Needs.VIEWER_OF_CLUSTER),
                new Endpoint("GET", "/api/v1/upgrades/u-1?clusterId=" + CLUSTER, Needs.VIEWER_OF_CLUSTER),
                new Endpoint("GET", "/api/v1/upgrades/u-1", Needs.VIEWER_OF_ALL),
                new Endpoint("GET", "/api/v1/upgrades/u-1/diagnosis?clusterId=" + CLUSTER, Needs.VIEWER_OF_CLUSTER),
                new Endpoint("GET", "/api/v1/upgrades/u-1/diagnosis", Needs.VIEWER_OF_ALL),
                new Endpoint("GET", "/dashboard.html", Needs.NOTHING),
                new Endpoint("GET", "/console/index.html", Needs.NOTHING),
                new Endpoint("GET", "/console/console.js", Needs.NOTHING),
                new Endpoint("GET", "/console/config.json", Needs.NOTHING),
                new Endpoint("GET", "/admin/v1/snapshots", Needs.ADMIN),
                new Endpoint("GET", "/admin/v1/snapshots/none", Needs.ADMIN),
                new Endpoint("GET", "/admin/v1/rebuilds", Needs.ADMIN),
                new Endpoint("GET", "/admin/v1/rebuilds/none", Needs.ADMIN),
                new Endpoint("GET", "/admin/v1/checksum", Needs.ADMIN),
                new Endpoint("GET", "/actuator/health", Needs.NOTHING),
                new Endpoint("GET", "/actuator/prometheus", Needs.VIEWER_OF_ALL),
                new Endpoint("GET", "/v3/api-docs", Needs.ANY_TOKEN));
    }

    /**
     * Endpoints whose refusals alone are sent: streams that an allowed caller would keep open, and admin operations
     * that would replace the read models the other tests of this context read.
     */
    private static List<Endpoint> refusalsOnly() {
        return List.of(
                new Endpoint("GET", "/api/v1/stream", Needs.VIEWER_OF_ALL),
                new Endpoint("GET", "/api/v1/clusters/" + CLUSTER + "/stream", Needs.VIEWER_OF_CLUSTER),
                new Endpoint("POST", "/admin/v1/snapshots", Needs.ADMIN),
                new Endpoint("POST", "/admin/v1/recovery", Needs.ADMIN),
                new Endpoint("POST", "/admin/v1/rebuilds", Needs.ADMIN));
    }

    @Test
    void everyReadIsAnsweredToWhoeverItsRulesNameAndRefusedToEveryoneElse() {
        for (Endpoint endpoint : reads()) {
            AccessMatrix.check(api, CLUSTER, endpoint.method(), endpoint.path(), null, endpoint.needs());
        }
    }

    @Test
    void streamsAndAdminOperationsAreRefusedToWhoeverTheirRulesDoNotName() {
        for (Endpoint endpoint : refusalsOnly()) {
            AccessMatrix.checkRefusals(api, CLUSTER, endpoint.method(), endpoint.path(),
                    endpoint.method().equals("POST") ? "{\"mode\":\"FULL\"}" : null, endpoint.needs());
        }
    }

    private record Endpoint(String method, String path, Needs needs) {
    }
}
