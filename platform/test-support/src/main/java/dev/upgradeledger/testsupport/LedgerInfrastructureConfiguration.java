package dev.upgradeledger.testsupport;

import dev.upgradeledger.local.KafkaAccess;
import java.util.List;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * Points a service under test at {@link LedgerInfrastructure} through Spring Boot's connection details, so the
 * application's own configuration is used unchanged, whichever servers the switch chose.
 */
@TestConfiguration(proxyBeanMethods = false)
public class LedgerInfrastructureConfiguration {

    /** The services under test trust {@link TestIssuer}'s tokens, through the same property as in production. */
    @Bean
    static DynamicPropertyRegistrar ledgerTestIssuer() {
        return registry -> registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri",
                () -> TestIssuer.get().issuerUri());
    }

    /** The checks between a fleet's waves ask {@link TestPrometheus}, through the same property as in production. */
    @Bean
    static DynamicPropertyRegistrar ledgerTestPrometheus() {
        return registry -> registry.add("ledger.fleet.checks.prometheus.base-url",
                () -> TestPrometheus.get().baseUrl());
    }

    /**
     * On the secured broker the service under test logs in as its own user of {@code KafkaAccess} (named like the
     * service, {@code spring.application.name}), through the same environment variables as in production.
     */
    @Bean
    static DynamicPropertyRegistrar ledgerKafkaLogin() {
        return registry -> {
            if (LedgerInfrastructure.get().kafkaSecured()) {
                registry.add("LEDGER_KAFKA_SECURITY_PROTOCOL", () -> "SASL_PLAINTEXT");
                registry.add("LEDGER_KAFKA_SASL_MECHANISM", () -> KafkaAccess.MECHANISM);
                registry.add("LEDGER_KAFKA_USERNAME", () -> "${spring.application.name}");
                registry.add("LEDGER_KAFKA_PASSWORD", () -> KafkaAccess.password("${spring.application.name}"));
            }
        };
    }

    @Bean
    JdbcConnectionDetails ledgerJdbcConnectionDetails() {
        LedgerInfrastructure infrastructure = LedgerInfrastructure.get();
        return new JdbcConnectionDetails() {
            @Override
            public String getUsername() {
                return infrastructure.username();
            }

            @Override
            public String getPassword() {
                return infrastructure.password();
            }

            @Override
            public String getJdbcUrl() {
                return infrastructure.jdbcUrl();
            }
        };
    }

    @Bean
    KafkaConnectionDetails ledgerKafkaConnectionDetails() {
        LedgerInfrastructure infrastructure = LedgerInfrastructure.get();
        return () -> List.of(infrastructure.bootstrapServers().split(","));
    }
}
