package dev.upgradeledger.testsupport;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Base of a {@link LedgerIntegrationTest}: an {@link ApiClient} for the service under test on its random port. */
public abstract class ServiceIntegrationTest {

    @LocalServerPort
    protected int port;

    protected ApiClient api;

    @BeforeEach
    void connectApi() {
        api = new ApiClient("http://127.0.0.1:" + port);
    }
}
