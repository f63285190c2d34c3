package dev.upgradeledger.executor.access;

import dev.upgradeledger.support.security.LedgerAccessRules;
import dev.upgradeledger.support.security.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * The executor's access table: cursors, steps and the simulated fleet of a cluster need {@code viewer} on it (all
 * clusters' cursors, or steps without {@code clusterId}, on everything); fault injection needs {@code admin:*} and
 * exists only where the dev profile turns the simulated driver on.
 */
@Configuration(proxyBeanMethods = false)
class ExecutorAccess {

    @Bean
    LedgerAccessRules executorAccessRules() {
        return (requests, access) -> requests
                .requestMatchers(HttpMethod.GET, "/api/v1/cursors").access(access.everywhere(Role.VIEWER))
                .requestMatchers(HttpMethod.GET, "/api/v1/cursors/{clusterId}").access(access.onCluster(Role.VIEWER))
                .requestMatchers(HttpMethod.GET, "/api/v1/steps").access(access.onClusterParameter(Role.VIEWER))
                .requestMatchers(HttpMethod.GET, "/api/v1/simulated/clusters/{clusterId}")
                .access(access.onCluster(Role.VIEWER))
                .requestMatchers("/api/v1/simulated/faults").access(access.everywhere(Role.ADMIN));
    }
}
