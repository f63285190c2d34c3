package dev.upgradeledger.commandapi.access;

import dev.upgradeledger.events.ClusterRegistered;
import dev.upgradeledger.support.security.ClusterProducts;
import dev.upgradeledger.support.security.LedgerAccessRules;
import dev.upgradeledger.support.security.Role;
import java.util.Optional;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorizationDecision;

/**
 * command-api's access table. Registering needs {@code operator} on the cluster or product named in the body (the
 * controller checks it); every command on a cluster needs {@code operator} on it, except a step outcome, which only
 * the {@code executor} may report; a fleet upgrade's plan needs {@code operator} somewhere and covers only the
 * clusters the caller may operate, and so does starting one (resuming and aborting one: {@code operator} on every
 * cluster it took, checked by the controller); reading the product profiles needs {@code viewer} somewhere, declaring one
 * {@code operator} on the product ({@code product/<name>} or {@code *}); the publisher's admin API needs
 * {@code admin:*}.
 */
@Configuration(proxyBeanMethods = false)
class CommandApiAccess {

    @Bean
    LedgerAccessRules commandApiAccessRules() {
        return (requests, access) -> requests
                .requestMatchers(HttpMethod.POST, "/api/v1/clusters").access(access.somewhere(Role.OPERATOR))
                .requestMatchers(HttpMethod.POST,
                        "/api/v1/clusters/{clusterId}/upgrades/{upgradeId}/steps/{stepId}/outcome")
                .access(access.onCluster(Role.EXECUTOR))
                .requestMatchers(HttpMethod.POST, "/api/v1/clusters/{clusterId}/**")
                .access(access.onCluster(Role.OPERATOR))
                .requestMatchers(HttpMethod.PUT, "/api/v1/clusters/{clusterId}/**")
                .access(access.onCluster(Role.OPERATOR))
                .requestMatchers(HttpMethod.DELETE, "/api/v1/clusters/{clusterId}/**")
                .access(access.onCluster(Role.OPERATOR))
                .requestMatchers(HttpMethod.POST, "/api/v1/fleet-upgrades/plans").access(access.somewhere(Role.OPERATOR))
                .requestMatchers(HttpMethod.POST, "/api/v1/fleet-upgrades", "/api/v1/fleet-upgrades/{fleetId}/resume",
                        "/api/v1/fleet-upgrades/{fleetId}/abort", "/api/v1/fleet-upgrades/{fleetId}/approvals",
                        "/api/v1/fleet-upgrades/{fleetId}/rollback")
                .access(access.somewhere(Role.OPERATOR))
                .requestMatchers(HttpMethod.GET, "/api/v1/products", "/api/v1/products/**")
                .access(access.somewhere(Role.VIEWER))
                .requestMatchers(HttpMethod.PUT, "/api/v1/products/{product}")
                .access((authentication, context) -> new AuthorizationDecision(access.allowsProduct(
                        authentication.get(), Role.OPERATOR, context.getVariables().get("product"))))
                .requestMatchers("/api/v1/admin/**").access(access.everywhere(Role.ADMIN));
    }

    /**
     * A cluster's product, from the first event of its history ({@code ClusterRegistered}; the product never
     * changes). Read only when a principal holds a product grant and no grant on the cluster itself.
     */
    @Bean
    ClusterProducts clusterProducts(@Lazy EventStore events) {
        return clusterId -> {
            try (var stream = events.readEvents(clusterId, 0).asStream()) {
                return stream.findFirst().map(message -> message.getPayload())
                        .filter(ClusterRegistered.class::isInstance)
                        .map(payload -> ((ClusterRegistered) payload).product());
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        };
    }
}
