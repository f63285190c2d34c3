package dev.upgradeledger.issuer;

import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * A real OpenID issuer for the local stack (never for production: its clients, users and secrets are in its
 * configuration). Its service clients get tokens with the client credentials grant; people sign in to the SRE console
 * with the authorization code grant and PKCE (the public client {@code ledger-console}, the users of
 * {@code ledger.issuer.users}). Each access token carries the ledger grants of its subject (the client, or the user who
 * signed in) in the {@code ledger_roles} claim and a display {@code name}, as a production provider would be
 * configured to do.
 */
@SpringBootApplication
@EnableConfigurationProperties(LocalIssuerApplication.Settings.class)
public class LocalIssuerApplication {

    public static void main(String[] args) {
        SpringApplication.run(LocalIssuerApplication.class, args);
    }

    /**
     * @param grants         a client id or user name to its ledger grants, e.g. {@code ledger-admin: [admin:*]}
     * @param users          the people who may sign in (console), user name to password
     * @param consoleOrigins the console's origins, allowed to fetch a token (CORS on the token endpoint only)
     */
    @ConfigurationProperties("ledger.issuer")
    record Settings(@DefaultValue Map<String, List<String>> grants, @DefaultValue Map<String, String> users,
                    @DefaultValue List<String> consoleOrigins) {
    }

    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> ledgerGrants(Settings settings) {
        return context -> {
            String subject = AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())
                    ? context.getRegisteredClient().getClientId() : context.getPrincipal().getName();
            context.getClaims().claim("ledger_roles", settings.grants().getOrDefault(subject, List.of()));
            context.getClaims().claim("name", subject);
        };
    }

    @Bean
    InMemoryUserDetailsManager users(Settings settings) {
        return new InMemoryUserDetailsManager(settings.users().entrySet().stream()
                .map(user -> (UserDetails) User.withUsername(user.getKey()).password("{noop}" + user.getValue())
                        .roles("SRE").build())
                .toList());
    }

    /** The console's pages exchange their code for a token from their own origin: the token endpoint answers them. */
    @Bean
    UrlBasedCorsConfigurationSource corsConfigurationSource(Settings settings) {
        CorsConfiguration console = new CorsConfiguration();
        console.setAllowedOrigins(settings.consoleOrigins());
        console.setAllowedMethods(List.of("POST"));
        console.setAllowedHeaders(List.of("Content-Type"));
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/oauth2/token", console);
        return source;
    }
}
