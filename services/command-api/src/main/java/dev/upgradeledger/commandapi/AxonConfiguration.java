package dev.upgradeledger.commandapi;

import dev.upgradeledger.commandapi.audit.AuditCorrelationDataProvider;
import dev.upgradeledger.support.tracing.LedgerTracing;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.serialization.jackson3.Jackson3SerializerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

@Configuration(proxyBeanMethods = false)
class AxonConfiguration {

    /**
     * Axon stores tokens (a {@code ReplayToken} after a reset) with polymorphic type information; Jackson 3's default
     * validator refuses those types, so allow Axon's and the ledger's own packages, and nothing else.
     */
    @Bean
    Jackson3SerializerCustomizer ledgerPolymorphicTypes() {
        return builder -> builder.polymorphicTypeValidator(BasicPolymorphicTypeValidator.builder()
                .allowIfSubType("org.axonframework.")
                .allowIfSubType("dev.upgradeledger.")
                .build());
    }

    /** Recognises a reused cluster id by PostgreSQL's SQLState; see {@link PostgresDuplicateKeyResolver}. */
    @Bean
    PersistenceExceptionResolver postgresDuplicateKeyResolver() {
        return new PostgresDuplicateKeyResolver();
    }

    /** Replaces Axon's default origin provider: every event carries actor, correlation, causation and trace ids. */
    @Bean
    CorrelationDataProvider auditCorrelationDataProvider(LedgerTracing tracing) {
        return new AuditCorrelationDataProvider(tracing);
    }
}
