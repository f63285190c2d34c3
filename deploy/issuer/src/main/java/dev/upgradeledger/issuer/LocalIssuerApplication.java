package dev.upgradeledger.issuer;

import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * A real OpenID issuer for the local stack (never for production: its clients and secrets are in its configuration).
 * Its clients get tokens with the client credentials grant; each access token carries the client's ledger grants in
 * the {@code ledger_roles} claim and a display {@code name}, as a production provider would be configured to do.
 */
@SpringBootApplication
@EnableConfigurationProperties(LocalIssuerApplication.Grants.class)
public class LocalIssuerApplication {

    public static void main(String[] args) {
        SpringApplication.run(LocalIssuerApplication.class, args);
    }

    /** @param grants client id to its ledger grants, e.g. {@code ledger-admin: [admin:*]} */
    @ConfigurationProperties("ledger.issuer")
    record Grants(@DefaultValue Map<String, List<String>> grants) {
    }

    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> ledgerGrants(Grants grants) {
        return context -> {
            String client = context.getRegisteredClient().getClientId();
            context.getClaims().claim("ledger_roles", grants.grants().getOrDefault(client, List.of()));
            context.getClaims().claim("name", client);
        };
    }
}
