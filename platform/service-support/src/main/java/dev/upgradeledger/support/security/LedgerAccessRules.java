package dev.upgradeledger.support.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * A service's own table of who may call which of its endpoints. The shared filter chain
 * ({@link LedgerSecurityConfiguration}) asks every such bean, in order, after its own rules (health probes and error
 * pages open) and before its last one: anything no rule names is denied.
 */
@FunctionalInterface
public interface LedgerAccessRules {

    void configure(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests,
                   LedgerAccess access);
}
