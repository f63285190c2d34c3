package dev.upgradeledger.projection.access;

import dev.upgradeledger.support.security.ClusterProducts;
import dev.upgradeledger.support.security.LedgerAccessRules;
import dev.upgradeledger.support.security.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The projection's access table. A cluster's queries, history, time travel and stream need {@code viewer} on it;
 * a query across clusters needs {@code viewer} on the product it filters by, or on everything (the cluster list, an
 * upgrade looked up without {@code clusterId}, the stream of all clusters, the fleet upgrades' list); one fleet upgrade
 * needs {@code viewer} on every cluster it took (checked by its controller); the admin API needs {@code admin:*}. The
 * console's pages ({@code /console/}, and {@code /dashboard.html} leading there) and their settings hold no data and are
 * open; they ask for a token to read.
 */
@Configuration(proxyBeanMethods = false)
class ProjectionAccess {

    @Bean
    LedgerAccessRules projectionAccessRules() {
        return (requests, access) -> requests
                .requestMatchers(HttpMethod.GET, "/dashboard.html", "/console", "/console/", "/console/**").permitAll()
                .requestMatchers(HttpMethod.GET, "/api/v1/clusters")
                .access(access.onClusterOrProductParameter(Role.VIEWER))
                .requestMatchers(HttpMethod.GET, "/api/v1/clusters/{clusterId}", "/api/v1/clusters/{clusterId}/**")
                .access(access.onCluster(Role.VIEWER))
                .requestMatchers(HttpMethod.GET, "/api/v1/upgrades/{upgradeId}", "/api/v1/upgrades/{upgradeId}/**")
                .access(access.onClusterParameter(Role.VIEWER))
                .requestMatchers(HttpMethod.GET, "/api/v1/fleet-upgrades")
                .access(access.onClusterOrProductParameter(Role.VIEWER))
                .requestMatchers(HttpMethod.GET, "/api/v1/fleet-upgrades/{fleetId}",
                        "/api/v1/fleet-upgrades/{fleetId}/**")
                .access(access.somewhere(Role.VIEWER))
                .requestMatchers(HttpMethod.GET, "/api/v1/stream").access(access.everywhere(Role.VIEWER))
                .requestMatchers("/admin/v1/**").access(access.everywhere(Role.ADMIN));
    }

    /** A cluster's product, from its status row. */
    @Bean
    ClusterProducts clusterProducts(JdbcClient jdbc) {
        return clusterId -> jdbc.sql("select product from cluster_status where cluster_id = ?")
                .param(clusterId).query(String.class).optional();
    }
}
