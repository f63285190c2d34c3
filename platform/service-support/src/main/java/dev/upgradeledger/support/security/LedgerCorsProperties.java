package dev.upgradeledger.support.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * The browser origins allowed to call a service's API from their pages (CORS), {@code ledger.cors.allowed-origins}
 * ({@code LEDGER_CORS_ALLOWED_ORIGINS}, comma-separated): the SRE console is served by the projection and calls
 * command-api from there. None by default: then no cross-origin request is answered with CORS headers, and browsers
 * refuse them. Each origin is {@code http(s)://host[:port]} exactly, no wildcard, path or query; anything else stops the
 * service at start-up. Tokens travel in the {@code Authorization} header, never in cookies: no credentials mode.
 */
@ConfigurationProperties("ledger.cors")
public record LedgerCorsProperties(List<String> allowedOrigins) {

    public LedgerCorsProperties {
        allowedOrigins = allowedOrigins == null ? List.of()
                : allowedOrigins.stream().map(String::strip).filter(origin -> !origin.isEmpty())
                        .map(LedgerCorsProperties::checked).toList();
    }

    /**
     * The filter that answers CORS requests (preflights before authentication, as browsers send them without the
     * token) by the rules of {@link #source()}; a request from another origin is refused 403 {@code origin-not-allowed}
     * as problem+json.
     */
    CorsFilter filter(SecurityRefusals refusals) {
        CorsFilter filter = new CorsFilter(source());
        filter.setCorsProcessor(new DefaultCorsProcessor() {
            @Override
            public boolean processRequest(CorsConfiguration configuration, HttpServletRequest request,
                                          HttpServletResponse response) throws IOException {
                boolean allowed = super.processRequest(configuration, request, response);
                if (!allowed) {
                    refusals.refuseOrigin(request, response);
                }
                return allowed;
            }

            @Override
            protected void rejectRequest(ServerHttpResponse response) {
                // answered as problem+json above
            }
        });
        return filter;
    }

    /** The CORS rules of the API paths. */
    CorsConfigurationSource source() {
        CorsConfiguration api = new CorsConfiguration();
        api.setAllowedOrigins(allowedOrigins);
        api.setAllowedMethods(List.of("GET", "POST", "PUT", "DELETE"));
        api.setAllowedHeaders(List.of("Authorization", "Content-Type", "Accept", "Idempotency-Key",
                "X-Correlation-Id"));
        api.setExposedHeaders(List.of("Location", "Link", "X-Next-After", "X-Correlation-Id"));
        api.setAllowCredentials(false);
        api.setMaxAge(3600L);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/api/**", api);
        return source;
    }

    private static String checked(String origin) {
        try {
            URI uri = new URI(origin);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty()) && uri.getRawQuery() == null
                    && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && bare) {
                return origin;
            }
        } catch (URISyntaxException e) {
            // answered below
        }
        throw new IllegalArgumentException("ledger.cors.allowed-origins: \"" + origin
                + "\" is not an origin (http(s)://host[:port], no wildcard, path or query)");
    }
}
