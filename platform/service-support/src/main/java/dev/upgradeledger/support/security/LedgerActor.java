package dev.upgradeledger.support.security;

import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Who a request acts as, from its authenticated token, never from anything else the caller says.
 *
 * @param subject    the token's {@code sub}; for a service acting for a person (a token exchanged per RFC 8693, with
 *                   an {@code act} claim), the acting service's {@code act.sub}
 * @param name       a display name: the token's {@code name}, else {@code preferred_username}, else the subject
 * @param onBehalfOf the person a trusted service acts for (the token's {@code sub} when it has an {@code act}
 *                   claim), or null
 */
public record LedgerActor(String subject, String name, String onBehalfOf) {

    private static final int MAX_LENGTH = 200;

    public LedgerActor {
        subject = clean(subject);
        name = name == null ? subject : clean(name);
        onBehalfOf = onBehalfOf == null ? null : clean(onBehalfOf);
    }

    /** The actor of an authenticated request. */
    public static LedgerActor of(Authentication authentication) {
        if (authentication instanceof JwtAuthenticationToken jwt) {
            Map<String, Object> claims = jwt.getToken().getClaims();
            String subject = jwt.getToken().getSubject();
            String name = text(claims.get("name"));
            if (name == null) {
                name = text(claims.get("preferred_username"));
            }
            if (claims.get("act") instanceof Map<?, ?> act && text(act.get("sub")) != null) {
                return new LedgerActor(text(act.get("sub")), text(act.get("sub")), subject);
            }
            return new LedgerActor(subject, name, null);
        }
        if (authentication == null) {
            throw new IllegalStateException("no authenticated principal");
        }
        return new LedgerActor(authentication.getName(), authentication.getName(), null);
    }

    private static String text(Object value) {
        return value instanceof String text && !text.isBlank() ? text : null;
    }

    /** Claims are the issuer's word, but still bounded and free of control characters before they are stored. */
    private static String clean(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("an actor needs a subject");
        }
        String printable = value.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > MAX_LENGTH ? printable.substring(0, MAX_LENGTH) : printable;
    }
}
