package dev.upgradeledger.projection.recovery.web;

import org.springdoc.core.models.GroupedOpenApi;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Two OpenAPI groups: {@code /v3/api-docs/query} (the query API under /api) and {@code /v3/api-docs/admin} (the admin
 * API under /admin); {@code /v3/api-docs} still holds both.
 */
@Configuration(proxyBeanMethods = false)
class AdminApiDocumentation {

    @Bean
    GroupedOpenApi queryApi() {
        return GroupedOpenApi.builder().group("query").displayName("Projection query API").pathsToMatch("/api/**")
                .build();
    }

    @Bean
    GroupedOpenApi adminApi() {
        return GroupedOpenApi.builder().group("admin").displayName("Projection admin API").pathsToMatch("/admin/**")
                .build();
    }
}
