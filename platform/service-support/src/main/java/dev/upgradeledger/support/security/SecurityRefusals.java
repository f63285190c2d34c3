package dev.upgradeledger.support.security;

import dev.upgradeledger.support.web.ProblemResponses;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Answers a request refused for want of a valid token (401 {@code unauthenticated}) or of rights (403
 * {@code forbidden}) as problem+json, with Spring Security's {@code WWW-Authenticate: Bearer} header, and audits it:
 * a log line naming who, what and why (logged with the time, as every line) and the counter
 * {@code ledger.security.refusals} by reason. A refused request reaches no handler, so nothing is stored.
 */
public class SecurityRefusals implements AuthenticationEntryPoint, AccessDeniedHandler {

    public static final String UNAUTHENTICATED = "unauthenticated";
    public static final String FORBIDDEN = "forbidden";
    public static final String ORIGIN_NOT_ALLOWED = "origin-not-allowed";

    private static final Logger log = LoggerFactory.getLogger(SecurityRefusals.class);

    private final BearerTokenAuthenticationEntryPoint bearerEntryPoint = new BearerTokenAuthenticationEntryPoint();
    private final BearerTokenAccessDeniedHandler bearerDenied = new BearerTokenAccessDeniedHandler();
    private final ObjectProvider<MeterRegistry> meters;

    public SecurityRefusals(ObjectProvider<MeterRegistry> meters) {
        this.meters = meters;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        bearerEntryPoint.commence(request, response, e);
        audit(UNAUTHENTICATED, request, e.getMessage());
        write(response, HttpStatus.UNAUTHORIZED, UNAUTHENTICATED, "Unauthenticated",
                "A valid bearer token from the configured issuer is required: " + e.getMessage());
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        bearerDenied.handle(request, response, e);
        audit(FORBIDDEN, request, e.getMessage());
        write(response, HttpStatus.FORBIDDEN, FORBIDDEN, "Forbidden", forbiddenDetail(request));
    }

    /** Audits a refusal decided by a handler (the cluster named in a body), which then answers 403 itself. */
    public void refusedByHandler(HttpServletRequest request, AccessDeniedException e) {
        audit(FORBIDDEN, request, e.getMessage());
    }

    /** Answers and audits a cross-origin request from an origin that {@code ledger.cors.allowed-origins} lacks. */
    public void refuseOrigin(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String origin = request.getHeader("Origin");
        audit(ORIGIN_NOT_ALLOWED, request, "origin " + origin);
        write(response, HttpStatus.FORBIDDEN, ORIGIN_NOT_ALLOWED, "Origin not allowed", "Pages of origin "
                + origin + " may not call " + request.getMethod() + " " + request.getRequestURI()
                + " (ledger.cors.allowed-origins)");
    }

    /**
     * Audits a command refused on a Kafka topic (no valid token, or grants that do not allow it), like a refused
     * request: a WARN line and {@code ledger.security.refusals{reason, method="KAFKA"}}.
     */
    public void refusedCommand(String reason, String principal, String topic, String commandType, String why) {
        String who = principal == null ? "anonymous" : principal;
        log.atWarn().addKeyValue("security.refusal", reason).addKeyValue("security.principal", who)
                .log("Refused {} on {} for {} ({}): {}", commandType, topic, who, reason, why);
        MeterRegistry registry = meters.getIfAvailable();
        if (registry != null) {
            registry.counter("ledger.security.refusals", "reason", reason, "method", "KAFKA").increment();
        }
    }

    public static String forbiddenDetail(HttpServletRequest request) {
        return "The token's grants do not allow " + request.getMethod() + " " + request.getRequestURI();
    }

    private void audit(String reason, HttpServletRequest request, String why) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        String who = new AuthenticationTrustResolverImpl().isAuthenticated(authentication)
                ? authentication.getName() : "anonymous";
        log.atWarn().addKeyValue("security.refusal", reason).addKeyValue("security.principal", who)
                .log("Refused {} {} for {} ({}): {}", request.getMethod(), request.getRequestURI(), who, reason, why);
        MeterRegistry registry = meters.getIfAvailable();
        if (registry != null) {
            registry.counter("ledger.security.refusals", "reason", reason, "method", request.getMethod()).increment();
        }
    }

    private static void write(HttpServletResponse response, HttpStatus status, String slug, String title,
                              String detail) throws IOException {
        ProblemResponses.write(response, status, slug, title, detail);
    }
}
