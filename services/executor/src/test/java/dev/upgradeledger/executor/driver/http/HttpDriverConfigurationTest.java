package dev.upgradeledger.executor.driver.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The driver's configuration keys under {@code ledger.executor.drivers.http}. */
class HttpDriverConfigurationTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(HttpDriverConfiguration.class, HttpNodeDriver.class);

    @Test
    void bindsEveryKey() {
        context.withPropertyValues(
                        "ledger.executor.drivers.http.scheme=https",
                        "ledger.executor.drivers.http.connect-timeout=500ms",
                        "ledger.executor.drivers.http.request-timeout=30s",
                        "ledger.executor.drivers.http.allowed-addresses[0]=10.0.0.0/24",
                        "ledger.executor.drivers.http.allowed-addresses[1]=agent.camunda-prod.example:7443",
                        "ledger.executor.drivers.http.cluster-endpoints.camunda-prod=agent.camunda-prod.example:7443",
                        "ledger.executor.drivers.http.token-env=LEDGER_AGENT_TOKEN")
                .run(started -> {
                    assertThat(started.getBean(HttpNodeDriver.class).name()).isEqualTo("http");
                    assertThat(started.getBean(HttpDriverProperties.class)).isEqualTo(new HttpDriverProperties(
                            "https", Duration.ofMillis(500), Duration.ofSeconds(30),
                            List.of("10.0.0.0/24", "agent.camunda-prod.example:7443"),
                            Map.of("camunda-prod", "agent.camunda-prod.example:7443"), "LEDGER_AGENT_TOKEN", null));
                });
    }

    @Test
    void defaultsToPlainHttpShortConnectsAndAnEmptyAllowList() {
        context.run(started -> assertThat(started.getBean(HttpDriverProperties.class)).isEqualTo(
                new HttpDriverProperties("http", Duration.ofSeconds(2), Duration.ofSeconds(60), List.of(), Map.of(),
                        null, null)));
    }

    @Test
    void refusesToStartWithAMalformedAllowedAddress() {
        context.withPropertyValues("ledger.executor.drivers.http.allowed-addresses[0]=10.0.0.0/33")
                .run(started -> assertThat(started).getFailure().hasStackTraceContaining("10.0.0.0/33"));
    }

    @Test
    void refusesToStartWithTwoTokenSources() {
        context.withPropertyValues("ledger.executor.drivers.http.token-env=LEDGER_AGENT_TOKEN",
                        "ledger.executor.drivers.http.token-file=/run/secrets/agent-token")
                .run(started -> assertThat(started).getFailure().hasStackTraceContaining("not both"));
    }
}
