package dev.upgradeledger.support.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.Transport;

class LedgerTracingConfigurationTest {

    private final LedgerTracingConfiguration configuration = new LedgerTracingConfiguration();

    @Test
    void theLedgerEndpointIsWhereSpansAreExported() {
        assertThat(configuration.ledgerOtlpEndpoint("http://otel-collector:4318/v1/traces").getUrl(Transport.HTTP))
                .isEqualTo("http://otel-collector:4318/v1/traces");
    }

    @ParameterizedTest
    @ValueSource(strings = {"otel-collector:4318", "file:///etc/passwd", "http://", "not a url"})
    void anEndpointThatIsNoHttpUrlStopsTheStart(String endpoint) {
        assertThatThrownBy(() -> configuration.ledgerOtlpEndpoint(endpoint))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("LEDGER_OTLP_ENDPOINT");
    }
}
