package dev.upgradeledger.support.security;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfFilter;

/**
 * The one security setup of every service: an OAuth2 resource server taking JWTs that the configured issuer signed
 * (Spring Boot's {@code spring.security.oauth2.resourceserver.jwt.*}: {@code issuer-uri}, or {@code jwk-set-uri},
 * {@code audiences}; the roles claim and its prefix are set in {@code ledger-defaults.yml}), stateless, and deny by
 * default: health probes and error pages are open, each service's {@link LedgerAccessRules} open its own endpoints
 * to the roles they need, and everything else needs {@code admin:*} (so an admin learns 404 or 405 where nothing is
 * served, and nobody else learns anything). Refusals are answered and audited by
 * {@link SecurityRefusals}.
 */
@AutoConfiguration(beforeName = {
        "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
        "org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableWebSecurity
@EnableConfigurationProperties(LedgerCorsProperties.class)
public class LedgerSecurityConfiguration {

    @Bean
    @ConditionalOnMissingBean
    LedgerAccess ledgerAccess(ObjectProvider<ClusterProducts> products) {
        return new LedgerAccess(products);
    }

    @Bean
    @ConditionalOnMissingBean
    SecurityRefusals securityRefusals(ObjectProvider<MeterRegistry> meters) {
        return new SecurityRefusals(meters);
    }

    @Bean
    @ConditionalOnMissingBean(SecurityFilterChain.class)
    SecurityFilterChain ledgerSecurityFilterChain(HttpSecurity http, LedgerAccess access,
                                                  ObjectProvider<LedgerAccessRules> rules,
                                                  SecurityRefusals refusals,
                                                  LedgerCorsProperties cors) throws Exception {
        List<LedgerAccessRules> ordered = rules.orderedStream().toList();
        if (cors.allowedOrigins().isEmpty()) {
            // No CORS answers at all: browsers refuse every cross-origin call (deny by default).
            http.cors(corsRules -> corsRules.disable());
        } else {
            // Only the configured origins (ledger.cors.allowed-origins) get CORS answers.
            http.cors(corsRules -> corsRules.disable()).addFilterBefore(cors.filter(refusals), CsrfFilter.class);
        }
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .authorizeHttpRequests(requests -> {
                    requests.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                            .requestMatchers("/error").permitAll()
                            .requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**").permitAll()
                            .requestMatchers(HttpMethod.GET, "/actuator/**").access(access.everywhere(Role.VIEWER))
                            .requestMatchers(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs/**").authenticated();
                    ordered.forEach(rule -> rule.configure(requests, access));
                    // Deny by default: what no rule names is for admin:* only (who then sees 404 or 405 where nothing
                    // is served), never for anyone else.
                    requests.anyRequest().access(access.everywhere(Role.ADMIN));
                })
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .bearerTokenResolver(bearerTokens())
                        .authenticationEntryPoint(refusals)
                        .accessDeniedHandler(refusals)
                        .jwt(jwt -> { }))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(refusals)
                        .accessDeniedHandler(refusals));
        return http.build();
    }

    /**
     * The {@code Authorization: Bearer} header; for the live streams also an {@code access_token} query parameter,
     * since a browser's {@code EventSource} cannot send headers.
     */
    private static BearerTokenResolver bearerTokens() {
        DefaultBearerTokenResolver header = new DefaultBearerTokenResolver();
        DefaultBearerTokenResolver headerOrQuery = new DefaultBearerTokenResolver();
        headerOrQuery.setAllowUriQueryParameter(true);
        return (HttpServletRequest request) -> "GET".equals(request.getMethod())
                && request.getRequestURI().endsWith("/stream") ? headerOrQuery.resolve(request)
                : header.resolve(request);
    }
}
