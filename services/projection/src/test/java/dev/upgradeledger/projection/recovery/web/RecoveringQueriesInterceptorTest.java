package dev.upgradeledger.projection.recovery.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upgradeledger.projection.recovery.RecoveryProblem;
import dev.upgradeledger.projection.recovery.RecoveryWindow;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class RecoveringQueriesInterceptorTest {

    private final RecoveryWindow window = new RecoveryWindow();
    private final RecoveringQueriesInterceptor interceptor = new RecoveringQueriesInterceptor(window);
    private final MockHttpServletResponse response = new MockHttpServletResponse();

    @Test
    void queriesPassWhileNoRecoveryRuns() {
        assertThat(interceptor.preHandle(new MockHttpServletRequest("GET", "/api/v1/clusters"), response, this))
                .isTrue();
    }

    @Test
    void whileARecoveryReplacesTheReadModelsQueriesAreToldToRetry() {
        Supplier<Object> query = () -> interceptor.preHandle(new MockHttpServletRequest("GET", "/api/v1/clusters"),
                response, this);

        assertThatThrownBy(() -> window.restoring(query))
                .isInstanceOfSatisfying(RecoveryProblem.class, problem -> {
                    assertThat(problem.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
                    assertThat(problem.typeSlug()).isEqualTo(RecoveryProblem.READ_MODELS_RECOVERING);
                });
        assertThat(response.getHeader("Retry-After")).isEqualTo("2");
        assertThat(window.restoring()).as("the window closes even when the restore throws").isFalse();
    }
}
