package dev.upgradeledger.support.tracing;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.net.URI;
import java.net.URISyntaxException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.NoopTracerAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingConnectionDetails;
import org.springframework.context.annotation.Bean;

/**
 * The ledger's tracing: {@link LedgerTracing} on whatever tracer Spring Boot set up (OpenTelemetry, or none), and the
 * OTLP endpoint from {@code LEDGER_OTLP_ENDPOINT} unless Boot's own
 * {@code management.opentelemetry.tracing.export.otlp.endpoint} is set (an http(s) URL, checked at start-up). Without
 * either, nothing is exported.
 */
@AutoConfiguration(before = OtlpTracingAutoConfiguration.class, after = {MicrometerTracingAutoConfiguration.class,
        OpenTelemetryTracingAutoConfiguration.class, NoopTracerAutoConfiguration.class})
public class LedgerTracingConfiguration {

    @Bean
    @ConditionalOnMissingBean
    LedgerTracing ledgerTracing(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        return new LedgerTracing(tracer.getIfAvailable(() -> Tracer.NOOP),
                propagator.getIfAvailable(() -> Propagator.NOOP));
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnExpression("'${LEDGER_OTLP_ENDPOINT:}' != '' "
            + "and '${management.opentelemetry.tracing.export.otlp.endpoint:}' == ''")
    OtlpTracingConnectionDetails ledgerOtlpEndpoint(@Value("${LEDGER_OTLP_ENDPOINT}") String endpoint) {
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("LEDGER_OTLP_ENDPOINT is not a URL: " + e.getMessage(), e);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalStateException("LEDGER_OTLP_ENDPOINT must be an http(s) URL such as"
                    + " http://otel-collector:4318/v1/traces, not " + endpoint);
        }
        return transport -> endpoint;
    }
}
