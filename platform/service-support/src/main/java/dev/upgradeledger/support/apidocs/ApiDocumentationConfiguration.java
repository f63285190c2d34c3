package dev.upgradeledger.support.apidocs;

import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springdoc.core.customizers.GlobalOperationCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/** Completes the OpenAPI document springdoc derives from the controllers, for every group of every service. */
@AutoConfiguration
@ConditionalOnClass(GlobalOpenApiCustomizer.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ApiDocumentationConfiguration {

    @Bean
    GlobalOperationCustomizer ledgerOperationSummaries() {
        return (operation, handlerMethod) -> {
            if (operation.getSummary() == null || operation.getSummary().isBlank()) {
                operation.setSummary(LedgerApiDocument.sentence(handlerMethod.getMethod().getName()));
            }
            return operation;
        };
    }

    @Bean
    GlobalOpenApiCustomizer ledgerApiDocument(Environment environment) {
        LedgerApiDocument document = new LedgerApiDocument(
                environment.getProperty("spring.application.name", "service"),
                environment.getProperty("ledger.api.version", "1.0.0"), tokenUrl(environment));
        return document::complete;
    }

    /**
     * Where a client gets a token with its client credentials: {@code ledger.api.token-url}, by default the issuer's
     * {@code /oauth2/token} (Spring Authorization Server's path, the local stack's issuer).
     */
    static String tokenUrl(Environment environment) {
        String issuer = environment.getProperty("spring.security.oauth2.resourceserver.jwt.issuer-uri",
                "http://127.0.0.1:9000");
        return environment.getProperty("ledger.api.token-url",
                (issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer) + "/oauth2/token");
    }
}
