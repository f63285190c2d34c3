package dev.upgradeledger.commandapi.fleet;

import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The check between a fleet's waves: {@link PrometheusWaveCheck} on {@code ledger.fleet.checks.prometheus.base-url}
 * (empty: no check can run, and a fleet with {@code gates.check} is refused) with {@code
 * ledger.fleet.checks.prometheus.timeout} for connecting and for the answer; another {@link WaveCheck} bean replaces it.
 */
@Configuration(proxyBeanMethods = false)
class WaveCheckConfiguration {

    @Bean
    @ConditionalOnMissingBean(WaveCheck.class)
    WaveCheck prometheusWaveCheck(@Value("${ledger.fleet.checks.prometheus.base-url:}") String baseUrl,
                                  @Value("${ledger.fleet.checks.prometheus.timeout:PT10S}") Duration timeout) {
        return new PrometheusWaveCheck(baseUrl, timeout, Clock.systemUTC());
    }
}
